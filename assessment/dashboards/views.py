"""A unit's dashboard (``/dashboard/`` for the user's widest unit, ``/dashboard/<code>/?year=``): KPI tiles, the
monthly trends, needs by state and category, the project pipeline, the grades, the five-society participation and
the red/amber/green board of the children, each chart beside its table. Reads only (see ``selectors``)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from assessment import selectors as assessment
from assessment.params import unit_views, year_param
from assessment.services import EARLIEST_YEAR
from assessment.views import YEARS_SHOWN
from wuse.access import api as access
from wuse.core import figures
from wuse.core.shell import Crumb
from wuse.regions.models import Region

from . import board, selectors
from .selectors import VIEW


def _crumbs(user, region: Region) -> list[Crumb]:
    return [Crumb(u.name, reverse("dashboard:unit", args=[u.code]) if access.can(user, VIEW, u) else None)
            for u in region.path()]


def _page(request, region: Region, *, others: list[Region]):
    user, year = request.user, year_param(request)
    period = figures.Period.year(year)
    lines = selectors.unit_lines(user, region, year)
    last_done, _runs = assessment.runs_of(year)
    need_states, need_categories = selectors.needs_charts(user, region)
    pipeline = selectors.pipeline_chart(user, region, year)
    shown = board.signals(user, region)
    this_year = timezone.localdate().year
    charts = [c for c in (selectors.trend_chart(user, region, year), need_states, need_categories, pipeline,
                          selectors.grade_chart(lines, region, period),
                          selectors.linkage_chart(user, lines, region, period)) if c is not None]
    return render(request, "assessment/dashboards/dashboard.html", {
        "region": region, "year": year, "others": others, "breadcrumbs": _crumbs(user, region),
        "years": range(this_year, max(EARLIEST_YEAR, this_year - YEARS_SHOWN) - 1, -1),
        "tiles": [(line, line.figure.records_url(region.code, period)) for line in selectors.tile_lines(lines)],
        "charts": charts, "last_done": last_done,
        "signals": [(key, board.LABELS[key], board.THRESHOLDS[key]) for key in shown],
        "board": board.board(request, region, year, shown),
    })


# /dashboard/ (the user's widest unit) and /dashboard/<code>/ (any unit in scope)
home, unit = unit_views(VIEW, selectors.own_units, _page)
