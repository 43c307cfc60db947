"""The monthly trends, written by every roll-up (``assessment.services.register_after_rollup``).

``write_trends(run, units)`` runs inside the roll-up's transaction, after the snapshot's rows: for each month of the
run's year up to the current one, each trend figure (``TREND_CODES``) is computed by ``wuse.core.figures.compute``
with that month's ``Period`` — one grouped query per figure, month and level width, whatever the number of units,
as the snapshot itself — and the year's rows are replaced (deleted, then inserted by COPY on PostgreSQL or in
batches). What it writes commits or vanishes with the snapshot; a rerun gives the same rows. Audited
(``dashboard.trends``: the year and the rows written) beside the roll-up's own record.
"""

import calendar
import datetime as dt

from django.utils import timezone

from assessment.services import insert_rows, snapshot_values
from wuse.audit.services import audit_record
from wuse.core import figures
from wuse.regions.levels import PREFIX_LENGTH

from .models import MonthlyFigure

# Counts and money, each summed over a month: needs collected, projects approved, verified volunteer hours,
# charity money donated. A code not registered in this installation is skipped.
TREND_CODES = ("needs.collected", "projects.approved", "volunteers.hours", "charity.money")
COLUMNS = ("year", "month", "region", "level", "code", "value")


def month_period(year: int, month: int) -> figures.Period:
    last = calendar.monthrange(year, month)[1]
    return figures.Period(dt.date(year, month, 1), dt.date(year, month, last) + dt.timedelta(days=1))


def months_of(year: int) -> range:
    """The months of ``year`` that have begun (all twelve for a past year, none for a future one)."""
    today = timezone.localdate()
    if year < today.year:
        return range(1, 13)
    return range(1, today.month + 1) if year == today.year else range(1, 1)


def trend_codes() -> list[str]:
    return [code for code in TREND_CODES if code in figures.FIGURES]


def monthly_values(year: int, units: list[tuple]) -> list[tuple]:
    """Rows in ``COLUMNS``' order for every unit × month × trend figure with a value other than zero."""
    codes = trend_codes()
    tops = [code[:PREFIX_LENGTH[level]] for code, level, parent in units if parent is None]
    widths = sorted({PREFIX_LENGTH[level] for _code, level, _parent in units})
    rows = []
    for month in months_of(year):
        period = month_period(year, month)
        found: dict[int, dict[str, dict[str, object]]] = {width: {code: {} for code in codes} for width in widths}
        for width in widths:
            for top in tops:
                if width >= len(top):
                    for code, values in figures.compute(codes, top, width, period).items():
                        found[width][code].update(values)
        for region, level, _parent in units:
            width = PREFIX_LENGTH[level]
            key = region[:width]
            for code in codes:
                value = snapshot_values(figures.FIGURES[code], found[width][code].get(key))[0]
                if value:
                    rows.append((year, month, region, level, code, value))
    return rows


def write_trends(run, units: list[tuple]) -> int:
    """Replace the monthly rows of ``run.year`` (the roll-up's hook; see the module's docstring)."""
    rows = monthly_values(run.year, units)
    MonthlyFigure.objects.filter(year=run.year).delete()
    insert_rows(MonthlyFigure, COLUMNS, rows)
    audit_record(action="dashboard.trends", target=run, user=run.started_by,
                 detail={"year": run.year, "rows": len(rows), "figures": trend_codes()})
    return len(rows)
