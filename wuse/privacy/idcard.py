"""Chinese resident ID numbers (公民身份号码, GB 11643-1999): 18 characters.

Positions 1–6 are the region, 7–14 the date of birth (YYYYMMDD), 15–17 a sequence
number and 18 the check character (ISO 7064 MOD 11-2, a digit or X).

Messages never repeat the number itself, so they are safe to log (RELIABILITY D5).
Validation is strict: it checks the canonical form, so call ``normalize_id_number``
on user input first.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import remove_spaces, to_halfwidth

LENGTH = 18
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_MAP = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900

_DIGITS = re.compile(r"[0-9]+")
_CHECK = re.compile(r"[0-9X]")


def normalize_id_number(raw: str | None) -> str:
    """Half-width, no whitespace anywhere, a final ``x`` upper-cased."""
    if not raw:
        return ""
    return remove_spaces(to_halfwidth(str(raw))).replace("x", "X")


def check_character(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    if len(first17) != LENGTH - 1 or not _DIGITS.fullmatch(first17):
        raise ValueError("check_character() needs exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_MAP[total % 11]


def _parse_birth_date(id_number: str) -> dt.date | None:
    part = id_number[6:14]
    if not _DIGITS.fullmatch(part):
        return None
    try:
        return dt.date(int(part[:4]), int(part[4:6]), int(part[6:8]))
    except ValueError:
        return None


def birth_date(id_number: str) -> dt.date:
    """The date of birth in positions 7–14; ValueError when they are not a date."""
    born = _parse_birth_date(normalize_id_number(id_number))
    if born is None:
        raise ValueError("positions 7–14 of this ID number are not a date")
    return born


def _problem(value: str) -> tuple[str, str] | None:
    """``(code, message)`` for the first thing wrong with ``value``, or None."""
    if len(value) != LENGTH:
        return "length", _("An ID number has 18 characters; this one has %(count)d.") % {"count": len(value)}
    if not _DIGITS.fullmatch(value[:17]):
        return "digits", _("The first 17 characters of an ID number must be digits 0–9.")
    if not _CHECK.fullmatch(value[17]):
        return "last_character", _("The last character of an ID number must be a digit 0–9 or X.")
    born = _parse_birth_date(value)
    if born is None or born.year < EARLIEST_BIRTH_YEAR or born > timezone.localdate():
        return "birth_date", _(
            "Characters 7 to 14 of an ID number must be a real date of birth (YYYYMMDD) from 1900 to today."
        )
    if check_character(value[:17]) != value[17]:
        return "checksum", _(
            "The last character of this ID number does not match the others; please check each digit for a typo."
        )
    return None


def id_number_error(value: str | None) -> str | None:
    """Why ``value`` is not a valid (normalized) ID number, or None when it is."""
    problem = _problem("" if value is None else str(value))
    return None if problem is None else str(problem[1])


def validate_id_number(value: str) -> None:
    """Django validator: raises ``ValidationError`` with a code from ``_problem``."""
    problem = _problem("" if value is None else str(value))
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=f"id_number_{code}")
