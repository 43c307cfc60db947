"""The yearly report's scores and ranks (``assessment.reports.scores``, read from ``assessment.plans``): the units
below ranked on the plan in force, last year beside them, in the workbook, the PDF's text and a chart."""

from decimal import Decimal

import pytest

from assessment.plans.selectors import unit_scores
from assessment.reports.build import build_report
from tests.assessment.plans.support import kpi, make_plan, snapshot
from tests.helpers import CITY, D1, S11, S12
from wuse.regions.models import Region

from .support import YEAR, pdf_text, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(people):
    """The city's plan of this year and last year: needs collected, full marks at 10; 北 S11 collected 10 (100
    points), S12 5 (50); last year the other way round."""
    for year in (YEAR - 1, YEAR):
        make_plan(people["city"], CITY, year=year, rows=[kpi("needs.collected", weight=100)])
    snapshot(YEAR, {(S11, "needs.collected"): 10, (S12, "needs.collected"): 5})
    snapshot(YEAR - 1, {(S11, "needs.collected"): 4, (S12, "needs.collected"): 8})
    return Region.objects.get(code=D1)


def test_the_workbook_ranks_the_units_below_with_last_year_beside(people, scored):
    report = build_report(people["reviewer"], scored, YEAR)
    sheet = workbook(report.xlsx).worksheets[-1]
    assert sheet.title == "考评得分与排名"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))  # a title, a blank line, the header
    names = dict(Region.objects.filter(code__in=[S11, S12]).values_list("code", "name"))
    assert [row[:6] for row in rows] == [(1, names[S11], 100, 40, 2, 60), (2, names[S12], 50, 80, 1, -30)]
    expected = {s.region.code: s.total for s in unit_scores(people["reviewer"], scored, YEAR)}
    assert expected == {S11: Decimal(100), S12: Decimal(50)}


def test_the_pdf_lists_the_scores_in_rank_order(people, scored):
    report = build_report(people["reviewer"], scored, YEAR)
    assert "考评得分与排名" in pdf_text(report.pdf, 2, 2)  # in the contents
    lines = [" ".join(line.split()) for line in pdf_text(report.pdf).splitlines()]
    names = dict(Region.objects.filter(code__in=[S11, S12]).values_list("code", "name"))
    first, second = (next(n for n, line in enumerate(lines) if line.startswith(f"{rank} {names[code]} "))
                     for rank, code in ((1, S11), (2, S12)))
    assert first < second
    assert lines[first].startswith(f"1 {names[S11]} 100 40 2 +60") and lines[second].startswith(
        f"2 {names[S12]} 50 80 1 -30")


def test_without_a_published_plan_the_section_says_so(people):
    report = build_report(people["reviewer"], Region.objects.get(code=D1), YEAR)
    assert "没有已发布的考评方案" in pdf_text(report.pdf)
    rows = list(workbook(report.xlsx).worksheets[-1].iter_rows(min_row=4, values_only=True))
    assert rows and all(row[0] is None and row[2] is None for row in rows)  # listed, without rank or score
