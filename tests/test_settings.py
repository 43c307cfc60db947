"""The strict environment parsing (wuse/settings/env.py) and the production settings.

The production tests run ``manage.py`` in a subprocess with an environment built from a
copy of ``os.environ`` from which every variable the settings read has been removed, so
the DATABASE_URL/REDIS_URL that CI exports for the suite cannot leak in.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wuse.settings import env
from wuse.settings.env import env_bool, env_int, env_list, env_redis_url, env_str, parse_database_url

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "wuse" / "settings"

# 60 characters, many distinct ones: passes production's SECRET_KEY rule and check --deploy.
GOOD_SECRET_KEY = "k7Qz-2vN9xLp4TrW8mYc1HbF6sJd3GaE0uKo5iZ-qX7wVn2Rt9PyB4eM6hDf8S"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "wuse.settings.production",
    "SECRET_KEY": GOOD_SECRET_KEY,
    "DATABASE_URL": "postgres://u:p@db.example:5432/wuse",
    "REDIS_URL": "redis://cache.example:6379/0",
    "ALLOWED_HOSTS": "wuse.example.gov.cn",
    "PII_ENCRYPTION_KEYS": "LC6FD5j8AyPtS0cLGwUjYBH7pzeVsFdiiCngjUDv2C8=",
    "PII_INDEX_KEY": "index-key-0123456789-abcdefghij-ABCDEFGHIJ",
}


SQLITE_IN_TMP = "sqlite:///<tmp_path>/x.sqlite3"  # replaced per test, so base.py creates nothing in the repo


def settings_variable_names() -> set[str]:
    """Every environment variable any settings module may read (base, test, production)."""
    settings.INSTALLED_APPS  # noqa: B018 - make sure the settings (and so base.py) are loaded
    names = set(env.KNOWN)
    for path in SETTINGS_DIR.glob("*.py"):
        names.update(re.findall(r"env_\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text(encoding="utf-8")))
    return names


def clean_env(overrides: dict[str, str], *, drop: tuple[str, ...] = ()) -> dict[str, str]:
    """os.environ without any settings or DJANGO_* variable, plus ``overrides``, minus ``drop``.

    DJANGO_* goes too: conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which
    check --deploy rightly reports (async.E001) and a deployment never sets.
    """
    unwanted = settings_variable_names()
    result = {key: value for key, value in os.environ.items() if key not in unwanted and not key.startswith("DJANGO_")}
    result.update(overrides)
    for name in drop:
        result.pop(name, None)
    return result


def run_manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(autouse=True)
def _keep_known_clean():
    """The helpers record every name they read; don't let the test names stay in KNOWN."""
    before = set(env.KNOWN)
    yield
    env.KNOWN.clear()
    env.KNOWN.update(before)


# --- env_str -------------------------------------------------------------------------------


def test_env_str_returns_the_value_or_the_default(monkeypatch):
    monkeypatch.setenv("WUSE_T_STR", "hello")
    monkeypatch.delenv("WUSE_T_MISSING", raising=False)
    assert env_str("WUSE_T_STR", "x") == "hello"
    assert env_str("WUSE_T_MISSING", "fallback") == "fallback"


@pytest.mark.parametrize("value", [None, ""])
def test_env_str_required_names_the_variable_when_missing_or_empty(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("WUSE_T_REQUIRED", raising=False)
    else:
        monkeypatch.setenv("WUSE_T_REQUIRED", value)
    with pytest.raises(ImproperlyConfigured, match="WUSE_T_REQUIRED is required"):
        env_str("WUSE_T_REQUIRED", required=True)


def test_it_records_every_name_read_in_known(monkeypatch):
    monkeypatch.delenv("WUSE_T_RECORDED", raising=False)
    env_int("WUSE_T_RECORDED", 3)
    assert "WUSE_T_RECORDED" in env.KNOWN


# --- env_bool ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("yes", True),
        ("on", True),
        ("TRUE", True),
        (" Yes ", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("OFF", False),
    ],
)
def test_env_bool_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("WUSE_T_FLAG", raw)
    assert env_bool("WUSE_T_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_gives_the_default(monkeypatch, default):
    monkeypatch.delenv("WUSE_T_FLAG", raising=False)
    assert env_bool("WUSE_T_FLAG", default) is default


@pytest.mark.parametrize("raw", ["", "   "])
def test_env_bool_empty_gives_the_default_never_false(monkeypatch, raw):
    """WUSE_REQUIRE_OTP= must not silently switch the second factor off."""
    monkeypatch.setenv("WUSE_T_FLAG", raw)
    assert env_bool("WUSE_T_FLAG", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "y e s", "enabled"])
