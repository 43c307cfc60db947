"""Blank import templates: the header row, dropdown lists, required marks and notes.

A column with ``choices`` gets an Excel list validation over rows 2–20001. Short
lists are written into the validation itself; a list longer than Excel's 255
characters (or one whose items hold a comma or a quote) goes on a hidden sheet
that the validation refers to.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .export import sheet_name as valid_sheet_name
from .export import text_width

TEMPLATE_ROWS = 20_000  # data rows 2..20001 get the dropdowns
INLINE_LIST_LIMIT = 255  # characters of "a,b,c" Excel accepts inside a validation
REQUIRED_MARK = "*"
MIN_WIDTH, MAX_WIDTH = 10, 40


@dataclass(frozen=True)
class Column:
    """One template column. ``text=True`` formats it as text, so ID-card and phone numbers keep every digit."""

    header: str
    width: float | None = None
    choices: Sequence[str] | None = None
    required: bool = False
    note: str | None = None
    text: bool = False


class _ChoiceLists:
    """The hidden sheet holding long choice lists, one column per list, created on first use."""

    def __init__(self, workbook: Workbook, taken: list[str]):
        self.workbook = workbook
        self.taken = taken
        self.worksheet: Worksheet | None = None
        self.columns = 0

    def reference(self, choices: list[str]) -> str:
        if self.worksheet is None:
            name = valid_sheet_name(_("Dropdown lists"), self.taken)
            self.worksheet = self.workbook.add_worksheet(name)
            self.worksheet.hide()
        col = self.columns
        self.columns += 1
        for row, choice in enumerate(choices):
            self.worksheet.write_string(row, col, choice)
        quoted = "'" + self.worksheet.name.replace("'", "''") + "'"
        letter = xl_col_to_name(col)
        return f"={quoted}!${letter}$1:${letter}${len(choices)}"


def template_xlsx(stream: IO[bytes], *, sheet_name: str, columns: Sequence[Column]) -> None:
    """Write an empty import template with one header cell per column."""
    workbook = xlsxwriter.Workbook(stream)
    try:
        name = valid_sheet_name(sheet_name)
        worksheet = workbook.add_worksheet(name)
        lists = _ChoiceLists(workbook, taken=[name])
        formats = _formats(workbook)
        for col, column in enumerate(columns):
            _write_column(worksheet, col, column, formats, lists)
        worksheet.freeze_panes(1, 0)
        worksheet.activate()
    finally:
        workbook.close()


def _formats(workbook: Workbook) -> dict[str, Any]:
    header = {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "header": workbook.add_format(header),
        "bold": workbook.add_format({"bold": True}),
        "mark": workbook.add_format({"bold": True, "font_color": "#C00000"}),
        "text": workbook.add_format({"num_format": "@"}),
    }


def _write_column(worksheet: Worksheet, col: int, column: Column, formats: dict[str, Any], lists: _ChoiceLists):
    header = str(column.header)
    if column.required:
        worksheet.write_rich_string(0, col, formats["mark"], REQUIRED_MARK, formats["bold"], header, formats["header"])
        header = REQUIRED_MARK + header
    else:
        worksheet.write_string(0, col, header, formats["header"])
    choices = [str(choice) for choice in column.choices or () if str(choice)]
    worksheet.set_column(col, col, _width(column, header, choices), formats["text"] if column.text else None)
    if column.note:
        worksheet.write_comment(0, col, str(column.note), {"x_scale": 2, "y_scale": 1.5})
    if choices:
        worksheet.data_validation(1, col, TEMPLATE_ROWS, col, _list_validation(choices, lists))


def _width(column: Column, header: str, choices: list[str]) -> float:
    if column.width is not None:
        return column.width
    widest = max([text_width(header), *(text_width(choice) for choice in choices)])
    return min(max(widest + 4, MIN_WIDTH), MAX_WIDTH)


def _list_validation(choices: list[str], lists: _ChoiceLists) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": choices if _fits_inline(choices) else lists.reference(choices),
        "error_type": "stop",
        "error_title": _("Invalid value")[:32],
        "error_message": _("Choose a value from the dropdown list.")[:255],
    }


def _fits_inline(choices: list[str]) -> bool:
    """Excel splits an inline list at commas, has no escape for quotes and stops at 255 characters."""
    joined = ",".join(choices)
    if any("," in choice or '"' in choice for choice in choices):
        return False
    return len(joined.encode("utf-16-le", "surrogatepass")) // 2 <= INLINE_LIST_LIMIT
