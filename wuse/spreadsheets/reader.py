"""Read an uploaded .xlsx safely: refuse what is not a workbook before openpyxl sees it.

In order, before any XML is parsed: the upload size; that it is a ZIP at all
(.xls, .csv and renamed files get a plain message); the ZIP directory (entry
count, total declared uncompressed size, compression ratio of each entry: zip
bombs, ASVS V12.1.2); and that no part declares a DTD (XXE and entity expansion;
openpyxl also parses through defusedxml, which this module insists on). Python's
zipfile never inflates an entry past its declared size, so the declared sizes
bound the work. Rows are then streamed and reading stops at the first data row
over ``max_rows``.
"""

import io
import logging
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .cells import clean_text

logger = logging.getLogger(__name__)

MAX_ENTRIES = 1000
BOMB_RATIO = 100  # an entry inflating more than 100:1 …
BOMB_MIN_SIZE = 1024 * 1024  # … to more than 1 MB is refused
HEADER_SEARCH_ROWS = 10  # a title row or two above the headers is tolerated
REQUIRED_MARK = "*"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
_DTD_MARKERS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1024 * 1024

T = TypeVar("T")
FileInput = str | os.PathLike | bytes | bytearray | IO[bytes]


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported; ``messages`` says why, in words for the user."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Row:
    number: int  # the row number Excel shows
    values: dict[str, Any]  # raw cell values keyed by header text


@dataclass
class SheetData:
    sheet_name: str
    headers: list[str]
    rows: list[Row]
    missing_headers: list[str] = field(default_factory=list)  # expected, optional and absent
    unknown_headers: list[str] = field(default_factory=list)  # present, not expected, ignored
    warnings: list[str] = field(default_factory=list)


def read_xlsx(
    file: FileInput,
    *,
    max_rows: int = 20_000,
    max_bytes: int = 10 * 1024 * 1024,
    max_uncompressed: int = 50 * 1024 * 1024,
    expected_headers: Iterable[str] | None = None,
    required_headers: Iterable[str] = (),
    sheet_name: str | None = None,
) -> SheetData:
    """The header row and the non-empty data rows of the first visible sheet (or of ``sheet_name``)."""
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency; refuse to parse without it
        raise RuntimeError("openpyxl is not using defusedxml; install defusedxml and unset OPENPYXL_DEFUSEDXML")
    required = list(dict.fromkeys(required_headers))
    expected = None if expected_headers is None else list(dict.fromkeys([*expected_headers, *required]))
    with _binary(file, max_bytes) as stream:
        _check_size(stream, max_bytes)
        _check_archive(stream, max_uncompressed)
        workbook = _load(stream)
        try:
            worksheet = _worksheet(workbook, sheet_name)
            return _guarded(lambda: _read_sheet(worksheet, max_rows, expected, required))
        finally:
            workbook.close()


# ---------------------------------------------------------------------------------------------- the file


@contextmanager
def _binary(file: FileInput, max_bytes: int) -> Iterator[IO[bytes]]:
    """A seekable binary stream over ``file``; a path is opened (and closed), a stream is left open."""
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as stream:
            yield stream
        return
    if isinstance(file, bytes | bytearray):
        yield io.BytesIO(file)
        return
    if hasattr(file, "seekable") and file.seekable():
        file.seek(0)
        yield file
        return
    yield io.BytesIO(file.read(max_bytes + 1))


