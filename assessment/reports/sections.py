"""A yearly report is a list of sections, each made from the report's data (``selectors.ReportData``) and written
twice: as worksheets of the .xlsx (``Grid`` → ``xlsx.py``) and as tables and charts of the PDF (``pdf.py``).

A part of the assessment built later (an assessment plan's scores and ranks) adds its own section without this
module knowing it: ``register_section("plans.scores", order=30, build=…, count=…)`` from its ``AppConfig.ready``,
where ``build(data)`` yields ``Section`` objects and ``count(groups)`` says how many it will yield (the job's
progress counts sections). The built-in ones: the summary (order 10) and one section per indicator group (20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wuse.core import figures, numbers

from .charts import Chart, bar_chart, percent_text
from .selectors import Group, ReportData, number

FIGURES_PER_TABLE = 4  # a PDF table's figures (each with its rank): A4 portrait stays readable
CHARTS_PER_GROUP = 2
PDF_TIERS = 1  # levels below the unit in the PDF's tables (the workbook has ``selectors.TIERS``)


@dataclass(frozen=True)
class Num:
    """A number cell with its kind: ``count``, ``money``, ``percent`` (a fraction), ``mean``, ``rank`` or ``pp``
    (a change in percentage points). ``value`` None is an empty cell."""

    value: Any
    kind: str = "count"

    @property
    def text(self) -> str:
        value = self.value
        if value is None:
            return "—"
        if self.kind == "percent":
            return percent_text(value)
        if self.kind == "money":
            return numbers.money(value)
        if self.kind == "pp":
            return ("+" if value > 0 else "") + _("%(change)s pp") % {"change": numbers.quantity(value)}
        if self.kind == "rank":
            return str(value)
        text = numbers.quantity(value)
        return f"+{text}" if self.kind == "change" and value > 0 else text


@dataclass(frozen=True)
class Column:
    header: str
    band: str = ""  # a header over several columns (a figure over its value and its rank)
    width: float | None = None
    numeric: bool = False


@dataclass
class Grid:
    """A table of the report. Cells are text, ``Num`` or None; ``styles`` marks rows (``own``: the report's unit;
    ``parent``: a heading row naming the parent unit of the rows after it, PDF only); ``notes`` a small line
    under a row's first cell (a figure's definition)."""

    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preamble: list[tuple[str, Any]] = field(default_factory=list)
    frozen_columns: int = 1

    def add(self, cells: list[Any], style: str = "", note: str = "") -> None:
        self.rows.append(cells)
        self.styles.append(style)
        self.notes.append(note)

    @property
    def bands(self) -> list[dict]:
        """The header's upper row: a band over its columns, or a column without a band standing alone (its header
        over both rows)."""
        found: list[dict] = []
        for column in self.columns:
            if column.band and found and found[-1]["text"] == column.band and not found[-1]["alone"]:
                found[-1]["span"] += 1
            else:
                found.append({"text": column.band or column.header, "span": 1, "alone": not column.band})
        return found

    @property
    def has_bands(self) -> bool:
        return any(column.band for column in self.columns)

    def lines(self) -> list[dict]:
        """The rows worded for the PDF: each cell's text and whether it is a number."""
        return [{"style": style, "note": note, "cells": [
            {"text": cell.text if isinstance(cell, Num) else ("" if cell is None else str(cell)),
             "numeric": isinstance(cell, Num)} for cell in cells]}
            for cells, style, note in zip(self.rows, self.styles, self.notes, strict=True)]


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    sheets: list[Grid] = field(default_factory=list)  # worksheets of the .xlsx
    tables: list[Grid] = field(default_factory=list)  # tables of the PDF
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class SectionSource:
    key: str
    order: int
    build: Callable[[ReportData], Iterable[Section]]
    count: Callable[[list[Group]], int]


SOURCES: dict[str, SectionSource] = {}


def register_section(key: str, *, order: int, build: Callable[[ReportData], Iterable[Section]],
                     count: Callable[[list[Group]], int] = lambda groups: 1) -> SectionSource:
    if key in SOURCES:
        raise ValueError(f"report section {key!r} is declared twice")
    SOURCES[key] = source = SectionSource(key, order, build, count)
    return source


