"""Reads of the assessment pages. They read the snapshot only — never the records behind a figure — so a page costs
the same few queries for a community and for the city, and for a street with 1 community or 50 districts' worth
of children (a page of 50 children at most)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.access.policy import grants
from wuse.core import figures, numbers
from wuse.core.pagination import paginate
from wuse.core.shell import Crumb
from wuse.regions.models import Region

from .approvals import open_counts, rolled_up
from .models import Approval, ApprovalEvent, KpiSnapshot, RollupRun, RunStatus

VIEW = "assessment.view"
ROLLUP = "assessment.rollup"
CHILDREN_PER_PAGE = 50
RUNS_SHOWN = 5
HISTORY_SHOWN = 10  # on the unit page; the whole history is on its own paginated page
HISTORY_PER_PAGE = 20


def _number(stored: Decimal | None):
    """A stored number as the figure gives it: an int when whole (counts), else the decimal without trailing
    zeros."""
    if stored is None:
        return None
    return int(stored) if stored == stored.to_integral_value() else stored.normalize()


@dataclass(frozen=True)
class Value:
    """One unit's value of a figure in the snapshot; ``present`` is False when the snapshot has no row for it (the
    year not rolled up yet, a unit added since)."""

    figure: figures.Figure
    value: Any = None
    present: bool = False

    @classmethod
    def of(cls, figure: figures.Figure, row: tuple | None) -> "Value":
        if row is None:
            return cls(figure)
        value, part, whole = row
        if figure.ratio:
            return cls(figure, figures.Share(_number(part) or 0, _number(whole) or 0), True)
        number = _number(value)
        return cls(figure, figure.zero if number is None else number, True)

    @property
    def display(self) -> str:
        return self.figure.display(self.value) if self.present else "—"

    @property
    def unit(self) -> str:
        """The figure's unit of measure beside the number (none beside a share, "—" or a missing row)."""
        if not self.present or self.figure.ratio or self.value is None:
            return ""
        return str(self.figure.unit)

    @property
    def detail(self) -> str:
        return figures.Cell(self.figure, self.value).detail if self.present else ""

    @property
    def meets_target(self) -> bool | None:
        return self.figure.meets_target(self.value) if self.present else None


@dataclass(frozen=True)
class Line:
    """A figure of the unit: this year's value, last year's and the change, worded."""

    figure: figures.Figure
    current: Value
    previous: Value

    @property
    def _delta(self) -> Decimal | None:
        if not (self.current.present and self.previous.present):
            return None
        if self.current.value is None or self.previous.value is None:  # a mean with nothing to average
            return None
        if self.figure.ratio:
            now, before = self.current.value.share, self.previous.value.share
            return None if now is None or before is None else (now - before) * 100
        return Decimal(self.current.value) - Decimal(self.previous.value)

    @property
    def change(self) -> str:
        delta = self._delta
        if delta is None:
            return "—"
        text = numbers.money(delta) if self.figure.money and not self.figure.ratio else numbers.quantity(delta)
        text = f"+{text}" if delta > 0 else text
        return _("%(change)s pp") % {"change": text} if self.figure.ratio else text

    @property
    def better(self) -> bool | None:
        """True when the change goes the figure's good way, False when the other, None without a change."""
        delta = self._delta
        if not delta:
            return None
        return (delta > 0) == self.figure.higher_is_better


def shown_figures(user, region: Region) -> list[figures.Figure]:
    """Every registered figure ``user`` may see at ``region``, in the registry's order."""
    return [f for f in figures.FIGURES.values() if figures.visible(user, region, f)]


