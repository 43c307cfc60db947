"""Import templates: dropdowns on the right columns, long lists on a hidden sheet, readable back."""

import io

import openpyxl
import pytest
from django.utils import translation

from wuse.spreadsheets import Column, read_xlsx, template_xlsx

GENDERS = ["男", "女"]
COMMUNITIES = [f"北山街道第{i:03}社区居民委员会" for i in range(40)]  # far over 255 characters joined
COLUMNS = [
    Column("姓名", required=True, note="填写居民身份证上的姓名"),
    Column("性别", choices=GENDERS),
    Column("所属社区", choices=COMMUNITIES, required=True),
    Column("身份证号", text=True, width=22),
    Column("需求类别", choices=["生活照料", "医疗保健", "精神慰藉,心理疏导"]),  # a comma forces the hidden sheet
    Column("备注"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def template_bytes() -> bytes:
    buffer = io.BytesIO()
    template_xlsx(buffer, sheet_name="居民需求导入", columns=COLUMNS)
    return buffer.getvalue()


@pytest.fixture
def workbook(template_bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes))


def _validations(worksheet) -> dict[str, str]:
    return {str(dv.sqref): dv.formula1 for dv in worksheet.data_validations.dataValidation if dv.type == "list"}


def test_dropdowns_sit_on_the_columns_with_choices_over_rows_2_to_20001(workbook):
    validations = _validations(workbook["居民需求导入"])
    assert sorted(validations) == ["B2:B20001", "C2:C20001", "E2:E20001"]


def test_a_short_list_is_written_into_the_validation(workbook):
    assert _validations(workbook["居民需求导入"])["B2:B20001"] == '"男,女"'


def test_long_lists_and_lists_with_commas_go_to_a_hidden_sheet(workbook):
    lists = workbook.worksheets[1]
    assert lists.sheet_state == "hidden"
    validations = _validations(workbook["居民需求导入"])
    assert validations["C2:C20001"] == f"'{lists.title}'!$A$1:$A${len(COMMUNITIES)}"
    assert validations["E2:E20001"] == f"'{lists.title}'!$B$1:$B$3"
    assert [c.value for c in lists["A"]] == COMMUNITIES
    assert [c.value for c in lists["B"][:3]] == ["生活照料", "医疗保健", "精神慰藉,心理疏导"]


def test_short_lists_only_need_no_hidden_sheet():
    buffer = io.BytesIO()
    template_xlsx(buffer, sheet_name="模板", columns=[Column("性别", choices=GENDERS)])
    assert openpyxl.load_workbook(buffer).sheetnames == ["模板"]


def test_the_template_sheet_comes_first_and_is_active(workbook):
    assert workbook.sheetnames[0] == "居民需求导入"
    assert workbook.active.title == "居民需求导入"
    assert workbook.active.freeze_panes == "A2"


def test_required_headers_are_marked_with_a_star(workbook):
    assert [c.value for c in workbook.active[1]] == ["*姓名", "性别", "*所属社区", "身份证号", "需求类别", "备注"]


def test_notes_become_cell_comments(workbook):
    assert workbook.active["A1"].comment.text == "填写居民身份证上的姓名"
    assert workbook.active["B1"].comment is None


def test_text_columns_are_formatted_as_text_and_widths_are_set(workbook):
    dimension = workbook.active.column_dimensions["D"]
    assert dimension.number_format == "@"
    assert workbook.active.column_dimensions["A"].number_format == "General"
    assert dimension.width == pytest.approx(22, abs=1)
    assert workbook.active.column_dimensions["C"].width > workbook.active.column_dimensions["B"].width


def test_a_blank_template_reads_back_with_no_rows(template_bytes):
    sheet = read_xlsx(template_bytes, expected_headers=[c.header for c in COLUMNS],
                      required_headers=[c.header for c in COLUMNS if c.required])
    assert sheet.sheet_name == "居民需求导入"
    assert sheet.headers == [c.header for c in COLUMNS]
    assert sheet.rows == []
    assert sheet.unknown_headers == sheet.missing_headers == sheet.warnings == []