def sources() -> list[SectionSource]:
    return sorted(SOURCES.values(), key=lambda source: (source.order, source.key))


# --- cells ---------------------------------------------------------------------------------------------------------


def kind_of(figure: figures.Figure) -> str:
    if figure.ratio:
        return "percent"
    if figure.money:
        return "money"
    return "mean" if figure.average else "count"


def value_cell(figure: figures.Figure, value) -> Num:
    return Num(number(value), kind_of(figure))


def change_cell(line) -> Num:
    delta = line._delta
    if delta is None:
        return Num(None)
    if line.figure.ratio:
        return Num(delta.quantize(Decimal("0.1")), "pp")
    return Num(delta, "money" if line.figure.money else "change")


def figure_header(figure: figures.Figure) -> str:
    return f"{figure.name}（{figure.unit}）" if figure.unit and not figure.ratio else str(figure.name)


# --- the summary ----------------------------------------------------------------------------------------------------


def summary(data: ReportData) -> Iterable[Section]:
    year, last = str(data.year), str(data.year - 1)
    sheet = Grid(_("Summary"), [Column(_("Indicator group"), width=14), Column(_("Figure"), width=30),
                                Column(_("Unit of measure"), width=8), Column(year, numeric=True, width=14),
                                Column(last, numeric=True, width=14), Column(_("Change"), numeric=True, width=14),
                                Column(_("Definition"), width=70)], frozen_columns=2)
    sheet.preamble = preamble(data)
    table = Grid(_("Figures of the unit"), [Column(_("Figure")), Column(year, numeric=True),
                                             Column(last, numeric=True), Column(_("Change"), numeric=True)])
    line_of = data.line_of
    for group in data.groups:
        table.add([group.label], style="parent")
        for figure in group.figures:
            line = line_of[figure.code]
            current, previous = value_cell(figure, line.current), value_cell(figure, line.previous)
            sheet.add([group.label, str(figure.name), str(figure.unit), current, previous, change_cell(line),
                       str(figure.definition)])
            table.add([figure_header(figure), current, previous, change_cell(line)], note=str(figure.definition))
    yield Section("summary", _("Summary"), intro=_summary_intro(data), sheets=[sheet], tables=[table])


def preamble(data: ReportData) -> list[tuple[str, Any]]:
    return [(_("Unit"), " · ".join(unit.name for unit in data.path)), (_("Year"), str(data.year)),
            (_("Data as of"), data.as_of.strftime("%Y-%m-%d %H:%M") if data.as_of else _("not rolled up yet")),
            (_("Made on"), data.made_at.strftime("%Y-%m-%d %H:%M"))]


def _summary_intro(data: ReportData) -> str:
    if data.as_of is None:
        return _("The year has not been rolled up yet: the figures below are empty.")
    return _("Every figure is read from the year's snapshot of the annual assessment, each unit counted at its own "
             "level (never added up from the units below it); last year's value and the change beside it.")


# --- one section per indicator group --------------------------------------------------------------------------------


def group_sections(data: ReportData) -> Iterable[Section]:
    for group in data.groups:
        yield group_section(data, group)


def group_section(data: ReportData, group: Group) -> Section:
    line_of = data.line_of
    own = Grid(_("%(unit)s: this year and last") % {"unit": data.region.name},
               [Column(_("Figure")), Column(str(data.year), numeric=True), Column(str(data.year - 1), numeric=True),
                Column(_("Change"), numeric=True)])
    for figure in group.figures:
        line = line_of[figure.code]
        own.add([figure_header(figure), value_cell(figure, line.current), value_cell(figure, line.previous),
                 change_cell(line)], note=str(figure.definition))
    section = Section(f"group.{group.key}", group.label, sheets=[group_sheet(data, group)], tables=[own])
    # The PDF lists the units one level below (a district's streets); the workbook both levels (and the
    # communities): a district's 200 communities would make the PDF hundreds of pages and minutes of layout.
    for tier in data.tiers[:PDF_TIERS]:
        for start in range(0, len(group.figures), FIGURES_PER_TABLE):
            chunk = group.figures[start:start + FIGURES_PER_TABLE]
            section.tables.append(tier_table(data, tier, chunk))
    section.charts = group_charts(data, group)
    if data.tiers:
        section.intro = _("Ranks are among the units with the same parent, the best first by the figure's "
                          "direction; equal values share a rank.")
    if len(data.tiers) > PDF_TIERS:
        section.intro += " " + _("The workbook also lists the %(level)s, each with its ranks.") % {
            "level": data.tiers[PDF_TIERS].label}
    return section


