"""Builders and the independent check of the assessment tests: records to count, and the snapshot a fresh run of
``wuse.core.figures.compute`` gives at every level."""

import time
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone

from assessment.models import KpiSnapshot
from needs.models import Need
from tests.helpers import C111, C112, C121, C211
from tests.registry.test_linkage_recompute import random_world
from wuse.core.figures import FIGURES, Period, Share, compute
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region

YEAR = timezone.localdate().year
FOUR = Decimal("0.0001")


def needs(staff, counts: dict[str, int], tag: str = "") -> None:
    for code, n in counts.items():
        for i in range(n):
            Need.objects.create(community_id=code, title=f"需求{tag}{code}-{i}", created_by=staff)


def world(staff, seed: int = 7) -> None:
    """The registry's random records (organizations, workers, volunteers and their hours, donations, points) and
    needs in four communities of both districts."""
    random_world(seed)
    needs(staff, {C111: 3, C112: 1, C121: 2, C211: 4})


def _plain(value) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(FOUR, rounding=ROUND_HALF_UP)


def fresh(year: int = YEAR) -> set[tuple]:
    """(unit, figure, value, part, whole) for every unit and every registered figure, computed afresh by
    ``figures.compute`` at each unit's own level."""
    units = list(Region.objects.values_list("code", "level"))
    tops = [region.prefix for region in Region.objects.filter(parent=None)]
    period, codes = Period.year(year), list(FIGURES)
    by_width = {}
    for width in {PREFIX_LENGTH[level] for _code, level in units}:
        by_width[width] = {code: {} for code in codes}
        for top in tops:
            if width >= len(top):
                for code, values in compute(codes, top, width, period).items():
                    by_width[width][code].update(values)
    expected = set()
    for unit, level in units:
        width = PREFIX_LENGTH[level]
        for code, figure in FIGURES.items():
            value = by_width[width][code].get(unit[:width])
            if figure.ratio:
                share = value or Share()
                expected.add((unit, code, share.share, _plain(share.part), _plain(share.whole)))
            elif value is None and figure.average:  # a mean with nothing to average stays empty
                expected.add((unit, code, None, None, None))
            else:
                expected.add((unit, code, _plain(value), None, None))
    return expected


def stored(year: int = YEAR) -> list[tuple]:
    """The snapshot's rows of ``year`` as (unit, figure, value, part, whole) — a list, so duplicates would show."""
    return list(KpiSnapshot.objects.filter(year=year).values_list("region_id", "code", "value", "part", "whole"))


def nonzero(rows) -> set[str]:
    """The figures with a value other than zero (or an empty share) somewhere."""
    return {code for _unit, code, value, part, whole in rows if value or part or whole}


# --- waiting on real concurrency (PostgreSQL) -------------------------------------------------------------------

def wait_for(condition, what: str, timeout: float = 60):
    """Poll ``condition()`` every 0.1 s until it gives something true, and return it; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}")


def activity(cursor, sql: str, params: list):
    """A fresh look at ``pg_stat_activity`` (a transaction otherwise keeps seeing its first look)."""
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(sql, params)
    return cursor.fetchone()


def backend_waiting_on(table: str) -> int | None:
    """The pid of the server process waiting for a lock on ``table`` (a roll-up held at its write)."""
    with connection.cursor() as cursor:
        row = activity(cursor, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
                       "wait_event_type = 'Lock' AND query ILIKE %s", [f"%{table}%"])
    return row[0] if row else None
