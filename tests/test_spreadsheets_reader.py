"""Reading uploads: rows and row numbers right, and every hostile file refused before or during parsing (C4)."""

import io
import random
import re
import time
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter
from defusedxml import EntitiesForbidden
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet import _reader as openpyxl_sheet_reader

from wuse.spreadsheets import SpreadsheetError, read_xlsx
from wuse.spreadsheets import reader as reader_module

HEADERS = ["姓名", "性别", "出生日期"]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _xlsx(*sheets: tuple[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook written by XlsxWriter (as Excel would), row by row; ``None`` leaves a cell out."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets:
        worksheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    worksheet.write(r, c, value, date_format if isinstance(value, date) else None)
        if name in hidden:
            worksheet.hide()
        elif not hidden or name != sheets[0][0]:
            worksheet.activate()
    workbook.close()
    return buffer.getvalue()


def _sheet(rows: list[list]) -> bytes:
    return _xlsx(("Sheet1", rows))


def _rewrite(data: bytes, name: str, change) -> bytes:
    """The same ZIP with the part ``name`` replaced by ``change(old_bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            target.writestr(entry.filename, change(content) if entry.filename == name else content)
    return out.getvalue()


def _refusal(data, **options) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_xlsx(data, **options)
    return "\n".join(caught.value.messages)


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if openpyxl is asked to open the file at all."""
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called")
    monkeypatch.setattr(reader_module.openpyxl, "load_workbook", refuse)


# ---------------------------------------------------------------------------------------------- rows


def test_three_rows_round_trip_with_their_row_numbers():
    rows = [["张三", "男", date(1950, 1, 2)], ["李四", "女", date(1988, 8, 8)], ["王五", "男", "1990-3-5"]]
    sheet = read_xlsx(_sheet([HEADERS, *rows]), expected_headers=HEADERS, required_headers=["姓名"])
    assert sheet.headers == HEADERS
    assert [row.number for row in sheet.rows] == [2, 3, 4]
    assert [row.values["姓名"] for row in sheet.rows] == ["张三", "李四", "王五"]
    assert sheet.rows[0].values["出生日期"] == datetime(1950, 1, 2)
    assert sheet.rows[2].values == {"姓名": "王五", "性别": "男", "出生日期": "1990-3-5"}
    assert sheet.warnings == []


def test_empty_and_blank_rows_are_skipped_and_row_numbers_stay_excels():
    rows = [HEADERS, ["张三", "男", None], [], ["   ", "\u3000", None], [None, None, None], ["李四", None, None],
            *[[] for _ in range(20)], [None, None, "2000-01-01"]]
    sheet = read_xlsx(_sheet(rows))
    assert [row.number for row in sheet.rows] == [2, 6, 27]
    assert sheet.rows[1].values == {"姓名": "李四", "性别": None, "出生日期": None}


def test_a_title_row_above_the_headers_is_tolerated_when_headers_are_expected():
    rows = [["上保社区居民需求登记表"], [], HEADERS, ["张三", "男", None]]
    sheet = read_xlsx(_sheet(rows), expected_headers=HEADERS)
    assert sheet.headers == HEADERS
    assert [(row.number, row.values["姓名"]) for row in sheet.rows] == [(4, "张三")]


def test_star_marks_and_full_width_spaces_in_headers_are_ignored():
    sheet = read_xlsx(_sheet([["*姓名", "性别*", "＊出生日期 "], ["张三", "男", None]]), required_headers=HEADERS)
    assert sheet.headers == HEADERS


@pytest.mark.parametrize("kind", ["bytes", "path", "stream", "upload"])
def test_every_kind_of_file_argument_is_read(kind, tmp_path):
    data = _sheet([HEADERS, ["张三", "男", None]])
    path = tmp_path / "需求.xlsx"
    path.write_bytes(data)
    argument = {"bytes": data, "path": path, "stream": io.BytesIO(data),
                "upload": SimpleUploadedFile("需求.xlsx", data)}[kind]
    assert [row.values["姓名"] for row in read_xlsx(argument).rows] == ["张三"]


def test_the_first_visible_sheet_is_read_unless_one_is_named():
    data = _xlsx(("说明", [["请勿修改"]]), ("数据", [HEADERS, ["张三", "男", None]]), hidden=("说明",))
    assert read_xlsx(data).sheet_name == "数据"
    assert read_xlsx(data, sheet_name="说明").headers == ["请勿修改"]
    assert "no sheet named “人员”" in _refusal(data, sheet_name="人员")


def test_a_lying_dimension_does_not_make_the_reader_walk_a_million_rows():
    data = _rewrite(_sheet([HEADERS, ["张三", "男", None]]), SHEET,
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    started = time.perf_counter()
    sheet = read_xlsx(data)
    assert [row.number for row in sheet.rows] == [2]
    assert time.perf_counter() - started < 5


# ---------------------------------------------------------------------------------------------- headers


def test_a_missing_required_header_is_named():
    message = _refusal(_sheet([["姓名", "备注"], ["张三", ""]]), required_headers=["姓名", "性别", "联系电话"])
    assert "Missing required column: “性别”." in message
    assert "Missing required column: “联系电话”." in message
    assert "“姓名”" not in message


def test_a_repeated_header_is_refused():
    assert "“姓名” appears more than once" in _refusal(_sheet([["姓名", "性别", "姓名"], ["a", "b", "c"]]))


def test_unknown_headers_are_reported_and_ignored_and_missing_optional_ones_listed():
    sheet = read_xlsx(_sheet([["姓名", "爱好", "爱好"], ["张三", "下棋", "唱歌"]]), expected_headers=HEADERS,
                      required_headers=["姓名"])
    assert sheet.unknown_headers == ["爱好"]
    assert sheet.warnings == ["The column “爱好” is not recognised and was ignored."]
    assert sheet.missing_headers == ["性别", "出生日期"]
    assert sheet.rows[0].values == {"姓名": "张三"}


def test_an_empty_sheet_gets_a_message():
    assert "The sheet is empty" in _refusal(_sheet([]))


# ---------------------------------------------------------------------------------------------- row limits


def test_twenty_thousand_and_one_rows_are_refused_at_the_default_limit():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    worksheet = workbook.add_worksheet()
    worksheet.write_row(0, 0, HEADERS)
    for row in range(1, 20_002):
        worksheet.write_string(row, 0, "张三")
        worksheet.write_number(row, 1, row)
    workbook.close()
    assert "more than 20000 data rows" in _refusal(buffer.getvalue())


def test_the_row_limit_is_inclusive():
    rows = [HEADERS, *[[f"居民{n}", "男", None] for n in range(3)]]
    assert len(read_xlsx(_sheet(rows), max_rows=3).rows) == 3
    assert "more than 2 data rows" in _refusal(_sheet(rows), max_rows=2)


def test_reading_stops_at_the_first_row_over_the_limit(monkeypatch):
    data = _sheet([HEADERS, *[[f"居民{n}", "女", None] for n in range(2000)]])
    parsed = []
    original = openpyxl_sheet_reader.WorkSheetParser.parse_row

    def counting(self, element):
        parsed.append(1)
        return original(self, element)

    monkeypatch.setattr(openpyxl_sheet_reader.WorkSheetParser, "parse_row", counting)
    assert "more than 5 data rows" in _refusal(data, max_rows=5)
    assert len(parsed) < 30  # the header search and 6 data rows, not 2,001 rows


# ---------------------------------------------------------------------------------------------- not a workbook


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(random.Random(1236).randbytes(4000), id="random-bytes"),
        pytest.param("姓名,性别\n张三,男\n".encode("utf-8-sig"), id="csv"),
        pytest.param(b"<html><body>not a workbook</body></html>", id="html"),
        pytest.param(_sheet([HEADERS])[:1500], id="truncated-xlsx"),
    ],
)
def test_files_that_are_not_xlsx_get_a_plain_message(data, no_parsing):
    assert _refusal(data) == "This is not an .xlsx file (save it as Excel Workbook .xlsx)."


def test_an_old_xls_or_password_protected_workbook_is_recognised(no_parsing):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    assert "old .xls workbook or a password-protected one" in _refusal(ole2)


def test_an_empty_file_is_refused(no_parsing):
    assert _refusal(b"") == "The file is empty."


def test_an_oversized_upload_is_refused(no_parsing):
    assert "larger than" in _refusal(_sheet([HEADERS]), max_bytes=1000)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "entries",
    [
        {"readme.txt": "你好".encode()},
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
    ],
    ids=["plain-zip", "word-document"],
)
def test_a_zip_that_is_not_a_workbook_is_refused(entries, no_parsing):
    assert "This ZIP file is not an Excel workbook" in _refusal(_zip(entries))