def own_units(user) -> list[Region]:
    """The units of the user's memberships that carry ``assessment.view``, the widest first (one query)."""
    table = grants(VIEW)
    codes = list(dict.fromkeys(g.prefix.ljust(12, "0") for g in sorted(access.memberships(user),
                                                                       key=lambda g: (len(g.prefix), g.prefix))
                               if g.role in table))
    found = {region.code: region for region in Region.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def crumbs(user, region: Region) -> list[Crumb]:
    """The path from the top to ``region``, each unit linked to its assessment page where the user may look."""
    return [Crumb(unit.name, reverse("assessment:unit", args=[unit.code]) if access.can(user, VIEW, unit) else None)
            for unit in region.path()]


def _snapshot_rows(user, years: list[int], region_codes: list[str]) -> dict[tuple, tuple]:
    """``{(year, region code, figure code): (value, part, whole)}`` for the given units, within the user's scope
    (one query)."""
    rows = access.scoped(user, VIEW, KpiSnapshot.objects.filter(year__in=years, region_id__in=region_codes)
                         ).values_list("year", "region_id", "code", "value", "part", "whole")
    return {(year, region, code): (value, part, whole) for year, region, code, value, part, whole in rows}


def unit_lines(user, shown: list[figures.Figure], region: Region, year: int) -> list[Line]:
    stored = _snapshot_rows(user, [year, year - 1], [region.code])
    return [Line(f, Value.of(f, stored.get((year, region.code, f.code))),
                 Value.of(f, stored.get((year - 1, region.code, f.code)))) for f in shown]


@dataclass(frozen=True)
class ChildRow:
    """A child unit's values, and its approval state of the year: ``approval`` (who, when) or, when open,
    ``open_below`` (its units below not approved yet) and ``rolled_up`` (it has rows in the snapshot)."""

    region: Region
    values: list[Value]
    approval: Approval | None = None
    open_below: int = 0
    rolled_up: bool = False

    @property
    def ready(self) -> bool:
        """Open and approvable now (everything below approved, rolled up)."""
        return self.approval is None and not self.open_below and self.rolled_up


def children_page(request, shown: list[figures.Figure], region: Region, year: int):
    """A page of the unit's children (50 at most), each with its values of ``shown`` and its approval state
    (seven queries, whatever the number of children or approvals)."""
    page = paginate(request, Region.objects.filter(parent=region).order_by("code"), per_page=CHILDREN_PER_PAGE)
    children = list(page.object_list)
    codes = [child.code for child in children]
    stored = _snapshot_rows(request.user, [year], codes) if children else {}
    approvals = {a.region_id: a for a in Approval.objects.filter(year=year, region_id__in=codes)
                 .select_related("approved_by")} if children else {}
    counts, rows = open_counts(year, codes), rolled_up(year, codes)
    page.rows = [ChildRow(child, [Value.of(f, stored.get((year, child.code, f.code))) for f in shown],
                          approvals.get(child.code), counts.get(child.code, 0), child.code in rows)
                 for child in children]
    page.ready = sum(1 for row in page.rows if row.ready)
    return page


def approval_of(year: int, region: Region) -> Approval | None:
    """The unit's own approval of ``year`` (one query)."""
    return Approval.objects.filter(year=year, region=region).select_related("approved_by").first()


def _history(year: int, region: Region):
    return (ApprovalEvent.objects.filter(year=year, region=region).select_related("user", "cause")
            .order_by("-at", "-id"))


def history_latest(year: int, region: Region) -> tuple[list[ApprovalEvent], bool]:
    """(the unit's latest approval events of ``year``, whether there are more) — one query."""
    events = list(_history(year, region)[:HISTORY_SHOWN + 1])
    return events[:HISTORY_SHOWN], len(events) > HISTORY_SHOWN


def history_page(request, year: int, region: Region):
    """A page of the unit's approval events of ``year``, newest first."""
    return paginate(request, _history(year, region), per_page=HISTORY_PER_PAGE)


def runs_of(year: int) -> tuple[RollupRun | None, list[RollupRun]]:
    """(the last finished run of ``year``, its latest runs) — two small queries."""
    last_done = RollupRun.objects.filter(year=year, status=RunStatus.DONE).order_by("-started_at").first()
    runs = list(RollupRun.objects.filter(year=year).select_related("started_by").order_by("-started_at")
                [:RUNS_SHOWN])
    return last_done, runs


def running(year: int) -> RollupRun | None:
    return RollupRun.objects.filter(year=year, status=RunStatus.RUNNING).order_by("-started_at").first()


def approved_above(year: int, region: Region) -> list[Region]:
    """The units above ``region`` approved for ``year`` — what unlocking it re-opens (one query)."""
    codes = Approval.objects.filter(year=year, region_id__in=region.ancestor_codes()).values("region_id")
    return list(Region.objects.filter(code__in=codes).order_by("-code"))
