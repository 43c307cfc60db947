"""Simple horizontal bar charts drawn as SVG from Python, for the PDF (WeasyPrint renders SVG itself: no chart
library, no browser). Every text is escaped (unit names are user text); the chart goes into the PDF as an image
(a ``data:`` URL), so nothing in it can reach the page's markup."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "Noto Sans CJK SC"
COLORS = ("#2f6fb0", "#a9c4e4")  # this year, last year
BAR, GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 11, 5, 150, 330, 70
MAX_BARS = 40  # more units than this: the chart shows the first 40 (the table beside it lists them all)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    @property
    def src(self) -> str:
        """The chart as a ``data:`` URL for an ``<img>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _label(text: str, limit: int = 11) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]], show) -> Chart:
    """Bars for each label, one per series (a value of None draws no bar); ``show`` words a value."""
    labels = labels[:MAX_BARS]
    series = [(name, values[:MAX_BARS]) for name, values in series]
    numbers = [float(v) for _name, values in series for v in values if v is not None]
    top = max([n for n in numbers if n > 0], default=1.0)
    per_label = len(series) * BAR + GAP
    legend = 18 if len(series) > 1 else 0
    height = legend + len(labels) * per_label + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="9">']
    if legend:
        for index, (name, _values) in enumerate(series):
            x = LABEL_WIDTH + index * 120
            parts.append(f'<rect x="{x}" y="3" width="10" height="10" fill="{COLORS[index % 2]}"/>'
                         f'<text x="{x + 14}" y="12">{escape(str(name))}</text>')
    for row, label in enumerate(labels):
        y0 = legend + GAP + row * per_label
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y0 + len(series) * BAR / 2 + 3:.1f}" '
                     f'text-anchor="end">{escape(_label(label))}</text>')
        for index, (_name, values) in enumerate(series):
            value = values[row] if row < len(values) else None
            y = y0 + index * BAR
            if value is None:
                parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + BAR - 2}" fill="#777">—</text>')
                continue
            length = max(0.0, float(value) / top * PLOT_WIDTH) if top else 0.0
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{length:.1f}" height="{BAR - 2}" '
                         f'fill="{COLORS[index % 2]}"/>'
                         f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR - 2}">{escape(show(value))}</text>')
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{legend}" x2="{LABEL_WIDTH}" y2="{height}" stroke="#444" '
                 'stroke-width="0.6"/></svg>')
    return Chart(title, "".join(parts))


def percent_text(value) -> str:
    return f"{Decimal(value) * 100:.1f}%"