def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("WUSE_T_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=r"WUSE_T_FLAG=.*is not a boolean"):
        env_bool("WUSE_T_FLAG", False)


# --- env_int -------------------------------------------------------------------------------


def test_env_int_parses_and_strips(monkeypatch):
    monkeypatch.setenv("WUSE_T_INT", " 42 ")
    assert env_int("WUSE_T_INT", 7) == 42


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_unset_or_blank_gives_the_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("WUSE_T_INT", raising=False)
    else:
        monkeypatch.setenv("WUSE_T_INT", raw)
    assert env_int("WUSE_T_INT", 7) == 7


@pytest.mark.parametrize("raw", ["abc", "4.5", "1e3", "0x10"])
def test_env_int_rejects_non_integers_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("WUSE_T_INT", raw)
    with pytest.raises(ImproperlyConfigured, match=r"WUSE_T_INT=.*is not an integer"):
        env_int("WUSE_T_INT", 7)


def test_env_int_rejects_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("WUSE_T_INT", "59")
    with pytest.raises(ImproperlyConfigured, match=r"WUSE_T_INT=59 is below the minimum 60"):
        env_int("WUSE_T_INT", 600, minimum=60)


def test_env_int_accepts_the_minimum_itself(monkeypatch):
    monkeypatch.setenv("WUSE_T_INT", "0")
    assert env_int("WUSE_T_INT", 60, minimum=0) == 0


# --- env_list ------------------------------------------------------------------------------


def test_env_list_splits_on_commas_and_strips(monkeypatch):
    monkeypatch.setenv("WUSE_T_LIST", "a.example, b.example ,c.example")
    assert env_list("WUSE_T_LIST", []) == ["a.example", "b.example", "c.example"]


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_list_unset_or_empty_gives_a_copy_of_the_default(monkeypatch, raw):
    # Empty means unset, as for env_str/env_int: docker-compose passes ``${VAR:-}`` as "".
    if raw is None:
        monkeypatch.delenv("WUSE_T_LIST", raising=False)
    else:
        monkeypatch.setenv("WUSE_T_LIST", raw)
    default = ["localhost"]
    result = env_list("WUSE_T_LIST", default)
    assert result == ["localhost"]
    result.append("other")
    assert default == ["localhost"]


@pytest.mark.parametrize("raw", ["a,,b", "a,", ",a", "a, ,b"])
def test_env_list_rejects_empty_items_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("WUSE_T_LIST", raw)
    with pytest.raises(ImproperlyConfigured, match=r"WUSE_T_LIST=.*has an empty item"):
        env_list("WUSE_T_LIST", [])


# --- parse_database_url --------------------------------------------------------------------


def test_parse_database_url_postgres_with_every_part():
    config = parse_database_url("postgres://wuse_user:s3cret@db.internal:6543/wuse_prod")
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "wuse_prod",
        "USER": "wuse_user",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": "6543",
        "OPTIONS": {},
    }


def test_parse_database_url_decodes_a_percent_encoded_password():
    config = parse_database_url("postgres://wuse:p%40ss%3Aw%2Frd%25@db:5432/wuse")
    assert config["PASSWORD"] == "p@ss:w/rd%"
    assert config["HOST"] == "db"
    assert config["NAME"] == "wuse"