def _figure_columns(chunk: list[figures.Figure], year: int) -> list[Column]:
    columns = []
    for figure in chunk:
        band = figure_header(figure)
        columns += [Column(str(year), band=band, numeric=True, width=12),
                    Column(_("Rank"), band=band, numeric=True, width=6)]
    return columns


def group_sheet(data: ReportData, group: Group) -> Grid:
    """The group's worksheet: the unit itself, then every unit of each tier below (streets, then communities),
    with each figure's value and rank among siblings."""
    sheet = Grid(group.label, [Column(_("Level"), width=8), Column(_("Parent unit"), width=20),
                               Column(_("Unit"), width=24), Column(_("Division code"), width=14),
                               *_figure_columns(group.figures, data.year)], frozen_columns=3)
    sheet.preamble = preamble(data)
    line_of = data.line_of
    own = [data.region.get_level_display(), data.path[-2].name if len(data.path) > 1 else "", data.region.name,
           data.region.code]
    for figure in group.figures:
        own += [value_cell(figure, line_of[figure.code].current), None]
    sheet.add(own, style="own")
    for tier in data.tiers:
        for row in tier.rows:
            cells = [tier.label, row.parent.name if row.parent else "", row.region.name, row.region.code]
            for figure in group.figures:
                cells += [value_cell(figure, row.values[figure.code]), Num(row.ranks.get(figure.code), "rank")]
            sheet.add(cells)
    return sheet


def tier_table(data: ReportData, tier, chunk: list[figures.Figure]) -> Grid:
    table = Grid(_("%(level)s of %(unit)s") % {"level": tier.label, "unit": data.region.name},
                 [Column(_("Unit")), *_figure_columns(chunk, data.year)])
    parent = None
    several_parents = len({row.region.parent_id for row in tier.rows}) > 1
    for row in tier.rows:
        if several_parents and row.region.parent_id != parent:
            parent = row.region.parent_id
            table.add([row.parent.name if row.parent else ""], style="parent")
        cells = [row.region.name]
        for figure in chunk:
            cells += [value_cell(figure, row.values[figure.code]), Num(row.ranks.get(figure.code), "rank")]
        table.add(cells)
    return table


def group_charts(data: ReportData, group: Group) -> list[Chart]:
    """Bars of the units one level below for the group's first figures with a value somewhere; for a unit with
    nothing below it, this year beside last year for the group's counts."""
    charts: list[Chart] = []
    if data.tiers:
        rows = data.tiers[0].rows
        for figure in group.figures:
            values = [number(row.values[figure.code]) for row in rows]
            if not any(values):
                continue
            charts.append(bar_chart(f"{figure_header(figure)} · {data.tiers[0].label}",
                                    [row.region.name for row in rows], [(str(data.year), values)],
                                    lambda v, f=figure: Num(v, kind_of(f)).text))
            if len(charts) == CHARTS_PER_GROUP:
                break
        return charts
    counts = [f for f in group.figures if kind_of(f) == "count"]
    line_of = data.line_of
    if counts:
        charts.append(bar_chart(group.label, [str(f.name) for f in counts],
                                [(str(data.year), [number(line_of[f.code].current) for f in counts]),
                                 (str(data.year - 1), [number(line_of[f.code].previous) for f in counts])],
                                lambda v: Num(v).text))
    return charts


register_section("summary", order=10, build=summary)
register_section("groups", order=20, build=group_sections, count=len)
