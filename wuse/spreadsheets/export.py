"""Write .xlsx files that open cleanly in Excel and WPS and never run what users typed.

Text is always written as a string cell (XlsxWriter's ``write_string``: an inline string,
``t="inlineStr"``, never a ``<f>`` element), so nothing becomes a formula or a number in
Excel, WPS or LibreOffice, and the text stays exactly as typed: ``=1+1``, ``+86 138…``,
``-3幢`` and ``@SUM(A1)`` are shown as they are, with no apostrophe added (CWE-1236 is
about cells a spreadsheet evaluates; a string cell is not evaluated). CSV has no cell
types: a CSV export must pass its text through :func:`escape_formula` instead.
Workbooks are written in XlsxWriter's ``constant_memory`` mode: one row in memory at a
time, whatever the length of the export.
"""

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
MAX_CELL_CHARS = 32_767
EXACT_INTEGERS = 10**15  # Excel keeps 15 significant digits; longer whole numbers are written as text
WIDTH_SAMPLE_ROWS = 1000
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "hh:mm"
MONEY_FORMAT = "#,##0.00"
POINTS_FORMAT = "0.0"

_ILLEGAL_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f]")


@dataclass
class Sheet:
    """One worksheet: a header row, then one row per item of ``rows`` (any iterable, read once)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float | None] | None = None


class Money(Decimal):
    """A sum of money for a cell: written as a number and shown with two places and thousands separators
    (``12,000.00``); a plain ``Decimal`` (hours, head-counts) is shown as it is."""

    __slots__ = ()


def money(value) -> Money | None:
    """``value`` (a number, or None) as ``Money`` rounded to the fen, halves up (四舍五入)."""
    return None if value is None else Money(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class Points(Decimal):
    """A score for a cell: written as a number and shown with one decimal (``87.5``, ``90.0``)."""

    __slots__ = ()


def points(value) -> Points | None:
    """``value`` (a number, or None) as ``Points`` rounded to one decimal, halves up."""
    return None if value is None else Points(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class SheetTooLarge(ValueError):
    """More rows than one Excel worksheet holds."""


def escape_formula(value: Any) -> Any:
    """For CSV only (no cell types there): text starting with a formula trigger, prefixed with an apostrophe;
    other values unchanged. An .xlsx export writes string cells instead and keeps the text as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_text(value: str) -> str:
    """The text as written to a string cell: as typed (no apostrophe), one kind of line break, no invisible
    control characters, at most the 32,767 characters a cell holds."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATES.sub("\ufffd", _STRAY_CONTROLS.sub("", text))
    return text[:MAX_CELL_CHARS]


def text_width(text: str) -> int:
    """Width in Excel character units: CJK and other wide characters count two; the widest line counts."""
    return max((_line_width(line) for line in text.split("\n")), default=0)


def _line_width(line: str) -> int:
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


# ---------------------------------------------------------------------------------------------- sheet names


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """``name`` made valid for Excel: ≤ 31 characters, none of ``[]:*?/\\``, unique (ignoring case)."""
    base = _ILLEGAL_SHEET_CHARS.sub("_", str(name)).strip().strip("'").strip() or "Sheet"
    if base.casefold() == "history":  # reserved by Excel
        base += "_"
    taken_folded = {t.casefold() for t in taken}
    candidate, number = _fit(base, ""), 1
    while candidate.casefold() in taken_folded:
        number += 1
        candidate = _fit(base, f" ({number})")
    return candidate


def _fit(base: str, suffix: str, limit: int = 31) -> str:
    """``base`` cut so that ``base + suffix`` is at most ``limit`` UTF-16 units (how Excel counts)."""
    while _utf16_len(base + suffix) > limit:
        base = base[:-1]
    return base.rstrip().rstrip("'") + suffix


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# ---------------------------------------------------------------------------------------------- workbook


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook):
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "valign": "vcenter", "text_wrap": True}
        )
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.time = workbook.add_format({"num_format": TIME_FORMAT})
        self.money = workbook.add_format({"num_format": MONEY_FORMAT})
        self.points = workbook.add_format({"num_format": POINTS_FORMAT})


def write_xlsx(stream: IO[bytes], *, sheets: Sequence[Sheet]) -> None:
    """Write ``sheets`` as one .xlsx workbook to ``stream`` (a binary file or a path)."""
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True})
    try:
        formats = _Formats(workbook)
        taken: list[str] = []
        for sheet in sheets:
            taken.append(sheet_name(sheet.name, taken))
            _write_sheet(workbook.add_worksheet(taken[-1]), sheet, formats)
    finally:
        workbook.close()


def _write_sheet(worksheet: Worksheet, sheet: Sheet, formats: _Formats) -> None:
    headers = [str(header) for header in sheet.headers]
    widths = [text_width(header) for header in headers]
    for col, header in enumerate(headers):
        worksheet.write_string(0, col, export_text(header), formats.header)
    last_row = 0
    for last_row, row in enumerate(sheet.rows, start=1):
        if last_row > MAX_DATA_ROWS:
            raise SheetTooLarge(_("More than %(rows)s rows do not fit in one Excel sheet.") % {"rows": MAX_DATA_ROWS})
        if len(row) > len(headers):
            raise ValueError(f"row {last_row} has {len(row)} cells for {len(headers)} headers")
        for col, value in enumerate(row):
            width = _write_cell(worksheet, last_row, col, value, formats)
            if last_row <= WIDTH_SAMPLE_ROWS:
                widths[col] = max(widths[col], width)
    if headers:
        worksheet.freeze_panes(1, 0)
        worksheet.autofilter(0, 0, last_row, len(headers) - 1)
        _set_widths(worksheet, widths, sheet.widths)


def _set_widths(worksheet: Worksheet, measured: list[int], given: Sequence[float | None] | None) -> None:
    for col, width in enumerate(measured):
        chosen = given[col] if given and col < len(given) else None
        worksheet.set_column(col, col, chosen if chosen is not None else min(max(width + 2, MIN_WIDTH), MAX_WIDTH))


def _write_cell(worksheet: Worksheet, row: int, col: int, value: Any, formats: _Formats) -> int:
    """Write one value with the right cell type; return its display width."""
    if value is None:
        return 0
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
        return 5
    if isinstance(value, Money) and _is_exact_number(value):
        worksheet.write_number(row, col, float(value), formats.money)
        return len(f"{value:,.2f}")
    if isinstance(value, Points) and _is_exact_number(value):
        worksheet.write_number(row, col, float(value), formats.points)
        return len(f"{value:.1f}")
    if isinstance(value, int | float | Decimal) and _is_exact_number(value):
        worksheet.write_number(row, col, float(value) if isinstance(value, Decimal) else value)
        return len(str(value))
    if isinstance(value, datetime):
        worksheet.write_datetime(row, col, _naive(value), formats.datetime)
        return len(DATETIME_FORMAT)
    if isinstance(value, date):
        worksheet.write_datetime(row, col, value, formats.date)
        return len(DATE_FORMAT)
    if isinstance(value, time) and value.tzinfo is None:
        worksheet.write_datetime(row, col, value, formats.time)
        return len(TIME_FORMAT)
    text = export_text(str(value))
    worksheet.write_string(row, col, text)
    return text_width(text) if row <= WIDTH_SAMPLE_ROWS else 0


def _is_exact_number(value: int | float | Decimal) -> bool:
    """Finite, and not a whole number too long for Excel's 15 digits (such as an ID written as a number)."""
    if isinstance(value, int):
        return -EXACT_INTEGERS < value < EXACT_INTEGERS
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value) < EXACT_INTEGERS
    return math.isfinite(value)


def _naive(value: datetime) -> datetime:
    """Excel has no time zones: an aware datetime is written as the local (Asia/Shanghai) wall time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# ---------------------------------------------------------------------------------------------- HTTP


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An attachment response holding the workbook, named ``filename`` in every browser."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets=sheets)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


_SAFE_ASCII_NAME = re.compile(r"[A-Za-z0-9._()\- ]+")


def content_disposition(filename: str) -> str:
    """RFC 6266 ``attachment`` with an ASCII fallback and the UTF-8 name (RFC 5987) for Chinese names."""
    name = _SURROGATES.sub("", _CONTROLS.sub("", re.split(r"[/\\]", str(filename))[-1])).strip(" .")
    stem = name[:-5] if name.lower().endswith(".xlsx") else name
    name = (stem[:100].strip() or "export") + ".xlsx"
    fallback = name if _SAFE_ASCII_NAME.fullmatch(name) else "export.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
