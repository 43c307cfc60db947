"""The dashboards' rows of the bench: ``/dashboard/`` and ``/dashboard/<unit>/`` for the bench users (community,
street, district, city), in-process through the test client: p50 and p95 over as many requests as fit in
``seconds`` per page, the queries of one request, their database time and the slowest — and a check that no request
reads the needs table (``needs_need``) nor counts a million rows.

``timed_dashboards(users, seconds)``: ``users`` as ``bench.run`` builds them, ``(label, user, unit code)``; the year
is the current one (the roll-up the assessment part ran, or the nightly one, wrote its snapshot and trends). Works on
a small database (a smoke run): every page answers 200 or the bench stops."""

import statistics
import time

WIDTH = 26
TARGET_P95_MS = 100  # the target at full Hangzhou scale


def _client(user, keys: list[str]):
    """A test client signed in as the login page leaves it (the second factor passed where the user has one)."""
    from django.conf import settings
    from django.test import Client

    from bench.served import session_key

    client = Client(headers={"X-Forwarded-Proto": "https"})
    keys.append(session_key(user))
    client.cookies[settings.SESSION_COOKIE_NAME] = keys[-1]
    return client


def _paths(unit: str, year: int) -> list[tuple[str, str]]:
    return [("dashboard (home)", "/dashboard/"), ("dashboard of the unit", f"/dashboard/{unit}/?year={year}"),
            ("dashboard, last year", f"/dashboard/{unit}/?year={year - 1}")]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_dashboards(users: list[tuple], seconds: float, *, year: int | None = None, out=print) -> list[dict]:
    """Each user's dashboards: p50/p95 ms over ``seconds`` of requests per page (at least 5), then one request's
    queries (count, database ms, the slowest) and whether any read ``needs_need``."""
    from django.utils import timezone

    from bench.served import drop_sessions, pad

    year = year or timezone.localdate().year
    out(f"\nin-process, the dashboards of {year} (test client; p50/p95 ms over {seconds:g} s per page; then one "
        "request: its queries, their time, the slowest)")
    out(pad("user", 34) + pad("page", WIDTH) + pad("p50", 8, right=True) + pad("p95", 8, right=True)
        + pad("n", 6, right=True) + pad("queries", 9, right=True) + pad("db ms", 8, right=True)
        + pad("slowest", 9, right=True) + "  needs_need?")
    found, keys = [], []
    try:
        found = _table(users, seconds, year, keys, out)
    finally:
        drop_sessions(keys)
    return found


def _table(users, seconds: float, year: int, keys: list[str], out) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.served import pad

    found = []
    for label, user, unit in users:
        client = _client(user, keys)
        for name, path in _paths(unit, year):
            def get(c=client, p=path, who=label):
                response = c.get(p)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {p} answered {response.status_code} for {who}")

            get()  # warm-up: the caches a first page fills
            runs, deadline = [], time.perf_counter() + seconds
            while len(runs) < 5 or time.perf_counter() < deadline:
                started = time.perf_counter()
                get()
                runs.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                get()
            captured = queries.captured_queries
            db = sum(float(q["time"]) for q in captured) * 1000
            slowest = max(captured, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
            reads_needs = any('"needs_need"' in q["sql"] or "needs_need " in q["sql"] for q in captured)
            p50, p95 = statistics.median(runs), _percentile(runs, 0.95)
            out(pad(label, 34) + pad(name, WIDTH) + pad(f"{p50:.1f}", 8, right=True) + pad(f"{p95:.1f}", 8, right=True)
                + pad(str(len(runs)), 6, right=True) + pad(str(len(captured)), 9, right=True)
                + pad(f"{db:.1f}", 8, right=True) + pad(f"{float(slowest['time']) * 1000:.1f}", 9, right=True)
                + f"  {'YES' if reads_needs else 'no'}  {slowest['sql'][:70]}")
            found.append({"user": label, "page": name, "path": path, "p50_ms": p50, "p95_ms": p95, "n": len(runs),
                          "queries": len(captured), "db_ms": db, "reads_needs": reads_needs,
                          "meets_target": p95 <= TARGET_P95_MS})
    return found
