"""A chart and its table from the same numbers: the page draws the table (for screen readers and copy-paste) and
hands ``Chart.data`` to ``static/wuse/dashboard.js`` through ``json_script``, which draws the chart with ECharts."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LINE, BAR, STACKED_BAR, PIE = "line", "bar", "stacked", "pie"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Any]  # one per category; None: not known (a month still to come)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    note: str = ""  # what the numbers are (shown under the title)
    links: list[str | None] = field(default_factory=list)  # per category: the list of records behind it
    as_of: dt.datetime | None = None  # when the numbers were counted, if they come from a cache

    @property
    def dom_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)

    @property
    def rows(self) -> list[tuple[str, str | None, list[Any]]]:
        """(category, its link, its value in each series) — the table view."""
        links = self.links or [None] * len(self.categories)
        return [(category, links[n], [series.values[n] for series in self.series])
                for n, category in enumerate(self.categories)]

    @property
    def data(self) -> dict:
        """What the script draws: plain JSON (numbers as floats; an unknown value as null)."""
        return {"kind": self.kind, "categories": [str(c) for c in self.categories], "unit": str(self.unit),
                "series": [{"name": str(s.name), "values": [_plain(v) for v in s.values]} for s in self.series]}


def _plain(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value
