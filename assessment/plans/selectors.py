"""Reads of the assessment plans: which plan assesses a unit, who may edit and score, and the scores and ranks of
a unit's children — computed on read from the KPI snapshot (never the records) and the manual scores, in the same
five queries for 1 child or 50.

Public API for the dashboards and the yearly report: ``plan_for(year, region)`` and
``unit_scores(user, parent_region, year)``.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse

from assessment.models import KpiSnapshot
from wuse.access import api as access
from wuse.access.policy import grants
from wuse.core import figures
from wuse.core.shell import Crumb
from wuse.regions.levels import DEPTH, ORDER, PREFIX_LENGTH, Level
from wuse.regions.models import Region

from . import scoring
from .models import Indicator, ManualScore, Plan, PlanStatus

VIEW, EDIT, SCORE = "plan.view", "plan.edit", "plan.score"
PLAN_LEVELS = (Level.CITY, Level.DISTRICT)


def _code(region_code: str, level: str) -> str:
    """The code of the unit of ``level`` above (or at) ``region_code``."""
    return region_code[:PREFIX_LENGTH[level]].ljust(12, "0")


def _candidates(region_code: str, level: str) -> list[str]:
    """The units whose plan may assess a unit of ``level``: its district (for a street or a community), then its
    city."""
    found = []
    if DEPTH[Level(level)] > DEPTH[Level.DISTRICT]:
        found.append(_code(region_code, Level.DISTRICT))
    if DEPTH[Level(level)] > DEPTH[Level.CITY]:
        found.append(_code(region_code, Level.CITY))
    return found


def _choose(plans: list[Plan], candidates: list[str]) -> Plan | None:
    by_region = {plan.region_id: plan for plan in plans}
    return next((by_region[code] for code in candidates if code in by_region), None)


def plan_for(year: int, region: Region) -> Plan | None:
    """The published plan that assesses ``region`` in ``year``: its district's plan first, else the city's plan,
    else None (a city or a province is assessed by no plan). One query."""
    candidates = _candidates(region.code, region.level)
    if not candidates:
        return None
    plans = list(Plan.objects.filter(year=year, status=PlanStatus.PUBLISHED, region_id__in=candidates)
                 .select_related("region"))
    return _choose(plans, candidates)


def _parent_prefix(region: Region) -> str | None:
    depth = DEPTH[Level(region.level)]
    if depth == 0:
        return None
    return region.code[:PREFIX_LENGTH[ORDER[depth - 1]]]


def _sits_at(user, action: str, prefix: str | None) -> bool:
    """Whether the user holds ``action`` through a membership at exactly the unit with ``prefix``."""
    table = grants(action)
    return prefix is not None and any(g.role in table and g.prefix == prefix for g in access.memberships(user))


def may_edit(user, region: Region) -> bool:
    """The plan of ``region`` is edited by the role sitting at that unit (city admin, district reviewer)."""
    return region.level in PLAN_LEVELS and _sits_at(user, EDIT, region.prefix) and access.can(user, EDIT, region)


def may_score(user, region: Region) -> bool:
    """A manual score of ``region`` is given by the role sitting at its parent (street officer → communities,
    district reviewer → streets, city admin → districts)."""
    return _sits_at(user, SCORE, _parent_prefix(region)) and access.can(user, SCORE, region)


def editable_units(user) -> list[Region]:
    """The units whose plan the user may write (one query)."""
    table = grants(EDIT)
    codes = sorted({g.prefix.ljust(12, "0") for g in access.memberships(user) if g.role in table})
    return [r for r in Region.objects.filter(code__in=codes, level__in=PLAN_LEVELS) if may_edit(user, r)]


def own_units(user) -> list[Region]:
    """The units of the user's memberships that carry ``plan.view``, the widest first (one query)."""
    table = grants(VIEW)
    codes = sorted({g.prefix.ljust(12, "0") for g in access.memberships(user) if g.role in table})
    return sorted(Region.objects.filter(code__in=codes), key=lambda r: (len(r.prefix), r.code))


def visible_plans(user, year: int | None = None, *, counted: bool = False) -> QuerySet:
    """The plans the user may read: those of their units and below, and those of the units above (the reach);
    ``counted``: with their number of indicators (the list)."""
    queryset = Plan.objects.select_related("region").order_by("-year", "region_id")
    if counted:
        queryset = queryset.annotate(indicator_count=Count("indicators"))
    if year is not None:
        queryset = queryset.filter(year=year)
    return access.scoped(user, VIEW, queryset)


def indicators_of(plan: Plan) -> list[Indicator]:
    return list(plan.indicators.order_by("position", "id"))


@dataclass(frozen=True)
class Cell:
    weight: Decimal
    full: Decimal | None
    zero: Decimal | None


@dataclass(frozen=True)
class PlanLine:
    """An indicator as the plan's page shows it: its figure (None for a manual one) and a cell per level."""

    indicator: Indicator
    figure: Any
    cells: list[Cell]

    @property
    def unit(self) -> str:
        """The band's unit: percent for a share, else the figure's own."""
        if self.figure is None:
            return ""
        return "%" if self.figure.ratio else str(self.figure.unit)


def plan_lines(plan: Plan) -> list[PlanLine]:
    def band(value):
        return None if value is None else scoring.plain(value)

    return [PlanLine(i, figures.FIGURES.get(i.code), [Cell(scoring.plain(i.weight(level)), *map(band, i.band(level)))
                                                      for level in plan.levels]) for i in indicators_of(plan)]


# --------------------------------------------------------------------------------------------------- scores

