"""Test settings: the embedded defaults, a fast hasher and eager Celery.

``DATABASE_URL``/``REDIS_URL`` from the environment still apply, so CI runs the
same suite on PostgreSQL and Redis.
"""

import os
import re

# pytest-xdist: each worker process gets its own Redis database (the first keeps REDIS_URL's, the next the one
# below it…), as pytest-django gives it its own test database; the Celery worker a test starts inherits it.
_worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
_redis = re.fullmatch(r"(redis://[^/]+)/(\d+)", os.environ.get("REDIS_URL", ""))
if _worker and _redis and int(_worker.group(1)):
    os.environ["REDIS_URL"] = f"{_redis.group(1)}/{int(_redis.group(2)) - int(_worker.group(1))}"

from .base import *  # noqa: E402, F403
from .env import env_bool  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WUSE_REQUIRE_OTP = False
# An app of the tests' own: the workflow kernel and the access reach tested apart from any step.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.kernel_app"]  # noqa: F405
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # Let the test runner TRUNCATE tables between tests (see audit migration 0002).
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = " ".join(filter(None, [_options.get("options", ""), "-c wuse.audit_maintenance=on"]))
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic needed in tests
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every request refreshes the idle clock in tests, so the query-count tests compare like with like; the
# throttle itself is tested with the production value (tests/test_auth.py).
SESSION_REFRESH_SECONDS = 0
WUSE_WIDE_COUNTS_SECONDS = 0  # counts tests compare with the needs just written; the cache has its own test
