"""Encryption at rest (Fernet) and blind indexes (HMAC-SHA256) for residents' personal data.

``settings.PII_ENCRYPTION_KEYS`` lists Fernet keys newest first: the first encrypts,
any of them decrypts, so a new key goes in front and the old one stays until every
token is re-encrypted with ``rotate``. ``settings.PII_INDEX_KEY`` keys the blind index.
When either is empty, a key is derived from ``SECRET_KEY`` (embedded demo and tests
only; production settings refuse to start without both).

Derived objects are cached on the settings values themselves, so ``override_settings``
takes effect at once and nothing needs clearing.
"""

import base64
import hashlib
import hmac
from collections.abc import Callable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .idcard import normalize_id_number
from .phone import normalize_phone
from .text import squeeze_spaces, to_halfwidth

ENCRYPTION_INFO = b"wuse-pii-v1"
INDEX_INFO = b"wuse-pii-index-v1"

# Blind-index purposes with their own normalizer; any other purpose gets ``_normalize_text``.
ID_NUMBER = "id_number"
PHONE = "phone"


class DecryptionError(ValueError):
    """A token that none of the configured keys opens (or that is not a token at all)."""


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(secret, ENCRYPTION_INFO)))])
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "PII_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64 bytes)."
        ) from None


@lru_cache(maxsize=8)
def _index_key(index_key: str, secret: str) -> bytes:
    return index_key.encode() if index_key else _derive(secret, INDEX_INFO)


def _fernet() -> MultiFernet:
    return _multifernet(tuple(settings.PII_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(plaintext: str) -> str:
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt() takes a str, not {type(plaintext).__name__}")
    return _fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode() if isinstance(token, str) else token).decode()
    except (InvalidToken, TypeError, UnicodeError):
        raise DecryptionError(
            "No key in PII_ENCRYPTION_KEYS opens this value: was the key that encrypted it removed "
            "(or SECRET_KEY changed while PII_ENCRYPTION_KEYS is empty)?"
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the newest key (for re-keying stored rows)."""
    try:
        return _fernet().rotate(token.encode()).decode("ascii")
    except InvalidToken:
        raise DecryptionError("No key in PII_ENCRYPTION_KEYS opens this value; it cannot be rotated.") from None


def _normalize_text(value: str) -> str:
    return squeeze_spaces(to_halfwidth(value))


NORMALIZERS: dict[str, Callable[[str], str]] = {ID_NUMBER: normalize_id_number, PHONE: normalize_phone}


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of the normalized ``value``, under a key of its own for each ``purpose``.

    Store it in an indexed column next to the encrypted one and filter on
    ``blind_index(search_term, purpose=…)``: equal values give equal indexes, and the
    same digits as a phone and as an ID number give different ones.
    """
    if not purpose:
        raise ValueError("blind_index() needs a purpose, e.g. purpose='phone'")
    normalized = NORMALIZERS.get(purpose, _normalize_text)(value)
    key = _index_key(settings.PII_INDEX_KEY, settings.SECRET_KEY)
    purpose_key = hmac.new(key, b"wuse-blind-index:" + purpose.encode(), hashlib.sha256).digest()
    return hmac.new(purpose_key, normalized.encode(), hashlib.sha256).hexdigest()
