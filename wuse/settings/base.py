"""Settings for wuse. Every value comes from the environment, strictly parsed.

The defaults are the embedded set-up used by ``make run``: SQLite under ``var/``
and Celery on kombu's filesystem transport with an in-process worker and beat.
Production (``wuse.settings.production``) requires real values.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab

from .env import env_bool, env_database, env_int, env_list, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("WUSE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "embedded-demo-only-not-secret-3b1f0c7e9a2d4f6b8c0e1a3d5f7b9d1e")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wuse.core",
    "wuse.regions",
    "wuse.accounts",
    "wuse.audit",
    "wuse.workflow",
    "wuse.jobs",
    "wuse.notify",
    "wuse.registry",
    "wuse.registry.people",
    "wuse.registry.organizations",
    "wuse.ledger",
    "wuse.registry.volunteers",
    "wuse.registry.charity",
    "needs",
    "needs.surveys",
    "needs.meetings",
    "projects",
    "projects.delivery",
    "projects.cobuild",
    "projects.micro",
    "projects.calls",
    "evaluation",
    "evaluation.rectification",
    "projects.venture",
    "assessment",
    "assessment.plans",
    "assessment.dashboards",
    "assessment.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wuse.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wuse.accounts.middleware.SessionLifetimeMiddleware",
    "wuse.audit.middleware.AuditContextMiddleware",
    "wuse.accounts.middleware.RequireOTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response (wuse.core.security): the pages load only their own static
# files and run nothing inline (no <script> without src, no on…= handler, no style="…"); data: images are
# Bootstrap's built-in SVG icons. Directive → sources; an empty list is a directive without sources.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "wuse.urls"
WSGI_APPLICATION = "wuse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wuse.core.context_processors.shell",
                "wuse.notify.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wuse.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    # Short queries only: PostgreSQL's JIT compiles a plan it overestimates (hundreds of ms for a 50 ms scan).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(filter(None, [_options.get("options", ""), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wuse.accounts.backends.MembershipsModelBackend",  # ModelBackend reading the memberships with the user
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 30 minutes idle (the cookie is renewed on every request), 8 hours absolute. Read from the cache
# (written through to the database, so nothing is lost when the cache is flushed).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# The idle clock is refreshed at most once a minute (wuse.accounts.middleware), not by a write per request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 8 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout: 5 failures per account lock it for 30 minutes (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
# Per account, not per IP: offices sit behind one NAT address, and locking the address
# would lock out a whole street office after a few typos (hence axes.W006 is silenced).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wuse.accounts.views.locked_out"
AXES_VERBOSE = False

# Second factor (TOTP) for the admin site, the installation duties and city-level accounts.
WUSE_REQUIRE_OTP = env_bool("WUSE_REQUIRE_OTP", False)
OTP_TOTP_ISSUER = "wuse 五社联动"

# Residents' personal data (phone, ID number, sensitive notes) is encrypted at rest (Fernet) and
# looked up through an HMAC blind index. PII_ENCRYPTION_KEYS: Fernet keys, comma-separated, newest
# first (older ones still decrypt: key rotation). Empty = derived from SECRET_KEY, for the
# embedded demo and tests only; production requires both variables.
PII_ENCRYPTION_KEYS = env_list("PII_ENCRYPTION_KEYS", [])
PII_INDEX_KEY = env_str("PII_INDEX_KEY", "")

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Text messages (a voting code) go out as email to <number>@<this domain> through an email-to-SMS gateway;
# the reserved default delivers nowhere, so an installation that takes phone votes must set it.
SMS_EMAIL_DOMAIN = env_str("WUSE_SMS_EMAIL_DOMAIN", "sms.invalid")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wuse@localhost")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file backend (fault tests)

# Celery. REDIS_URL (or CELERY_BROKER_URL) selects a real broker; without it, kombu's
# filesystem transport under var/ lets the in-process worker and beat of `make run` work.
REDIS_URL = env_redis_url("REDIS_URL")
_embedded_broker = str(VAR_DIR / "celery" / "broker")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL) or None  # none needed when embedded
if CELERY_BROKER_URL.startswith("filesystem://"):
    Path(_embedded_broker).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"data_folder_in": _embedded_broker, "data_folder_out": _embedded_broker, "processed_folder": _embedded_broker}
    if CELERY_BROKER_URL.startswith("filesystem://")
    else {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10)}
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
# A worker keeps reconnecting to a broker that went away, however long (the default gives up after 100 tries,
# ~45 minutes); the fault tests saw it back ~16 s after a 60 s Redis outage.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# How often the reminder sweep runs; due dates are whole days, so minutes are plenty.
WUSE_NOTIFY_SWEEP_SECONDS = env_int("WUSE_NOTIFY_SWEEP_SECONDS", 600, minimum=10)
# A reminder batch or an email claimed this long ago and still not done was lost (a killed worker, a broker
# restart): the next sweep publishes it again (idempotent, so a slow one sent twice changes nothing).
WUSE_NOTIFY_STALE_SECONDS = env_int("WUSE_NOTIFY_STALE_SECONDS", 600, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "wuse.core.tasks.heartbeat", "schedule": 60.0},
    # Time-bank and points credits older than their scheme's expiry (only schemes that set one).
    "ledger-expire-due": {"task": "wuse.ledger.tasks.ledger_expire_due", "schedule": crontab(hour=2, minute=30)},
    # Background jobs past their keeping time, with their result files.
    "jobs-purge": {"task": "wuse.jobs.tasks.jobs_purge_task", "schedule": crontab(hour=3, minute=10)},
    # The annual assessment's KPI snapshot of the current year (and in January of the year just ended).
    "assessment-rollup": {"task": "assessment.tasks.rollup_nightly", "schedule": crontab(hour=1, minute=40)},
    # Reminders: what the rules find due, inserted once per key and sent (wuse/notify); the daily digest.
    "notify-sweep": {"task": "wuse.notify.tasks.notify_sweep", "schedule": float(WUSE_NOTIFY_SWEEP_SECONDS)},
    "notify-digest": {"task": "wuse.notify.tasks.notify_digest", "schedule": crontab(hour=8, minute=0)},
}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "wuse.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:  # embedded: a file cache, shared by the web process and the in-process Celery worker
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

WUSE_DEMO = env_bool("WUSE_DEMO", False)
# How long the needs counts of a district and wider (summed over its streets) are reused; a street's are live.
WUSE_WIDE_COUNTS_SECONDS = env_int("WUSE_WIDE_COUNTS_SECONDS", 60, minimum=0)
# The address residents reach the site at (printed in survey QR codes); empty = the request's own host.
WUSE_PUBLIC_BASE_URL = env_str("WUSE_PUBLIC_BASE_URL", "")
# Public survey answers per client address per survey per hour (offices and mobile networks share addresses).
SURVEY_PUBLIC_LIMIT_PER_HOUR = env_int("SURVEY_PUBLIC_LIMIT_PER_HOUR", 20, minimum=1)
