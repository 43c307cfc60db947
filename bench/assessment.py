"""The annual assessment's rows of the bench (``bench/run.py``, part ``assessment``): the roll-up of the data's
year over everything filled (needs, projects, evaluations), its slowest figures, one figure against the same
numbers by hand-written SQL, and ``/assessment/`` for the users of ``bench.run.USERS`` in-process and served.

The roll-up writes the year's snapshot into the bench database (as the nightly task would)."""

import time
import tracemalloc

from bench.project_pages import timed_pages

WIDTH = 25
HAND_FIGURE = "needs.collected"


def _hand_sql(year: int) -> dict[int, dict[str, int]]:
    """``needs.collected`` by hand: one GROUP BY per level width over the year's needs, merged duplicates left
    out — the statement a report writer would type."""
    from django.db import connection

    from wuse.core.figures import Period

    period, found = Period.year(year), {}
    with connection.cursor() as cursor:
        for width in (4, 6, 9, 12):
            cursor.execute("SELECT substr(community_id, 1, %s), count(*) FROM needs_need WHERE created_at >= %s "
                           "AND created_at < %s AND status <> 'merged' GROUP BY 1",
                           [width, period.start_at, period.end_at])
            found[width] = dict(cursor.fetchall())
    return found


def _registry(year: int) -> dict[int, dict[str, int]]:
    from wuse.core.figures import Period, compute

    period = Period.year(year)
    return {width: compute([HAND_FIGURE], "33", width, period)[HAND_FIGURE] for width in (4, 6, 9, 12)}


def rollup_figures(year: int, out=print) -> dict:
    """The roll-up of ``year`` (time, rows, peak Python memory), the eight slowest figures computed alone at every
    level, and ``needs.collected`` through the registry against hand-written SQL (same numbers, time ratio)."""
    from assessment.models import Trigger
    from assessment.services import figure_groups, rollup
    from bench.served import timed
    from wuse.core import figures
    from wuse.regions.levels import PREFIX_LENGTH
    from wuse.regions.models import Region

    out(f"\nthe annual assessment's roll-up of {year} (assessment.services.rollup, as the nightly task runs it)")
    tracemalloc.start()
    started = time.perf_counter()
    run = rollup(year, trigger=Trigger.BEAT)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    out(f"  {run.rows:,} rows ({Region.objects.count():,} units × {run.figures} figures) in {seconds:.1f} s; "
        f"peak Python memory {peak:.0f} MB")

    tops = [r.prefix for r in Region.objects.filter(parent=None)]
    widths = sorted({PREFIX_LENGTH[level] for level in Region.objects.values_list("level", flat=True).distinct()})
    period, costs = figures.Period.year(year), []
    for group in figure_groups(list(figures.FIGURES)):
        started = time.perf_counter()
        for width in widths:
            for top in tops:
                if width >= len(top):
                    figures.compute(group, top, width, period)
        costs.append(((time.perf_counter() - started) * 1000, group[-1]))
    out("  slowest figures, computed alone at every level (ms): "
        + ", ".join(f"{code} {ms:.0f}" for ms, code in sorted(costs, reverse=True)[:8]))

    by_hand, by_registry = _hand_sql(year), _registry(year)
    same = all({k: v for k, v in by_registry[w].items() if v} == by_hand[w] for w in by_hand)
    hand_ms = timed(lambda: _hand_sql(year), repeat=3)
    registry_ms = timed(lambda: _registry(year), repeat=3)
    out(f"  {HAND_FIGURE} at 4 levels: registry {registry_ms:.0f} ms, hand-written SQL {hand_ms:.0f} ms "
        f"(× {registry_ms / hand_ms:.2f}); same numbers: {same}")
    if not same:
        raise RuntimeError(f"{HAND_FIGURE}: the registry and the hand-written SQL disagree")
    return {"year": year, "seconds": seconds, "rows": run.rows, "peak_mb": peak,
            "slowest": [(code, ms) for ms, code in sorted(costs, reverse=True)[:8]],
            "hand_ms": hand_ms, "registry_ms": registry_ms}


def _paths(unit: str, year: int) -> list[tuple[str, str]]:
    return [("unit", f"/assessment/{unit}/?year={year}"), ("unit, last year", f"/assessment/{unit}/?year={year - 1}")]


def in_process(users: list[tuple], sessions, year: int, out=print) -> list[dict]:
    rows = [(label, sessions.client(user), _paths(unit, year)) for label, user, unit in users]
    return timed_pages(rows, title="the annual assessment's pages", width=WIDTH, out=out)


def served(users: list[tuple], year: int, *, seconds: float, workers: int, clients: int, out=print) -> list[dict]:
    """``/assessment/<unit>/`` under gunicorn, each user's row next to a bare-view run."""
    from bench.served import Case, cookie_header, run_table, session_key

    cases, made = [], []
    for label, user, unit in users:
        keys = [session_key(user) for _ in range(clients)]
        made += keys
        cases += [Case(label, name, "", path, [cookie_header(key) for key in keys])
                  for name, path in _paths(unit, year)[:1]]
    return run_table([label for label, _u, _unit in users], cases, made, title="/assessment/<unit>/",
                     seconds=seconds, workers=workers, clients=clients, out=out, filter_width=WIDTH,
                     columns=("page", ""))

