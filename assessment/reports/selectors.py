"""What a yearly report reads: the year's KPI snapshot (``assessment.models.KpiSnapshot``) of a unit and of the two
levels below it, never the records behind a figure, so no personal data can reach a report and its cost depends
on the number of units, not of records: one query for the unit (this year and last), one per level below.

A tier is one level of units below the report's unit (a district's streets, then its communities); each row carries
its rank per figure among its siblings (the units with the same parent), ties sharing a rank (1, 2, 2, 4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models import KpiSnapshot, RollupRun, RunStatus
from assessment.selectors import VIEW, Line, Value, shown_figures
from wuse.access import api as access
from wuse.core import figures
from wuse.core.figures import code_range
from wuse.regions.levels import DEPTH, ORDER, Level
from wuse.regions.models import Region

EXPORT = "report.export"
TIERS = 2  # levels below the unit: a district's streets and communities, a city's districts and streets

# Indicator groups: a figure's group is the first part of its code. Unknown groups (a step added later) keep
# their code as the label.
GROUP_LABELS = {
    "needs": _("Needs"),
    "projects": _("Projects"),
    "evaluations": _("Evaluations"),
    "rectifications": _("Rectifications"),
    "volunteers": _("Volunteers"),
    "organizations": _("Social organizations"),
    "social_workers": _("Social workers"),
    "community_workers": _("Community workers"),
    "charity": _("Charity resources"),
    "ledger": _("Time bank and points"),
}


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    figures: list[figures.Figure]


def groups_of(shown: list[figures.Figure]) -> list[Group]:
    """The figures by the first part of their code, in the registry's order of each group's first figure."""
    found: dict[str, list[figures.Figure]] = {}
    for figure in shown:
        found.setdefault(figure.code.split(".", 1)[0], []).append(figure)
    return [Group(key, str(GROUP_LABELS.get(key, key)), members) for key, members in found.items()]


def number(value: Value) -> Decimal | int | None:
    """A value as one number (a share as a fraction; None when there is nothing to measure or no row)."""
    if not value.present:
        return None
    if value.figure.ratio:
        return value.value.share
    if value.value is None:
        return None
    return value.value


@dataclass
class TierRow:
    region: Region
    parent: Region | None
    values: dict[str, Value]
    ranks: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Tier:
    level: str
    label: str
    rows: list[TierRow]


@dataclass(frozen=True)
class ReportData:
    region: Region
    year: int
    path: list[Region]
    as_of: dt.datetime | None
    made_at: dt.datetime
    figures: list[figures.Figure]
    groups: list[Group]
    lines: list[Line]
    tiers: list[Tier]
    user: Any = None  # whom the report is made for (a section reading more than the snapshot asks as them)

    @property
    def line_of(self) -> dict[str, Line]:
        return {line.figure.code: line for line in self.lines}


def _rows(user, year_range: list[int], queryset) -> dict[tuple, tuple]:
    rows = access.scoped(user, VIEW, queryset.filter(year__in=year_range)).values_list(
        "year", "region_id", "code", "value", "part", "whole")
    return {(year, region, code): (value, part, whole) for year, region, code, value, part, whole in rows}


def levels_below(region: Region) -> list[str]:
    depth = DEPTH[region.level]
    return list(ORDER[depth + 1:depth + 1 + TIERS])


def rank(values: list[tuple[Any, Decimal | int | None]], higher_is_better: bool) -> dict[Any, int]:
    """Competition ranks (1, 2, 2, 4) of the keys with a number; the best first by the figure's direction."""
    present = sorted((v for v in values if v[1] is not None), key=lambda kv: kv[1], reverse=higher_is_better)
    ranks, previous, position = {}, None, 0
    for index, (key, value) in enumerate(present, start=1):
        if value != previous:
            position, previous = index, value
        ranks[key] = position
    return ranks


def _tier(user, region: Region, level: str, year: int, shown: list[figures.Figure], parents: dict[str, Region]):
    units = list(Region.objects.within(region.prefix).of_level(level).order_by("code"))
    stored = _rows(user, [year], KpiSnapshot.objects.filter(level=level).filter(code_range(region.prefix,
                                                                                            "region_id")))
    rows = [TierRow(unit, parents.get(unit.parent_id),
                    {f.code: Value.of(f, stored.get((year, unit.code, f.code))) for f in shown}) for unit in units]
    siblings: dict[str | None, list[TierRow]] = {}
    for row in rows:
        siblings.setdefault(row.region.parent_id, []).append(row)
    for family in siblings.values():
        for f in shown:
            ranks = rank([(row.region.code, number(row.values[f.code])) for row in family], f.higher_is_better)
            for row in family:
                row.ranks[f.code] = ranks.get(row.region.code)
    return Tier(level, str(Level(level).label), rows), {u.code: u for u in units}


def report_data(user, region: Region, year: int) -> ReportData:
    """Everything a report of ``region`` for ``year`` shows, read as ``user`` may see it (a few queries)."""
    shown = shown_figures(user, region)
    stored = _rows(user, [year, year - 1], KpiSnapshot.objects.filter(region_id=region.code))
    lines = [Line(f, Value.of(f, stored.get((year, region.code, f.code))),
                  Value.of(f, stored.get((year - 1, region.code, f.code)))) for f in shown]
    tiers, parents = [], {region.code: region}
    for level in levels_below(region):
        tier, parents = _tier(user, region, level, year, shown, parents)
        if tier.rows:
            tiers.append(tier)
    last = RollupRun.objects.filter(year=year, status=RunStatus.DONE).order_by("-started_at").first()
    return ReportData(region=region, year=year, path=region.path(), as_of=last.as_of if last else None,
                      made_at=timezone.localtime(), figures=shown, groups=groups_of(shown), lines=lines, tiers=tiers,
                      user=user)
