"""The yearly report's files, built in-process from a rolled-up snapshot: the workbook reopens with openpyxl with the
expected sheets and the snapshot's values, typed and formatted, frozen headers, ranks among siblings, and not one
formula cell although three communities are named like formulas; the PDF embeds the Noto CJK font, has a title page,
a contents page whose page numbers match the document, and as many pages as the unit's sections need."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from assessment.models import KpiSnapshot
from assessment.reports.build import build_report, filename, steps
from assessment.reports.sections import SOURCES, Column, Grid, Num, Section, register_section
from assessment.reports.selectors import groups_of, rank
from assessment.selectors import shown_figures
from tests.helpers import C111, C112, C121, C211, D1, S11
from wuse.core.figures import FIGURES
from wuse.regions.models import Region

from .support import HOSTILE, YEAR, formula_cells, pdf_fonts, pdf_pages, pdf_text, rolled_up, workbook

pytestmark = pytest.mark.django_db


def zh(code: str) -> str:
    with translation.override("zh-hans"):
        return str(FIGURES[code].name)


def rows_by(sheet, column: int) -> dict:
    """The sheet's rows keyed by the text of ``column`` (1-based)."""
    return {row[column - 1]: row for row in sheet.iter_rows(values_only=True) if row[column - 1] is not None}


def stored(code: str, year: int = YEAR) -> Decimal:
    return KpiSnapshot.objects.get(year=year, region_id=code, code="needs.collected").value


@pytest.fixture
def district_report(people):
    rolled_up(people["staff"])
    KpiSnapshot.objects.filter(year=YEAR, region_id=D1, code="needs.on_time_share").update(
        part=2, whole=4, value=Decimal("0.5"))
    return build_report(people["reviewer"], Region.objects.get(code=D1), YEAR)


def test_the_workbook_holds_the_snapshot_with_ranks_formats_and_frozen_headers(people, district_report):
    book = workbook(district_report.xlsx)
    groups = groups_of(shown_figures(people["reviewer"], Region.objects.get(code=D1)))
    # the summary, a sheet per indicator group, the scores and ranks (tests/assessment/reports/test_report_scores.py)
    assert len(book.sheetnames) == 2 + len(groups) and len(groups) >= 8
    assert book.sheetnames[-1] == "考评得分与排名"
    summary = book.worksheets[0]
    assert summary.freeze_panes == "C8"
    line = rows_by(summary, 2)[zh("needs.collected")]
    assert line[3:6] == (int(stored(D1)), int(stored(D1, YEAR - 1)), 5) == (6, 1, 5)
    share = next(row for row in summary.iter_rows() if row[1].value == zh("needs.on_time_share"))
    assert (share[3].value, share[3].number_format) == (0.5, "0.0%")
    money = next(row for row in summary.iter_rows() if row[1].value == zh("charity.money"))
    assert money[3].number_format == "#,##0.00"
    assert "410101" in str(summary["B2"].value) and summary["B3"].value == str(YEAR)

    needs_sheet = book.worksheets[1 + [g.key for g in groups].index("needs")]
    assert needs_sheet.freeze_panes == "D9"  # title, 4 lines about the report, a blank, two header rows
    by_code = rows_by(needs_sheet, 4)
    figures = [f.code for f in next(g for g in groups if g.key == "needs").figures]
    column = 5 + 2 * figures.index("needs.collected") - 1  # 0-based index of the value; its rank beside it
    for code in (C111, C112, C121):
        assert by_code[code][column] == int(stored(code)) and by_code[code][2] == HOSTILE[code]
    assert (by_code[C111][column + 1], by_code[C112][column + 1]) == (1, 2)  # ranked among S11's communities
    assert by_code[S11][column] == 4 and by_code[D1][column + 1] is None  # the unit itself: no rank
    assert C211 not in by_code  # another district's community


def test_no_cell_of_the_workbook_is_a_formula_whatever_the_unit_names(district_report):
    book = workbook(district_report.xlsx)
    assert formula_cells(book) == []
    texts = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    assert set(HOSTILE.values()) <= texts  # shown exactly as typed