def test_parse_database_url_postgresql_scheme_defaults_and_query_options():
    config = parse_database_url("postgresql://db.internal/wuse?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["PORT"] == ""
    assert config["USER"] == ""
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_parse_database_url_sqlite_relative_path():
    assert parse_database_url("sqlite:///var/x.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "var/x.sqlite3",
    }


def test_parse_database_url_sqlite_absolute_path():
    assert parse_database_url("sqlite:////tmp/x.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/tmp/x.sqlite3",
    }


def test_parse_database_url_sqlite_without_a_path_is_an_error():
    with pytest.raises(ImproperlyConfigured, match="no database file path"):
        parse_database_url("sqlite:///")


@pytest.mark.parametrize("url", ["mysql://u:p@h:3306/db", "http://h/db", "db.internal/wuse"])
def test_parse_database_url_rejects_unknown_schemes(url):
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL=.*unsupported scheme"):
        parse_database_url(url)


@pytest.mark.parametrize("url", ["postgres://u:p@h:5432", "postgres://u:p@h:5432/"])
def test_parse_database_url_requires_a_database_name(url):
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL=.*no database name"):
        parse_database_url(url)


def test_parse_database_url_rejects_a_non_numeric_port():
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL=.*port is not a number"):
        parse_database_url("postgres://u:p@h:abc/wuse")


def test_parse_database_url_names_the_variable_it_was_given():
    with pytest.raises(ImproperlyConfigured, match=r"^REPLICA_URL="):
        parse_database_url("oracle://h/db", name="REPLICA_URL")


# --- env_redis_url -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["redis://cache:6379/0", "rediss://:pw@cache:6380/1", "unix:///run/redis.sock"])
def test_env_redis_url_accepts_redis_urls(monkeypatch, url):
    monkeypatch.setenv("WUSE_T_REDIS", url)
    assert env_redis_url("WUSE_T_REDIS") == url


@pytest.mark.parametrize("url", ["http://cache:6379/0", "cache:6379", "amqp://guest@rabbit//"])
def test_env_redis_url_rejects_other_urls_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("WUSE_T_REDIS", url)
    with pytest.raises(ImproperlyConfigured, match=r"WUSE_T_REDIS=.*is not a redis:// URL"):
        env_redis_url("WUSE_T_REDIS")


def test_env_redis_url_unset_is_empty(monkeypatch):
    monkeypatch.delenv("WUSE_T_REDIS", raising=False)
    assert env_redis_url("WUSE_T_REDIS") == ""


# --- production settings (subprocesses) ----------------------------------------------------


def test_clean_env_drops_the_services_ci_exports(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ci@127.0.0.1/test")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "0")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    environment = clean_env({"SECRET_KEY": GOOD_SECRET_KEY})
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in environment
    assert "DATABASE_URL" not in environment
    assert "REDIS_URL" not in environment
    assert "SECURE_SSL_REDIRECT" not in environment
    assert environment["SECRET_KEY"] == GOOD_SECRET_KEY
    assert environment["PATH"] == os.environ["PATH"]


def test_production_passes_check_deploy():
    # db.example and cache.example do not resolve: passing also shows the deploy checks
    # never open a database or Redis connection.
    result = run_manage(clean_env(PRODUCTION_ENV), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_settings_values():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'OTP': s.WUSE_REQUIRE_OTP, 'SSL': s.SECURE_SSL_REDIRECT,"
        " 'HSTS': s.SECURE_HSTS_SECONDS, 'ENGINE': s.DATABASES['default']['ENGINE'],"
        " 'HOST': s.DATABASES['default']['HOST'], 'BROKER': s.CELERY_BROKER_URL,"
        " 'CACHE': s.CACHES['default']['BACKEND'], 'HOSTS': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env({**PRODUCTION_ENV, "DEBUG": "true"}),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,  # forced off even when DEBUG=true is exported
        "OTP": True,
        "SSL": True,
        "HSTS": 31536000,
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example",
        "BROKER": "redis://cache.example:6379/0",
        "CACHE": "wuse.core.cache.RedisCache",
        "HOSTS": ["wuse.example.gov.cn"],
    }


@pytest.mark.parametrize(
    ("overrides", "drop", "message"),
    [
        pytest.param({}, ("SECRET_KEY",), "SECRET_KEY is required", id="no-secret-key"),
        pytest.param({"SECRET_KEY": ""}, (), "SECRET_KEY is required", id="empty-secret-key"),
        pytest.param({"SECRET_KEY": "too-short-0123456789"}, (), "at least 50 characters", id="short-secret-key"),
        pytest.param({"SECRET_KEY": "ab" * 40}, (), "5 distinct characters", id="repetitive-secret-key"),
        pytest.param({"DATABASE_URL": SQLITE_IN_TMP}, (), "SQLite is for the embedded demo", id="sqlite-database"),
        pytest.param({}, ("DATABASE_URL",), "SQLite is for the embedded demo", id="no-database-url"),
        pytest.param({}, ("REDIS_URL",), "Production needs REDIS_URL", id="no-redis-url"),
        pytest.param({"REDIS_URL": "http://cache.example:6379/0"}, (), "not a redis:// URL", id="http-redis-url"),
        pytest.param({"DEBUG": "maybe"}, (), "DEBUG='maybe' is not a boolean", id="debug-maybe"),
        pytest.param({}, ("PII_ENCRYPTION_KEYS",), "Production needs PII_ENCRYPTION_KEYS", id="no-pii-keys"),
        pytest.param({"PII_INDEX_KEY": "short"}, (), "PII_INDEX_KEY (32+", id="short-index-key"),
        pytest.param({"PII_ENCRYPTION_KEYS": "not-a-fernet-key"}, (), "not a Fernet key", id="bad-fernet-key"),
        pytest.param({"SECURE_HSTS_SECONDS": "-1"}, (), "SECURE_HSTS_SECONDS=-1 is below", id="negative-hsts"),
    ],
)
def test_production_refuses_to_start(tmp_path, overrides, drop, message):
    if overrides.get("DATABASE_URL") is SQLITE_IN_TMP:
        overrides = {**overrides, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = run_manage(clean_env({**PRODUCTION_ENV, **overrides}, drop=drop), "check", "--deploy")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    assert "no issues" not in result.stdout


def test_every_beat_entry_names_a_task_the_worker_knows():
    from django.conf import settings

    from wuse.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, (name, entry["task"])


@pytest.mark.parametrize(("worker", "expected"), [("gw0", "redis://127.0.0.1:6379/15"),
                                                  ("gw1", "redis://127.0.0.1:6379/14"), ("", "redis://127.0.0.1:6379/15")])
def test_each_test_process_gets_its_own_redis_database(worker, expected):
    """pytest-xdist's second process uses the Redis database below REDIS_URL's (the Celery worker a test starts
    inherits it), so two processes never flush or read each other's cache and queue."""
    code = ("import json; from django.conf import settings as s; import os;"
            " print(json.dumps([s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL, os.environ['REDIS_URL']]))")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180,
        env=clean_env({"DJANGO_SETTINGS_MODULE": "wuse.settings.test", "REDIS_URL": "redis://127.0.0.1:6379/15",
                       "PYTEST_XDIST_WORKER": worker}),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [expected] * 3
