"""Spreadsheets in and out: clean cell values, safe .xlsx exports, import templates, guarded reading.

A plain package (no models). Exports are written with XlsxWriter, uploads are read
with openpyxl behind size, ZIP and DTD checks; see each module's docstring.
"""

from .cells import CellError, clean_text, parse_date, parse_int
from .export import (
    XLSX_CONTENT_TYPE,
    Money,
    Points,
    Sheet,
    SheetTooLarge,
    content_disposition,
    escape_formula,
    money,
    points,
    sheet_name,
    write_xlsx,
    xlsx_response,
)
from .reader import Row, SheetData, SpreadsheetError, read_xlsx
from .template import Column, template_xlsx

__all__ = [
    "XLSX_CONTENT_TYPE",
    "CellError",
    "Column",
    "Money",
    "Points",
    "Row",
    "Sheet",
    "SheetData",
    "SheetTooLarge",
    "SpreadsheetError",
    "clean_text",
    "content_disposition",
    "escape_formula",
    "money",
    "parse_date",
    "parse_int",
    "points",
    "read_xlsx",
    "sheet_name",
    "template_xlsx",
    "write_xlsx",
    "xlsx_response",
]
