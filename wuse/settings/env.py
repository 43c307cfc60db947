"""Strict parsing of environment variables.

Every variable the settings read goes through one of these helpers, so a bad
value stops the process at start with a message naming the variable, and
``KNOWN`` lists every name the settings understand (docker-compose is checked
against it).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

KNOWN: set[str] = set()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    KNOWN.add(name)
    return os.environ.get(name)


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value.strip() == "":  # an empty value means "use the default", never False
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        # Unset and empty mean the same, as for env_str and env_int (docker-compose
        # passes ``${VAR:-}`` through as an empty string).
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item; separate values with single commas.")
    return items


_DB_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url: str, *, name: str = "DATABASE_URL") -> dict:
    """Turn ``postgres://user:pass@host:port/db`` or ``sqlite:///path`` into a DATABASES entry."""
    parts = urlsplit(url)
    engine = _DB_ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"{name}={url!r}: unsupported scheme {parts.scheme!r}; use postgres:// or sqlite:///."
        )
    if engine.endswith("sqlite3"):
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured(f"{name}={url!r}: no database file path given.")
        return {"ENGINE": engine, "NAME": path}
    db_name = unquote(parts.path.lstrip("/"))
    if not db_name:
        raise ImproperlyConfigured(f"{name}={url!r}: no database name given after the host.")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={url!r}: the port is not a number.") from None
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": engine,
        "NAME": db_name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def env_database(name: str, default: str) -> dict:
    return parse_database_url(env_str(name, default), name=name)


def env_redis_url(name: str, default: str | None = None) -> str:
    value = env_str(name, default or "")
    if value and urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"{name}={value!r} is not a redis:// URL.")
    return value