def test_the_pdf_embeds_the_cjk_font_and_its_contents_match_its_pages(people, district_report):
    fonts = pdf_fonts(district_report.pdf)
    assert re.search(r"Noto-Sans-CJK-SC\s.*\byes\s+yes\s+yes", fonts)
    assert not any("no " in line.split("Identity-H")[-1][:4] for line in fonts.splitlines()[2:])
    pages = pdf_pages(district_report.pdf)
    cover = pdf_text(district_report.pdf, 1, 1)
    assert "区410101" in cover and str(YEAR) in cover
    starts = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", pdf_text(district_report.pdf, 2, 2), re.M)]
    groups = groups_of(shown_figures(people["reviewer"], Region.objects.get(code=D1)))
    # the summary, each group, the scores and ranks
    assert len(starts) == 2 + len(groups) and starts[0] == 3 and starts == sorted(set(starts))
    assert pages >= starts[-1] and f"{pages} / {pages}" in pdf_text(district_report.pdf, pages, pages)
    titles = re.findall(r"^\s*\d+\. (.+?)\.{3,}", pdf_text(district_report.pdf, 2, 2), re.M)
    for page, title in zip(starts, titles, strict=True):  # each section starts where the contents say
        assert f"{title.strip()}\n" in pdf_text(district_report.pdf, page, page)


def test_a_community_report_has_one_page_per_group_and_no_tables_below(people):
    rolled_up(people["staff"], hostile=False)
    report = build_report(people["staff"], Region.objects.get(code=C111), YEAR)
    groups = groups_of(shown_figures(people["staff"], Region.objects.get(code=C111)))
    starts = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", pdf_text(report.pdf, 2, 2), re.M)]
    # title, contents, the summary, then each group on a page of its own (a long group on two), then the scores
    # and ranks (nothing below a community: a line saying so, on the page it starts)
    assert len(starts) == 2 + len(groups) and starts[0] == 3 and starts == sorted(set(starts))
    assert starts[-2] - starts[1] < 2 * len(groups) and pdf_pages(report.pdf) == starts[-1]
    book = workbook(report.xlsx)
    assert {sheet.max_row for sheet in book.worksheets[1:-1]} == {9}  # the community's own row only
    assert book.worksheets[-1].max_row == 3  # scores and ranks: a title, a blank line, the header; no unit below
    assert report.sections == 2 + len(groups) and steps(people["staff"], Region.objects.get(code=C111)) == 5 + len(
        groups)


def test_a_later_part_adds_its_own_section(people):
    rolled_up(people["staff"], hostile=False)

    def scores(data):
        grid = Grid("考评得分", [Column("单位"), Column("得分", numeric=True)])
        grid.add(["甲", Num(95, "mean")])
        yield Section("tests.scores", "考评得分", sheets=[grid], tables=[grid])

    register_section("tests.scores", order=30, build=scores)
    try:
        report = build_report(people["staff"], Region.objects.get(code=C111), YEAR)
    finally:
        SOURCES.pop("tests.scores")
    assert workbook(report.xlsx).sheetnames[-1] == "考评得分"
    assert "考评得分" in pdf_text(report.pdf, 2, 2)


def test_ranks_share_places_and_follow_the_figures_direction():
    values = [("a", 3), ("b", 5), ("c", 5), ("d", None), ("e", 1)]
    assert rank(values, True) == {"b": 1, "c": 1, "a": 3, "e": 4}
    assert rank(values, False) == {"e": 1, "a": 2, "b": 3, "c": 3}


def test_the_file_names_keep_no_path_or_control_characters(tree):
    region = Region.objects.get(code=C111)
    region.name = '../a/b\\c:*?"<>|\x00社区'
    name = filename(region, 2025, "pdf")
    assert name.endswith(".pdf") and not re.search(r'[/\\:*?"<>|\x00]', name) and "社区" in name


def test_reading_a_report_costs_the_same_queries_for_a_district_and_the_city(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessment.reports.selectors import report_data

    counts = []
    for user, code in ((people["reviewer"], D1), (people["city"], "410100000000")):
        region = Region.objects.get(code=code)
        with CaptureQueriesContext(connection) as captured:
            data = report_data(user, region, YEAR)
        counts.append(len(captured))
        assert len(data.tiers) == 2
    assert counts[0] == counts[1] <= 8


def test_the_charts_are_images_with_every_unit_name_escaped(people):
    from assessment.reports.pdf import report_html
    from assessment.reports.sections import sources
    from assessment.reports.selectors import report_data

    rolled_up(people["staff"], hostile=False)
    Region.objects.filter(code=S11).update(name='<svg onload="alert(1)">&')
    data = report_data(people["reviewer"], Region.objects.get(code=D1), YEAR)
    sections = [section for source in sources() for section in source.build(data)]
    charts = [chart for section in sections for chart in section.charts]
    assert charts and all(chart.svg.startswith("<svg ") for chart in charts)
    assert "&lt;svg onloa…" in charts[0].svg  # escaped (and cut to 11 characters beside its bar)
    assert "<svg onload" not in "".join(chart.svg for chart in charts)
    html = report_html(data, sections)
    assert html.count('<img src="data:image/svg+xml;base64,') == len(charts) and "<svg onload" not in html
