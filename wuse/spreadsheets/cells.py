"""Read the messy cell values that Chinese offices type into spreadsheets.

Every function takes the raw value openpyxl gives (``None``, ``str``, ``int``,
``float``, ``bool``, ``datetime``, ``date``, ``time``) and either returns a clean
Python value or raises :class:`CellError`, whose text is a message for the user.
No other exception escapes, whatever the input (fuzzed in the tests).
"""

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

EARLIEST = date(1950, 1, 1)
LATEST = date(2100, 12, 31)

# Excel's 1900 date system: serial 1 is 1900-01-01, and serial 60 is 1900-02-29,
# a day that does not exist (kept for Lotus 1-2-3 compatibility). From serial 61 on,
# day 0 is therefore 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_LEAP_BUG = 60
_PREVIEW = 40  # characters of a bad value quoted back in a message


class CellError(ValueError):
    """A cell value that cannot be read as the expected type; ``str(error)`` is for the user."""


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
    for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:  # C0 and C1 controls
        table[c] = None
    for c in (0x09, 0x0B, 0x0C, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[c] = " "  # tab and the Unicode spaces, U+3000 (ideographic space) included
    for c in (0x0A, 0x0D, 0x85, 0x2028, 0x2029):
        table[c] = "\n"
    for c in (0xAD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF):
        table[c] = None  # zero-width and bidirectional formatting characters, soft hyphen, BOM
    return table


_TABLE = _translation_table()
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(" {2,}")
_LINE_BREAKS = re.compile(" *\n[ \n]*")


def clean_text(value: object) -> str:
    """The value as one tidy line (or lines) of text; ``None`` gives ``""``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return _plain_text(value)
    text = value.replace("\r\n", "\n").translate(_TABLE)
    text = _SURROGATES.sub("", text)
    text = _SPACES.sub(" ", text)
    return _LINE_BREAKS.sub("\n", text).strip(" \n")


def _plain_text(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ", "seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return clean_text(str(value))


def _number_text(value: float | Decimal) -> str:
    """12.0 → "12", 0.1 → "0.1", 1.5e-07 → "0.00000015": what Excel shows in a wide General cell."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            return str(value)
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    except (InvalidOperation, ValueError, OverflowError):
        return str(value)


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _preview(value: object) -> str:
    text = clean_text(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"


# ---------------------------------------------------------------------------------------------- dates

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_FORMS = (
    re.compile(r"(\d{4}) ?([-/.]) ?(\d{1,2}) ?\2 ?(\d{1,2})" + _TIME),  # 2026-3-5, 2026/03/05, 2026.3.5
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),  # 20260305
    re.compile(r"(\d{4})() ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?"),  # 2026年3月5日
)


def parse_date(value: object, *, earliest: date = EARLIEST, latest: date = LATEST) -> date:
    """A date from a date cell, an Excel serial number or text such as 2026-3-5 or 2026年3月5日."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, bool) or value is None:
        raise CellError(_("a date is expected, for example 2026-03-05") if value is None else _not_a_date(value))
    elif isinstance(value, int | float | Decimal):
        day = _date_from_number(value)
    else:
        day = _date_from_text(clean_text(value))
    if not earliest <= day <= latest:
        raise CellError(
            _("%(value)s is outside the accepted dates (%(earliest)s to %(latest)s)")
            % {"value": day.isoformat(), "earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )
    return day


def _not_a_date(value: object) -> str:
    return _("“%(value)s” is not a date; write it as 2026-03-05") % {"value": _preview(value)}


def _date_from_number(value: int | float | Decimal) -> date:
    """An Excel serial number, or a number typed as 20260305 in a General cell."""
    if not _finite(value):
        raise CellError(_not_a_date(value))
    if value == int(value) and 19000101 <= value <= 99991231:
        return _date_from_text(str(int(value)))
    serial = math.floor(value)
    if serial == _EXCEL_LEAP_BUG:
        raise CellError(_("Excel day number 60 is 1900-02-29, a day that does not exist"))
    if not 1 <= serial <= 2958465:  # 9999-12-31
        raise CellError(_not_a_date(value))
    return _EXCEL_EPOCH + timedelta(days=serial + (1 if serial < _EXCEL_LEAP_BUG else 0))


def _date_from_text(text: str) -> date:
    if not text:
        raise CellError(_("a date is expected, for example 2026-03-05"))
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year, _sep, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                raise CellError(_("“%(value)s” is not a real calendar date") % {"value": _preview(text)}) from None
    raise CellError(_not_a_date(text))


# ---------------------------------------------------------------------------------------------- numbers

_INTEGER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")
_MAX_DIGITS = 30  # far above any count in this domain, far below int()'s 4,300-digit limit


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number from 12, 12.0, "12", "１２", "12.0" or "1,200"; never from 12.5 or "abc"."""
    number = _int_from_value(value)
    if minimum is not None and number < minimum:
        raise CellError(_("%(value)s is less than %(minimum)s") % {"value": number, "minimum": minimum})
    if maximum is not None and number > maximum:
        raise CellError(_("%(value)s is more than %(maximum)s") % {"value": number, "maximum": maximum})
    return number


def _int_from_value(value: object) -> int:
    if isinstance(value, bool) or value is None:
        raise CellError(_("a whole number is expected") if value is None else _not_an_int(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if not _finite(value) or value != int(value):
            raise CellError(_not_an_int(value))
        return int(value)
    text = clean_text(value)
    if not text:
        raise CellError(_("a whole number is expected"))
    if len(text) > _MAX_DIGITS or not _INTEGER.fullmatch(text):
        raise CellError(_not_an_int(text))
    return int(text.split(".")[0].replace(",", ""))


def _not_an_int(value: object) -> str:
    return _("“%(value)s” is not a whole number") % {"value": _preview(value)}
