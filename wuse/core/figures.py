"""Figures: each declared once — code, name, definition, unit — and computed set-based for a whole level.

A step declares its figures in its own ``figures.py`` with ``register_figure(Figure(...))`` from its
``AppConfig.ready``; the core knows none of them. Every page that shows a number (the linkage summary,
a unit's key figures on the home page, the social-worker KPI, later the annual assessment) reads it here,
so a figure has one definition and one way of being computed.

A figure is one grouped query: the records that count in a ``Period`` (``rows``), placed in a unit by a
12-digit division-code column (``column``), aggregated (``aggregate``) per code prefix of the requested
width. ``compute(prefix, width, period)`` returns ``{code prefix: value}`` for every unit under
``prefix`` at once — one query whatever the number of units.

**Count at the level.** A unit's value is always computed at that unit's own width, never added up from
its children: a volunteer who served in two communities is one volunteer of the street. ``figure_table``
therefore runs each figure twice (the children, then the unit itself). A record kept at a unit above the
grouping level (a street's own station) counts in that unit's value and in no child's.

A ratio figure (``ratio=(part code, whole code)``) is computed from its two figures and carries a
``Share``; ``target`` marks the value a unit should reach (Zhejiang: 60 % of community workers certified).

**Drill-down to the records.** ``records(code, period)`` (optional) gives the address of the list of records behind a
unit's value (``code``: the unit's 12-digit code), as far as that list can filter them, or None; the step declares
it beside the figure, so a dashboard links a number to its records without knowing the step (``records_url``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from wuse.access import api as access

from . import numbers

CODE_LENGTH = 12


@dataclass(frozen=True)
class Period:
    """A half-open span of days ``[start, end)``; a figure of a period counts what happened in it, or what
    stood at its end (registered before ``end`` and still in force)."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    @property
    def last_year(self) -> int:
        """The calendar year of the period's last day (certificates obtained by then count)."""
        return (self.end - dt.timedelta(days=1)).year


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``; ``share`` is None when the whole is zero (nothing to measure)."""

    part: int = 0
    whole: int = 0

    @property
    def share(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(str(self.part)) / Decimal(str(self.whole))).quantize(Decimal("0.001"))

    @property
    def percent(self) -> int | None:
        return None if not self.whole else round(100 * self.part / self.whole)


def code_range(prefix: str, column: str) -> Q:
    """``column`` inside the closed range of codes that start with ``prefix`` (an index range, not LIKE)."""
    return Q(**{f"{column}__gte": prefix.ljust(CODE_LENGTH, "0"), f"{column}__lte": prefix.ljust(CODE_LENGTH, "9")})


@dataclass(frozen=True)
class Figure:
    code: str
    name: Any  # lazy text
    definition: Any  # one sentence, shown wherever the number appears
    unit: Any = ""  # 人, 件, 小时, 元, %
    rows: Callable[[Period], QuerySet] | None = None  # the records that count in the period (not yet placed)
    column: str = "region_id"  # the division-code column that places a record in a unit
    aggregate: Callable[[], Any] = lambda: Count("id")
    grouped: Callable[[str, int, Period], dict[str, Any]] | None = None  # a set-based computation of its own
    ratio: tuple[str, str] | None = None  # (part figure, whole figure)
    target: Decimal | None = None  # for a ratio: the share a unit should reach
    money: bool = False  # shown as money (70,000.00); otherwise as a quantity (49, 2.5, 1,500)
    action: str | None = None  # an action the viewer must hold somewhere to see the figure
    home: int | None = None  # order among a unit's key figures on the home page (None: not shown there)
    linkage: int | None = None  # order among the linkage summary's columns after the registry's own (None: not)
    higher_is_better: bool = True
    average: bool = False  # a mean: nothing to average is "—" (None), not 0
    records: Callable[[str, Period], str | None] | None = None  # the list of the records behind a unit's value

    def records_url(self, code: str, period: Period) -> str | None:
        """The address of the list of records behind the value of the unit ``code`` (None: no such list)."""
        return None if self.records is None else self.records(code, period)

    def compute(self, prefix: str, width: int, period: Period) -> dict[str, Any]:
        """``{code[:width]: value}`` of every unit at ``width`` under ``prefix`` (absent: nothing counted)."""
        if self.grouped is not None:
            return self.grouped(prefix, width, period)
        queryset = self.rows(period).filter(code_range(prefix, self.column)).order_by()
        grouped = (queryset.annotate(_unit=Substr(self.column, 1, width)).values("_unit")
                   .annotate(_value=self.aggregate()).values_list("_unit", "_value"))
        return {unit: value for unit, value in grouped if value is not None}

    @property
    def zero(self):
        """The value of a unit where nothing counted: an empty share, None for a mean, else 0."""
        return Share() if self.ratio else None if self.average else 0

    def display(self, value) -> str:
        if self.ratio:
            return "—" if value.whole == 0 else f"{value.percent}%"
        if self.average and value is None:
            return "—"
        return numbers.money(value or 0) if self.money else numbers.quantity(value or 0)

    def meets_target(self, value) -> bool | None:
        if not self.ratio or self.target is None or value.whole == 0:
            return None
        return value.share >= self.target


def list_url(url_name: str, **query) -> str:
    """A list page's address with its filters (``None`` and empty values left out), for ``Figure.records``."""
    shown = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(url_name) + (f"?{urlencode(shown)}" if shown else "")


