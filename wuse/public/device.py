""""One response per device" for public forms opened without an account.

The device is a long-lived random cookie (``wuse_device``, 256 random bits, HttpOnly, SameSite=Lax, Secure on
HTTPS). What a step stores with a response is a keyed hash of it (``keyed_hash``: HMAC with the installation's
secret, per namespace), never the cookie itself, so the database cannot be matched back to a browser, and two
namespaces never share a hash. It holds against repeats, not against a determined person who clears their
cookies: the per-network rate limit (``wuse.public.ratelimit``) bounds that.
"""

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE = "wuse_device"
MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie (Chrome caps expiry at 400 days)
HASH_LENGTH = 64  # hex digits of the SHA-256 HMAC
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_NAMESPACE = re.compile(r"[a-z][a-z0-9_]{0,30}")


def token_of(request) -> str | None:
    """The device cookie the request carries, if well-formed (anything else counts as none)."""
    value = request.COOKIES.get(COOKIE, "")
    return value if _TOKEN.fullmatch(value) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


def remember(request, response, token: str | None = None) -> str:
    """Set (or refresh) the device cookie on ``response``: ``token``, else the request's, else a new one."""
    token = token or token_of(request) or new_token()
    response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Lax",
                        secure=request.is_secure() or bool(getattr(settings, "SESSION_COOKIE_SECURE", False)))
    return token


def keyed_hash(namespace: str, token: str) -> str:
    """What is stored with a response: an HMAC of the device token under the installation's secret."""
    if not isinstance(namespace, str) or not _NAMESPACE.fullmatch(namespace):
        raise ValueError(f"a device namespace is a short lowercase name, not {namespace!r}")
    return salted_hmac(f"wuse.{namespace}.device", token, algorithm="sha256").hexdigest()