@dataclass(frozen=True)
class Points:
    """A unit's points on one indicator: ``value`` is the KPI's value as the figure prints it (or the manual
    points), ``state`` green/amber/red/missing."""

    indicator: Indicator
    weight: Decimal
    points: Decimal
    state: str
    value: str = "—"
    figure: Any = None
    score: ManualScore | None = None

    @property
    def missing(self) -> bool:
        return self.state == scoring.MISSING


@dataclass
class UnitScore:
    region: Region
    plan: Plan | None
    total: Decimal = Decimal(0)
    rank: int | None = None
    points: list[Points] = field(default_factory=list)
    previous_total: Decimal | None = None
    previous_rank: int | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_total is None or self.plan is None else self.total - self.previous_total


def _kpi_value(figure, row: tuple | None) -> tuple[Decimal | None, str]:
    """(the value the band reads — a share in percent —, the value as printed) from a snapshot row."""
    if row is None:
        return None, "—"
    value, part, whole = row
    if figure.ratio:
        if value is None:
            return None, "—"
        return value * 100, f"{scoring.plain(value * 100)}%"
    if value is None:
        return None, "—"
    number = int(value) if value == value.to_integral_value() else value.normalize()
    return Decimal(value), figure.display(number)


def _score(plan: Plan, indicators: list[Indicator], level: str, region: Region, snapshot: dict, manual: dict
           ) -> tuple[Decimal, list[Points]]:
    total, lines = Decimal(0), []
    for indicator in indicators:
        weight = indicator.weight(level)
        if not weight:
            continue
        if indicator.manual:
            score = manual.get((indicator.pk, region.code))
            # Never above the weight, even if the weight was lowered after the score was given.
            points = min(score.points if score else Decimal(0), weight).quantize(scoring.HUNDREDTH)
            lines.append(Points(indicator, weight, points, scoring.manual_state(score and score.points, weight),
                                scoring.plain(points) if score else "—", score=score))
        else:
            figure = figures.FIGURES.get(indicator.code)
            if figure is None:  # a figure no longer declared: nothing to read
                lines.append(Points(indicator, weight, Decimal(0), scoring.MISSING))
                continue
            value, shown = _kpi_value(figure, snapshot.get((plan.year, region.code, indicator.code)))
            full, zero = indicator.band(level)
            points, state = scoring.kpi_points(value, full, zero, weight)
            lines.append(Points(indicator, weight, points, state, shown, figure=figure))
        total += lines[-1].points
    return total, lines


def unit_scores(user, parent_region: Region, year: int) -> list[UnitScore]:
    """The children of ``parent_region`` scored on the plan that assesses them in ``year``, ranked among
    themselves (the same plan, level and assessing unit), with last year's total and rank on last year's plan.

    Empty when the user may not see ``parent_region``. A child without a plan in force has ``plan`` None, no total
    and no rank. Five queries whatever the number of children (children, plans, indicators, snapshot rows,
    manual scores); the caller pages the list."""
    if not access.can(user, VIEW, parent_region):
        return []
    children = list(Region.objects.filter(parent=parent_region).order_by("code"))
    if not children:
        return []
    level = children[0].level
    candidates = _candidates(children[0].code, level)
    years = [year, year - 1]
    plans = list(Plan.objects.filter(year__in=years, status=PlanStatus.PUBLISHED, region_id__in=candidates)
                 .select_related("region")) if candidates else []
    chosen = {y: _choose([p for p in plans if p.year == y], candidates) for y in years}
    in_force = [p for p in chosen.values() if p is not None]
    indicators: dict[int, list[Indicator]] = {p.pk: [] for p in in_force}
    if in_force:
        for indicator in Indicator.objects.filter(plan__in=in_force).order_by("position", "id"):
            indicators[indicator.plan_id].append(indicator)
    codes = [c.code for c in children]
    kpi_codes = {i.code for found in indicators.values() for i in found if not i.manual}
    snapshot = {}
    if kpi_codes:
        rows = access.scoped(user, VIEW, KpiSnapshot.objects.filter(
            year__in=years, region_id__in=codes, code__in=sorted(kpi_codes)))
        snapshot = {(y, r, c): (v, p, w) for y, r, c, v, p, w in
                    rows.values_list("year", "region_id", "code", "value", "part", "whole")}
    manual_ids = [i.pk for found in indicators.values() for i in found if i.manual]
    manual = {}
    if manual_ids:
        manual = {(s.indicator_id, s.region_id): s for s in access.scoped(user, VIEW, ManualScore.objects.filter(
            indicator_id__in=manual_ids, region_id__in=codes))}
    results = [UnitScore(child, chosen[year]) for child in children]
    for y, plan in chosen.items():
        if plan is None:
            continue
        scored = [_score(plan, indicators[plan.pk], level, child, snapshot, manual) for child in children]
        ranked = scoring.ranks([total for total, _lines in scored])
        for result, (total, lines), rank in zip(results, scored, ranked, strict=True):
            if y == year:
                result.total, result.points, result.rank = total, lines, rank
            else:
                result.previous_total, result.previous_rank = total, rank
    return results


def score_of(indicator: Indicator, region: Region) -> ManualScore | None:
    return ManualScore.objects.filter(indicator=indicator, region=region).first()


def crumbs(user, region: Region) -> list[Crumb]:
    """The path from the top to ``region``, each unit linked to its children's scores where the user may look."""
    return [Crumb(unit.name, reverse("plans:scores", args=[unit.code]) if access.can(user, VIEW, unit) else None)
            for unit in region.path()]