def period_dates(period: Period) -> dict[str, str]:
    """A list's ``date_from``/``date_to`` filters (inclusive days) covering ``period``."""
    return {"date_from": period.start.isoformat(), "date_to": (period.end - dt.timedelta(days=1)).isoformat()}


FIGURES: dict[str, Figure] = {}


def register_figure(figure: Figure) -> Figure:
    if figure.code in FIGURES and FIGURES[figure.code] != figure:
        raise ValueError(f"figure {figure.code!r} is declared twice")
    if (figure.rows is None) == (figure.grouped is None) and figure.ratio is None:
        raise ValueError(f"figure {figure.code!r}: give rows (a grouped aggregate) or grouped, not both")
    FIGURES[figure.code] = figure
    return figure


def figure(code: str) -> Figure:
    return FIGURES[code]


def compute(codes: Iterable[str], prefix: str, width: int, period: Period) -> dict[str, dict[str, Any]]:
    """``{figure code: {code prefix: value}}`` for each figure, grouped at ``width`` under ``prefix``
    (one query per plain figure; a ratio reuses its parts)."""
    results: dict[str, dict[str, Any]] = {}

    def run(code: str) -> dict[str, Any]:
        if code not in results:
            declared = FIGURES[code]
            if declared.ratio:
                part, whole = (run(c) for c in declared.ratio)
                results[code] = {key: Share(part.get(key, 0), whole[key]) for key in whole}
            else:
                results[code] = declared.compute(prefix, width, period)
        return results[code]

    codes = list(codes)
    for code in codes:
        run(code)
    return {code: results[code] for code in codes}


@dataclass(frozen=True)
class Cell:
    figure: Figure
    value: Any

    @property
    def display(self) -> str:
        return self.figure.display(self.value)

    @property
    def meets_target(self) -> bool | None:
        return self.figure.meets_target(self.value)

    @property
    def detail(self) -> str:
        """What a share is made of ("2/3"); empty for other figures."""
        return f"{self.value.part}/{self.value.whole}" if self.figure.ratio and self.value.whole else ""

    @property
    def number(self):
        """The value for a spreadsheet: a number (a share as a fraction, None when there is nothing to
        measure)."""
        if self.figure.ratio:
            return None if self.value.share is None else float(self.value.share)
        if self.figure.average and self.value is None:
            return None
        return self.value or 0


@dataclass
class FigureRow:
    """One unit's values of the requested figures, in their order."""

    region: Any
    values: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)

    def __getitem__(self, code: str):
        return self.values[code]

    @property
    def cells(self) -> list[Cell]:
        return [Cell(f, self.values[f.code]) for f in self.figures]


def unit_values(codes: Iterable[str], region, period: Period) -> FigureRow:
    """One unit's figures, each counted at the unit's own level."""
    codes = list(codes)
    computed = compute(codes, region.prefix, len(region.prefix), period)
    return _row(region, codes, computed, region.prefix)


def figure_table(codes: Iterable[str], region, children: list, period: Period) -> tuple[list[FigureRow], FigureRow]:
    """(one row per child unit, the unit's own row): each counted at its own level, never summed."""
    codes = list(codes)
    rows = []
    if children:
        width = len(children[0].prefix)
        computed = compute(codes, region.prefix, width, period)
        rows = [_row(child, codes, computed, child.code[:width]) for child in children]
    return rows, unit_values(codes, region, period)


def _row(region, codes: list[str], computed: dict[str, dict[str, Any]], key: str) -> FigureRow:
    figures = [FIGURES[code] for code in codes]
    return FigureRow(region, {f.code: computed[f.code].get(key, f.zero) for f in figures}, figures)


def visible(user, region, figure: Figure) -> bool:
    """Whether ``user`` may see ``figure`` of ``region``: its action held over the unit through the role table
    (a single-object grant shows no unit's figures)."""
    if figure.action is None:
        return True
    is_global, prefixes = access.prefixes(user, figure.action)
    return is_global or any(region.code.startswith(prefix) for prefix in prefixes)


def home_figures(user, region) -> list[Figure]:
    """The figures a unit's home page shows for ``user`` at ``region``, in order (``visible`` ones)."""
    return sorted((f for f in FIGURES.values() if f.home is not None and visible(user, region, f)),
                  key=lambda f: f.home)


def linkage_figures(user, region) -> list[Figure]:
    """The figures the steps add to the linkage summary (``Figure.linkage``), in order, that ``user`` may see at
    ``region`` (None: all of them)."""
    return sorted((f for f in FIGURES.values() if f.linkage is not None
                   and (user is None or visible(user, region, f))), key=lambda f: f.linkage)
