"""The red/amber/green board of a unit's children (a page of 50): what needs the reviewer's attention in each.

Four signals, each with its thresholds as named constants (``THRESHOLDS``: amber from, red from):

- needs not answered by their answer-by date this year: ``needs.answer_due`` − ``needs.answered_on_time`` of the
  year's snapshot (answered late, or still waiting past the date);
- final reports missing or late this year: ``projects.final_reports_due`` − ``projects.final_reports_on_time``;
- rectifications overdue: ``rectifications.overdue`` of the snapshot;
- milestones overdue now: no snapshot figure holds them, so one grouped query counts the milestones of projects in
  delivery still open past their date under the unit (cached for a district and above, see
  ``milestones_overdue``).

The snapshot's signals are as of the last roll-up (the page says when). Each number links to the list of the records
behind it (``Figure.records``), each child to its own dashboard.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment import selectors as assessment
from projects.delivery.models import Milestone
from projects.workflow import IN_PROGRESS, UNDERTAKEN
from wuse.access import api as access
from wuse.core import figures
from wuse.core.figures import code_range
from wuse.regions.models import Region

from .selectors import holds

GREEN, AMBER, RED = "green", "amber", "red"
RANK = {GREEN: 0, AMBER: 1, RED: 2}

NEEDS_LATE, REPORTS_LATE, RECTIFICATIONS, MILESTONES = "needs_late", "reports_late", "rectifications", "milestones"
# (amber from, red from): a count below the first is green.
THRESHOLDS = {NEEDS_LATE: (1, 10), REPORTS_LATE: (1, 3), RECTIFICATIONS: (1, 3), MILESTONES: (1, 5)}
# A signal read from the snapshot: (figure counted, figure taken away from it, the action to see it).
FROM_SNAPSHOT = {
    NEEDS_LATE: ("needs.answer_due", "needs.answered_on_time"),
    REPORTS_LATE: ("projects.final_reports_due", "projects.final_reports_on_time"),
    RECTIFICATIONS: ("rectifications.overdue", None),
}
LABELS = {
    NEEDS_LATE: _("Needs not answered by their date"),
    REPORTS_LATE: _("Final reports missing or late"),
    RECTIFICATIONS: _("Rectifications overdue"),
    MILESTONES: _("Milestones overdue"),
}
MILESTONE_ACTION = "project.view"
MILESTONE_LIST_ACTION = "project.deliver"
WIDE_WIDTH = 6  # a district's prefix and wider ones: the milestones' count is cached


def rating(signal: str, n: int | None) -> str | None:
    if n is None:
        return None
    amber, red = THRESHOLDS[signal]
    return RED if n >= red else AMBER if n >= amber else GREEN


@dataclass(frozen=True)
class Signal:
    key: str
    n: int | None  # None: not known (the year not rolled up, or not visible to the user)
    link: str | None = None

    @property
    def rating(self) -> str | None:
        return rating(self.key, self.n)


@dataclass(frozen=True)
class BoardRow:
    region: Region
    signals: list[Signal]

    @property
    def rating(self) -> str:
        known = [s.rating for s in self.signals if s.rating]
        return max(known, key=RANK.__getitem__) if known else GREEN


def signals(user, region: Region) -> list[str]:
    """The signals ``user`` may see at ``region``: a snapshot signal when its figures are registered and visible."""
    shown = []
    for key, (counted, taken) in FROM_SNAPSHOT.items():
        codes = [code for code in (counted, taken) if code]
        if all(code in figures.FIGURES and figures.visible(user, region, figures.FIGURES[code]) for code in codes):
            shown.append(key)
    if holds(user, MILESTONE_ACTION, region):
        shown.append(MILESTONES)
    return shown


def milestones_overdue(region: Region, children: list[Region]) -> tuple[dict[str, int], dt.datetime | None]:
    """``{child prefix: open milestones past their date}`` of projects in delivery under the unit (one grouped
    query), with the moment it was counted when it comes from the cache: a district's and the city's (~50 ms over
    Hangzhou's 100,000 projects) are kept for ``WUSE_WIDE_COUNTS_SECONDS``, as the needs' wide sums are."""
    if not children:
        return {}, None
    width = len(children[0].prefix)
    query = (Milestone.objects.order_by()
             .filter(done_on=None, due_on__lt=timezone.localdate(), project__status__in=(UNDERTAKEN, IN_PROGRESS))
             .filter(code_range(region.prefix, "project__region_id"))
             .annotate(unit=Substr("project__region_id", 1, width)).values("unit").annotate(n=Count("id"))
             .values_list("unit", "n"))
    seconds = getattr(settings, "WUSE_WIDE_COUNTS_SECONDS", 0)
    if not seconds or len(region.prefix) > WIDE_WIDTH:
        return dict(query), None
    key = f"dashboard:milestones:{region.prefix}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (dict(query), timezone.now())
        cache.set(key, found, seconds)
    return found


def board(request, region: Region, year: int, shown: list[str]):
    """A page of the children (50 at most, as the assessment page) with their signals (three queries, four with
    the milestones)."""
    codes = list(dict.fromkeys(code for key in shown if key in FROM_SNAPSHOT for code in FROM_SNAPSHOT[key] if code))
    page = assessment.children_page(request, [figures.FIGURES[code] for code in codes], region, year)
    children = [row.region for row in page.rows]
    late, page.milestones_as_of = milestones_overdue(region, children) if MILESTONES in shown else ({}, None)
    period = figures.Period.year(year)
    # The list of overdue milestones is the deliverers' (street officers'); it cannot filter by unit.
    milestone_link = (figures.list_url("projects:delivery:milestones_overdue")
                      if access.has_action(request.user, MILESTONE_LIST_ACTION) else None)
    rows = []
    for child in page.rows:
        values = {value.figure.code: value for value in child.values}
        row = []
        for key in shown:
            if key == MILESTONES:
                row.append(Signal(key, late.get(child.region.prefix, 0), milestone_link))
                continue
            counted, taken = FROM_SNAPSHOT[key]
            n = _count(values[counted])
            if n is not None and taken:
                minus = _count(values[taken])
                n = None if minus is None else max(n - minus, 0)
            row.append(Signal(key, n, figures.FIGURES[counted].records_url(child.region.code, period)))
        rows.append(BoardRow(child.region, row))
    page.rows = rows
    return page


def _count(value: assessment.Value) -> int | None:
    """A snapshot count (None: no row yet)."""
    return int(value.value or 0) if value.present else None
