"""The report's section of scores and ranks (``assessment.plans``): the units one level below, scored on the
assessment plan in force for them, ranked among themselves (the plan's tie rule), with last year's score and rank
beside — a table and a worksheet, and a bar chart of this year's and last year's scores. Read as the report's
user may see them (``unit_scores``: five queries); a unit below with no plan in force is listed without a score,
and a unit with nothing below (a community) says so."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from assessment.plans.selectors import unit_scores

from .charts import bar_chart
from .sections import Column, Grid, Num, Section, register_section
from .selectors import ReportData

KEY = "plans.scores"


def _columns(year: int) -> list[Column]:
    return [Column(_("Rank"), numeric=True, width=8), Column(_("Unit"), width=24),
            Column(_("Score %(year)s") % {"year": year}, numeric=True, width=12),
            Column(_("Score %(year)s") % {"year": year - 1}, numeric=True, width=12),
            Column(_("Rank %(year)s") % {"year": year - 1}, numeric=True, width=10),
            Column(_("Change"), numeric=True, width=10), Column(_("Assessment plan"), width=30)]


def scores_section(data: ReportData) -> Iterable[Section]:
    scored = sorted(unit_scores(data.user, data.region, data.year),
                    key=lambda row: (row.rank is None, row.rank or 0, row.region.code))
    title = _("Scores and ranks")
    grid = Grid(title, _columns(data.year), frozen_columns=2)
    for row in scored:
        plan = (_("%(unit)s's plan of %(year)s") % {"unit": row.plan.region.name, "year": row.plan.year}
                if row.plan else _("no assessment plan in force"))
        grid.add([Num(row.rank, "rank"), row.region.name, Num(row.total if row.plan else None, "decimal"),
                  Num(row.previous_total, "decimal"), Num(row.previous_rank, "rank"), Num(row.change, "change"), plan])
    if not scored:
        intro = _("No unit lies below this one: scores and ranks are given to the units an assessment assesses.")
    elif not any(row.plan for row in scored):
        intro = _("No published assessment plan assesses the units below in %(year)s.") % {"year": data.year}
    else:
        intro = _("Each unit below is scored on the published assessment plan that assesses it (out of 100: its "
                  "KPIs against their bands and the manual indicators scored with evidence) and ranked among "
                  "them; equal totals share a rank. Last year's score and rank are on last year's plan.")
    charts = []
    if any(row.plan for row in scored):
        charts.append(bar_chart(title, [row.region.name for row in scored],
                                [(str(data.year), [row.total if row.plan else None for row in scored]),
                                 (str(data.year - 1), [row.previous_total for row in scored])],
                                show=lambda value: f"{value:.2f}"))
    yield Section(KEY, title, intro, sheets=[grid], tables=[grid], charts=charts)


register_section(KEY, order=30, build=scores_section)
