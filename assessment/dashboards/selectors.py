"""Reads of a unit's dashboard. Every part reads a summary, never the records one by one, so a page costs the same
few queries for a community and for the city, with 1 child or 50:

- the KPI tiles, the grade distribution and the five-society participation: the year's KPI snapshot (one query for
  this year and last, ``assessment.selectors.unit_lines``);
- the monthly trends: ``MonthlyFigure`` (one query of at most 12 × figures rows);
- needs by state and category: the needs summary (``needs.counts.scope_counts``), never the needs table;
- the project pipeline: one GROUP BY (state, vehicle) over the unit's projects of the year, read through the
  projects' (year, region) index; at a district and above it is kept in the cache for
  ``WUSE_WIDE_COUNTS_SECONDS`` (the page says as of when), as the needs' wide sums are. Measured in
  ``bench/dashboards.py``;
- the red/amber/green board: a page of children, their snapshot rows (one query) and their overdue milestones (one
  grouped query over the milestones still open past their date, which are few).
"""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import selectors as assessment
from needs import counts as need_counts
from needs.models import NeedCategory
from projects.choices import Vehicle
from projects.models import Project
from projects.workflow import PROJECT_PROCESS
from wuse.access import api as access
from wuse.core import figures
from wuse.core.figures import code_range
from wuse.regions.models import Region

from . import charts
from .models import MonthlyFigure
from .services import months_of, trend_codes

VIEW = "dashboard.view"
# The tiles: a dozen figures across the steps, in this order (a code not registered, or not visible, is left out).
TILE_CODES = (
    "needs.collected", "needs.on_time_share", "needs.converted_share", "projects.approved", "projects.completed",
    "projects.accepted", "evaluations.average_score", "evaluations.satisfaction", "volunteers.registered",
    "volunteers.hours", "charity.money", "community_workers.certified_share",
)
GRADE_PREFIX = "evaluations.grade."
FUNNEL_CACHE_WIDTH = 6  # a district's prefix and wider ones: the pipeline is cached (see the docstring)


def own_units(user) -> list[Region]:
    """The units of the user's memberships that carry ``dashboard.view``, the widest first (one query)."""
    return [unit for unit in assessment.own_units(user) if access.can(user, VIEW, unit)]


def tile_lines(lines: list[assessment.Line]) -> list[assessment.Line]:
    by_code = {line.figure.code: line for line in lines}
    return [by_code[code] for code in TILE_CODES if code in by_code]


def unit_lines(user, region: Region, year: int) -> list[assessment.Line]:
    """Every figure ``user`` may see at ``region``: this year's and last year's values (one query)."""
    return assessment.unit_lines(user, assessment.shown_figures(user, region), region, year)


def grade_chart(lines: list[assessment.Line], region: Region, period: figures.Period) -> charts.Chart | None:
    graded = [line for line in lines if line.figure.code.startswith(GRADE_PREFIX)]
    if not graded:
        return None
    return charts.Chart("grades", _("Evaluation grades"), charts.PIE, [line.figure.name for line in graded],
                        [charts.Series(_("Final evaluations"), [line.current.value if line.current.present else 0
                                                                for line in graded])],
                        links=[line.figure.records_url(region.code, period) for line in graded],
                        note=_("Final evaluations closed in the year, by grade (the year's snapshot)."))


def linkage_chart(user, lines: list[assessment.Line], region: Region, period) -> charts.Chart | None:
    """The linkage figures counted in the unit most of them share (projects): one scale; the others (activities,
    person-times) are on the unit's assessment page."""
    shown = {f.code for f in figures.linkage_figures(user, region)}
    linked = [line for line in lines if line.figure.code in shown]
    if not linked:
        return None
    units = Counter(str(line.figure.unit) for line in linked)
    linked = [line for line in linked if str(line.figure.unit) == units.most_common(1)[0][0]]
    return charts.Chart("linkage", _("Five-society participation"), charts.BAR, [line.figure.name for line in linked],
                        [charts.Series(str(period.start.year),
                                       [line.current.value if line.current.present else 0 for line in linked])],
                        links=[line.figure.records_url(region.code, period) for line in linked],
                        note=_("Projects delivered in the year by linkage mode and by society taking part (the "
                               "year's snapshot)."))


