"""How many submissions one network address may send to one public form per hour.

Counted in Django's cache (Redis in production), keyed by the caller's *namespace* (which kind of public form:
``"surveys"``…), the form's id and a keyed hash of the client address, so the cache never holds addresses in
clear. Offices and mobile networks put many people behind one address: the default limit is a setting,
``SURVEY_PUBLIC_LIMIT_PER_HOUR`` (default 20); a caller may pass its own.

The keys are ``wuse:<namespace>:rate:<form>:<client>`` and ``wuse:<namespace>:nonce:<form>:<nonce>``.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 3600
NONCE_SECONDS = 6 * WINDOW_SECONDS
_NAMESPACE = re.compile(r"[a-z][a-z0-9_]{0,30}")


def limit() -> int:
    """The default number of submissions per address, form and hour."""
    return int(settings.SURVEY_PUBLIC_LIMIT_PER_HOUR)


def _checked(namespace: str) -> str:
    if not isinstance(namespace, str) or not _NAMESPACE.fullmatch(namespace):
        raise ValueError(f"a rate-limit namespace is a short lowercase name, not {namespace!r}")
    return namespace


def _key(namespace: str, scope, ip: str | None) -> str:
    namespace = _checked(namespace)
    client = salted_hmac(f"wuse.{namespace}.ratelimit", ip or "unknown").hexdigest()[:32]
    return f"wuse:{namespace}:rate:{scope}:{client}"


def exceeded(namespace: str, scope, ip: str | None, *, per_hour: int | None = None) -> bool:
    """Whether ``ip`` has used up its submissions to form ``scope`` of ``namespace`` in this hour."""
    return (cache.get(_key(namespace, scope, ip)) or 0) >= (limit() if per_hour is None else per_hour)


def count(namespace: str, scope, ip: str | None) -> None:
    """Count one submission (the window starts with the first one and lasts an hour)."""
    key = _key(namespace, scope, ip)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def _nonce_key(namespace: str, scope, nonce: str) -> str:
    return f"wuse:{_checked(namespace)}:nonce:{scope}:{nonce[:64]}"


def first_submission(namespace: str, scope, nonce: str) -> bool:
    """True the first time a form's nonce is seen: a double-tapped submit is saved once."""
    return cache.add(_nonce_key(namespace, scope, nonce), 1, NONCE_SECONDS)


def forget_submission(namespace: str, scope, nonce: str) -> None:
    """Let the nonce be used again (the submit it came with was refused)."""
    if nonce:
        cache.delete(_nonce_key(namespace, scope, nonce))