def _check_size(stream: IO[bytes], max_bytes: int) -> None:
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size == 0:
        raise SpreadsheetError([_("The file is empty.")])
    if size > max_bytes:
        raise SpreadsheetError([_("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)}])


def _not_xlsx(stream: IO[bytes]) -> SpreadsheetError:
    stream.seek(0)
    if stream.read(len(_OLE2_MAGIC)) == _OLE2_MAGIC:
        return _old_or_protected()
    return SpreadsheetError([_("This is not an .xlsx file (save it as Excel Workbook .xlsx).")])


def _old_or_protected() -> SpreadsheetError:
    return SpreadsheetError([_(
        "This is not an .xlsx file: it is an old .xls workbook or a password-protected one. "
        "Open it in Excel or WPS and save it as Excel Workbook (.xlsx) without a password."
    )])


def _check_archive(stream: IO[bytes], max_uncompressed: int) -> None:
    if not zipfile.is_zipfile(stream):
        raise _not_xlsx(stream)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            _check_entries(entries, max_uncompressed)
            _check_no_dtd(archive, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            ValueError) as exc:
        logger.info("unreadable xlsx archive: %r", exc)
        raise _damaged() from exc
    stream.seek(0)


def _check_entries(entries: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if len(entries) > MAX_ENTRIES:
        raise SpreadsheetError([_("The file holds more than %(count)s parts; it is not a plain workbook.")
                                % {"count": MAX_ENTRIES}])
    if sum(entry.file_size for entry in entries) > max_uncompressed:
        raise SpreadsheetError([_("The workbook unpacks to more than %(limit)s; split it into smaller files.")
                                % {"limit": filesizeformat(max_uncompressed)}])
    for entry in entries:
        if entry.file_size > BOMB_MIN_SIZE and entry.file_size > BOMB_RATIO * max(entry.compress_size, 1):
            raise SpreadsheetError([_("The file is compressed suspiciously well and was refused.")])
        if entry.flag_bits & 0x1:
            raise _old_or_protected()  # an encrypted ZIP entry
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise SpreadsheetError([_("This ZIP file is not an Excel workbook (save it as Excel Workbook .xlsx).")])


def _check_no_dtd(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """No part of a workbook has a document type declaration; one that does is an XXE or entity bomb."""
    overlap = max(len(marker) for marker in _DTD_MARKERS) - 1
    for entry in entries:
        with archive.open(entry) as part:
            tail = b""
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if any(marker in window for marker in _DTD_MARKERS):
                    raise SpreadsheetError([_("The workbook contains a document type declaration and was refused.")])
                tail = window[-overlap:]


def _damaged() -> SpreadsheetError:
    return SpreadsheetError([_(
        "The workbook could not be read; it may be damaged. Open it in Excel or WPS and save it again as .xlsx."
    )])


def _guarded(read: Callable[[], T]) -> T:
    """Run ``read``; any failure inside openpyxl on a hostile or broken file becomes a SpreadsheetError."""
    try:
        return read()
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises KeyError, TypeError, ValueError, ParseError… on broken files
        logger.info("unreadable xlsx: %r", exc)
        raise _damaged() from exc


def _load(stream: IO[bytes]) -> openpyxl.Workbook:
    return _guarded(lambda: openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False))


def _worksheet(workbook: openpyxl.Workbook, name: str | None) -> ReadOnlyWorksheet:
    if name is not None:
        if name not in workbook.sheetnames:
            raise SpreadsheetError([_("The workbook has no sheet named “%(name)s”.") % {"name": name}])
        return workbook[name]
    for worksheet in workbook.worksheets:
        if worksheet.sheet_state == "visible":
            return worksheet
    raise SpreadsheetError([_("The workbook has no visible sheet.")])


# ---------------------------------------------------------------------------------------------- the rows


def header_text(value: object) -> str:
    """A header cell as matched against the expected headers: cleaned, without "*" required marks."""
    return clean_text(value).strip(REQUIRED_MARK + " ")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value))


def _read_sheet(
    worksheet: ReadOnlyWorksheet, max_rows: int, expected: list[str] | None, required: list[str]
) -> SheetData:
    worksheet.reset_dimensions()  # never trust the <dimension> a file declares
    header_row, headers = _find_header(worksheet, expected)
    result = SheetData(sheet_name=worksheet.title, headers=[h for h in headers if h], rows=[])
    columns = _check_headers(headers, expected, required, result)
    if not columns:
        return result
    width = max(columns) + 1
    rows = worksheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=header_row + 1):
        if all(_blank(value) for value in values):
            continue
        if len(result.rows) >= max_rows:
            raise SpreadsheetError([_("The sheet has more than %(limit)s data rows; split it into smaller files.")
                                    % {"limit": max_rows}])
        result.rows.append(Row(number, {header: values[col] for col, header in columns.items()}))
    return result


def _find_header(worksheet: ReadOnlyWorksheet, expected: list[str] | None) -> tuple[int, list[str]]:
    """The first non-empty row, or (given expected headers) the first of the top rows holding one of them."""
    first = None
    for number, values in enumerate(worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        cells = [header_text(value) for value in values]
        if not any(cells):
            continue
        first = first or (number, cells)
        if expected is None or set(cells) & set(expected):
            return number, cells
    if first is None:
        raise SpreadsheetError([_("The sheet is empty; its first row should hold the column headers.")])
    return first


def _check_headers(
    headers: list[str], expected: list[str] | None, required: list[str], result: SheetData
) -> dict[int, str]:
    """The columns to read (index → header); file-level problems raised, the rest noted on ``result``."""
    errors: list[str] = []
    seen: set[str] = set()
    for header in headers:
        if header and header in seen and (expected is None or header in expected):
            errors.append(_("The column “%(header)s” appears more than once.") % {"header": header})
        seen.add(header)
    errors += [_("Missing required column: “%(header)s”.") % {"header": h} for h in required if h not in seen]
    if errors:
        raise SpreadsheetError(list(dict.fromkeys(errors)))
    if expected is not None:
        result.missing_headers = [h for h in expected if h not in seen and h not in required]
        result.unknown_headers = list(dict.fromkeys(h for h in headers if h and h not in expected))
        result.warnings = [_("The column “%(header)s” is not recognised and was ignored.") % {"header": h}
                           for h in result.unknown_headers]
    return {col: h for col, h in enumerate(headers) if h and (expected is None or h in expected)}
