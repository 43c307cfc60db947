"""The report's workbook: one worksheet per ``Grid`` of the sections, written with XlsxWriter and the house helpers of
``wuse.spreadsheets.export`` (``export_text``, ``sheet_name``, ``text_width``): every text is a string cell, never a
formula, whatever a unit's name holds ("=HYPERLINK(…)", "@SUM(A1)"); numbers are number cells with their format
(percent for shares, #,##0.00 for money); the header rows are frozen, the columns sized."""

from __future__ import annotations

import io
import math
from decimal import Decimal

import xlsxwriter

from wuse.spreadsheets.export import MAX_WIDTH, MIN_WIDTH, MONEY_FORMAT, export_text, sheet_name, text_width

from .sections import Grid, Num, Section

FORMATS = {
    "count": "#,##0",
    "decimal": "#,##0.00",
    "money": MONEY_FORMAT,
    "percent": "0.0%",
    "mean": "0.0",
    "rank": "0",
    "change": "+#,##0.##;-#,##0.##;0",
    "pp": '+0.0"pp";-0.0"pp";0.0"pp"',
}
EXACT = 10**15


class _Styles:
    def __init__(self, workbook):
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.label = workbook.add_format({"bold": True, "font_color": "#444444"})
        self.header = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "vcenter",
                                           "align": "center", "text_wrap": True})
        self.own = workbook.add_format({"bold": True, "bg_color": "#EEF4FB"})
        self.numbers = {kind: workbook.add_format({"num_format": spec}) for kind, spec in FORMATS.items()}
        self.own_numbers = {kind: workbook.add_format({"num_format": spec, "bold": True, "bg_color": "#EEF4FB"})
                            for kind, spec in FORMATS.items()}


def workbook_bytes(sections: list[Section]) -> bytes:
    """The sections' worksheets as one .xlsx file."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    try:
        styles, taken = _Styles(workbook), []
        for section in sections:
            for grid in section.sheets:
                taken.append(sheet_name(grid.title, taken))
                _write(workbook.add_worksheet(taken[-1]), grid, styles)
    finally:
        workbook.close()
    return buffer.getvalue()


def _text(worksheet, row: int, col: int, value, style=None) -> int:
    text = export_text(str(value))
    worksheet.write_string(row, col, text, style)
    return text_width(text)


def _write(worksheet, grid: Grid, styles: _Styles) -> None:
    _text(worksheet, 0, 0, grid.title, styles.title)
    row = 1
    for label, value in grid.preamble:
        _text(worksheet, row, 0, label, styles.label)
        _text(worksheet, row, 1, value)
        row += 1
    row += 1
    widths = [text_width(str(column.header)) for column in grid.columns]
    if grid.has_bands:
        col = 0
        for band in grid.bands:
            last_row, last_col = row + (1 if band["alone"] else 0), col + band["span"] - 1
            if (last_row, last_col) != (row, col):
                worksheet.merge_range(row, col, last_row, last_col, export_text(band["text"]), styles.header)
            else:
                _text(worksheet, row, col, band["text"], styles.header)
            col += band["span"]
        row += 1
    for col, column in enumerate(grid.columns):
        if not (grid.has_bands and not column.band):
            _text(worksheet, row, col, column.header, styles.header)
    row += 1
    worksheet.freeze_panes(row, grid.frozen_columns)
    first = row
    for cells, style in zip(grid.rows, grid.styles, strict=True):
        own = style == "own"
        for col, cell in enumerate(cells):
            width = _cell(worksheet, row, col, cell, styles, own)
            widths[col] = max(widths[col], width)
        row += 1
    if grid.rows:
        worksheet.autofilter(first - 1, 0, row - 1, len(grid.columns) - 1)
    for col, column in enumerate(grid.columns):
        chosen = column.width if column.width is not None else min(max(widths[col] + 2, MIN_WIDTH), MAX_WIDTH)
        worksheet.set_column(col, col, chosen)


def _cell(worksheet, row: int, col: int, cell, styles: _Styles, own: bool) -> int:
    if cell is None:
        return 0
    if not isinstance(cell, Num):
        return _text(worksheet, row, col, cell, styles.own if own else None)
    value = cell.value
    if value is None:
        return 0
    number = float(value) if isinstance(value, Decimal) else value
    if not (isinstance(number, int | float) and math.isfinite(number) and abs(number) < EXACT):
        return _text(worksheet, row, col, cell.text)
    kind = cell.kind
    if kind in ("count", "change") and number != int(number):
        kind = "decimal" if kind == "count" else kind
    formats = styles.own_numbers if own else styles.numbers
    worksheet.write_number(row, col, number, formats[kind])
    return len(cell.text)
