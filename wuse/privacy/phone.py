"""Mainland Chinese phone numbers: mobiles (11 digits) and landlines with an area code.

Canonical forms: ``13812345678`` and ``0571-87654321`` (one dash after the area code).
Area codes are ``010`` and ``02X`` (three characters) or ``0`` + three digits; local
numbers have 7 or 8 digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import to_halfwidth

MOBILE = re.compile(r"1[3-9][0-9]{9}")
_AREA = r"(010|02[0-9]|0[3-9][0-9]{2})"
LANDLINE = re.compile(_AREA + r"-([0-9]{7,8})")
_COUNTRY_CODES = ("+86", "0086", "86")
_SEPARATORS = re.compile(r"[\s\-()]+")
_UNDASHED_LANDLINE = re.compile(_AREA + r"([0-9]{7,8})")
INVALID_MESSAGE = _("Enter an 11-digit mobile number, or a landline number with its area code such as 0571-87654321.")


def _strip_country_code(digits: str) -> str:
    for prefix in _COUNTRY_CODES:
        rest = digits.removeprefix(prefix)
        if rest != digits and MOBILE.fullmatch(rest):
            return rest
    return digits


def normalize_phone(raw: str | None) -> str:
    """Best-effort canonical form; anything unrecognised comes back only cleaned up."""
    if not raw:
        return ""
    cleaned = _SEPARATORS.sub("", to_halfwidth(str(raw)))
    cleaned = _strip_country_code(cleaned)
    if MOBILE.fullmatch(cleaned):
        return cleaned
    landline = _UNDASHED_LANDLINE.fullmatch(cleaned)
    if landline:
        return f"{landline[1]}-{landline[2]}"
    return cleaned


def phone_error(value: str | None) -> str | None:
    """Why ``value`` is not a canonical phone number, or None when it is."""
    value = "" if value is None else str(value)
    if MOBILE.fullmatch(value) or LANDLINE.fullmatch(value):
        return None
    return str(INVALID_MESSAGE)


def validate_phone(value: str) -> None:
    if phone_error(value) is not None:
        raise ValidationError(INVALID_MESSAGE, code="phone")