def test_a_damaged_sheet_gives_a_message_not_a_crash():
    data = _rewrite(_sheet([HEADERS, ["张三", "男", None]]), SHEET, lambda xml: xml[: len(xml) // 2])
    assert "could not be read; it may be damaged" in _refusal(data)


def test_a_workbook_without_its_sheet_part_gives_a_message():
    source = _sheet([HEADERS])
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        entries = {e.filename: archive.read(e) for e in archive.infolist() if e.filename != SHEET}
    assert _refusal(_zip(entries)) == "The workbook has no visible sheet."


# ---------------------------------------------------------------------------------------------- zip bombs


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, no_parsing):
    bomb = tmp_path / "需求.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(SHEET, "w") as part:
            zeros = bytes(1024 * 1024)
            for _ in range(60):
                part.write(zeros)
    assert bomb.stat().st_size < 200_000
    assert "unpacks to more than 50.0" in _refusal(bomb)


def test_an_entry_compressed_more_than_100_to_1_is_refused(no_parsing):
    data = _zip({"[Content_Types].xml": b"<Types/>", SHEET: bytes(5 * 1024 * 1024)})
    assert "compressed suspiciously well" in _refusal(data)


def test_more_than_1000_parts_are_refused(no_parsing):
    data = _zip({"[Content_Types].xml": b"<Types/>", **{f"xl/media/{n}.txt": b"x" for n in range(1001)}})
    assert "more than 1000 parts" in _refusal(data)


# ---------------------------------------------------------------------------------------------- XXE


XXE_DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_xxe(xml: bytes) -> bytes:
    declaration_end = xml.index(b"?>") + 2
    return xml[:declaration_end] + XXE_DOCTYPE + xml[declaration_end:].replace("张三".encode(), b"&xxe;")


@pytest.fixture
def xxe_workbook() -> bytes:
    return _rewrite(_sheet([HEADERS, ["张三", "男", None]]), SHEET, _with_xxe)


def test_an_xxe_payload_in_a_sheet_is_refused(xxe_workbook, no_parsing):
    message = _refusal(xxe_workbook)
    assert "document type declaration" in message
    assert "root:" not in message


def test_openpyxl_itself_refuses_the_entity_rather_than_expanding_it(xxe_workbook):
    """The second layer: openpyxl parses through defusedxml even if the reader's DTD check were gone."""
    assert openpyxl.DEFUSEDXML
    with pytest.raises(ValueError) as caught:
        workbook = openpyxl.load_workbook(io.BytesIO(xxe_workbook), read_only=True)
        list(workbook.active.iter_rows(values_only=True))
    assert isinstance(caught.value, EntitiesForbidden) or isinstance(caught.value.__cause__, EntitiesForbidden)


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/workbook.xml", SHEET])
def test_a_dtd_in_any_part_or_encoding_is_refused(part, no_parsing):
    def utf16_with_dtd(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        declaration_end = text.index("?>") + 2
        laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return (text[:declaration_end] + laughs + text[declaration_end:]).encode("utf-16")

    data = _rewrite(_sheet([HEADERS]), part, utf16_with_dtd)
    assert "document type declaration" in _refusal(data)


# ---------------------------------------------------------------------------------------------- fuzz (C5)


VALID = _sheet([HEADERS, ["张三", "男", date(1990, 3, 5)], ["李四", "女", 45000]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", SHEET]),
       st.integers(min_value=0, max_value=2000), st.integers(min_value=0, max_value=60), st.binary(max_size=40))
def test_a_mangled_workbook_raises_nothing_but_spreadsheet_error(part, start, length, replacement):
    data = _rewrite(VALID, part, lambda xml: xml[:start] + replacement + xml[start + length:])
    try:
        sheet = read_xlsx(data)
    except SpreadsheetError as error:
        assert error.messages
    else:
        assert all(row.number >= 2 for row in sheet.rows)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=16))
def test_corrupted_bytes_raise_nothing_but_spreadsheet_error(offset, replacement):
    data = VALID[:offset] + replacement + VALID[offset + len(replacement):]
    try:
        read_xlsx(data)
    except SpreadsheetError as error:
        assert error.messages