def trend_chart(user, region: Region, year: int) -> charts.Chart | None:
    """The trend figures month by month (one query); months still to come are empty, not 0."""
    codes = trend_codes()
    if not codes:
        return None
    rows = access.scoped(user, VIEW, MonthlyFigure.objects.filter(region=region, year=year, code__in=codes)
                         ).values_list("month", "code", "value")
    found = {(month, code): value for month, code, value in rows}
    begun = set(months_of(year))
    months = range(1, 13)
    shown = [figures.FIGURES[code] for code in codes
             if figures.visible(user, region, figures.FIGURES[code])]
    return charts.Chart(
        "trends", _("Trends by month"), charts.LINE, [_("Month %(month)d") % {"month": m} for m in months],
        [charts.Series(f.name, [_number(found.get((m, f.code)), m in begun) for m in months]) for f in shown],
        note=_("Counted month by month at the last roll-up of the year (money in yuan, hours in hours)."))


def _number(stored, begun: bool):
    """A month's stored value (absent: 0 in a month that has begun, None in one still to come)."""
    if stored is None:
        return 0 if begun else None
    return int(stored) if stored == stored.to_integral_value() else stored.normalize()


def needs_charts(user, region: Region) -> tuple[charts.Chart | None, charts.Chart | None]:
    """Needs by state and by category from the needs summary (no query over the needs themselves)."""
    if not access.has_action(user, need_counts.ACTION):
        return None, None
    counted = need_counts.scope_counts(user, region)
    states = need_counts.status_counts(counted)
    categories = need_counts.category_counts(counted, NeedCategory.objects.cached())
    base = figures.list_url("needs:list", region=region.code)
    by_status = charts.Chart("need_states", _("Needs by state"), charts.BAR, [label for _c, label, _n in states],
                             [charts.Series(_("Needs"), [n for _c, _l, n in states])],
                             links=[f"{base}&status={code}" for code, _l, _n in states],
                             note=_("Every need of the unit registered so far, in its current state."),
                             as_of=counted.as_of)
    by_category = charts.Chart("need_categories", _("Needs by category"), charts.PIE,
                               [category.name for category, _n in categories],
                               [charts.Series(_("Needs"), [n for _c, n in categories])],
                               links=[f"{base}&category={category.code}" for category, _n in categories],
                               note=_("Every need of the unit registered so far, by category."))
    return by_status, by_category


def pipeline(region: Region, year: int) -> tuple[dict[tuple[str, str], int], dt.datetime | None]:
    """``{(state, vehicle): n}`` of the unit's projects of the plan year ``year`` (one grouped query; cached for a
    district and above), with the moment it was counted when it comes from the cache."""
    query = (Project.objects.order_by().filter(code_range(region.prefix, "region_id"), year=year)
             .values_list("status", "vehicle").annotate(n=Count("id")))
    seconds = getattr(settings, "WUSE_WIDE_COUNTS_SECONDS", 0)
    if not seconds or len(region.prefix) > FUNNEL_CACHE_WIDTH:
        return {(status, vehicle): n for status, vehicle, n in query}, None
    key = f"dashboard:pipeline:{region.prefix}:{year}"
    found = cache.get(key)
    if found is None:
        found = ({(status, vehicle): n for status, vehicle, n in query}, timezone.now())
        cache.set(key, found, seconds)
    return found


def pipeline_chart(user, region: Region, year: int) -> charts.Chart | None:
    """The project pipeline: the unit's projects of the year in each state, stacked by vehicle."""
    if not holds(user, "project.view", region):
        return None
    counted, as_of = pipeline(region, year)
    states = [(code, label) for code, label in PROJECT_PROCESS.choices]
    base = figures.list_url("projects:list", region=region.code, year=year)
    return charts.Chart(
        "pipeline", _("Project pipeline"), charts.STACKED_BAR, [label for _code, label in states],
        [charts.Series(label, [counted.get((code, vehicle), 0) for code, _l in states])
         for vehicle, label in Vehicle.choices],
        links=[f"{base}&status={code}" for code, _label in states],
        note=_("The unit's projects of the plan year in each state, by how they are published."), as_of=as_of)


def holds(user, action: str, region: Region) -> bool:
    """Whether ``user`` holds ``action`` over ``region`` through the role table (as ``figures.visible``)."""
    is_global, prefixes = access.prefixes(user, action)
    return is_global or any(region.code.startswith(prefix) for prefix in prefixes)
