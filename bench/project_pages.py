"""The projects' rows of the bench (``bench/run.py --projects``): ``/projects/`` and a project's page with its
delivery tabs, served under gunicorn next to the bare view and timed in-process with their queries, for the
users of ``bench.run.USERS`` (the fill is ``bench/projects.py``)."""

from bench.data import STREETS
from bench.served import timed

STATUS_FILTER = "in_progress"
WIDTH = 25  # the page column


def detail_project(unit: str):
    """The newest project being delivered (in progress, with activities and expenses) of ``unit``'s subtree —
    for a district or the city, outside 北山街道 (the smaller users' own); at a small scale, failing that, the
    newest with activities, or the newest at all; None when the unit has no project."""
    from django.db.models import Exists, OuterRef

    from projects.delivery.models import Activity, Expense
    from projects.models import Project

    prefix = unit.rstrip("0") if unit.endswith("000") else unit
    if len(prefix) < 6:
        prefix = unit[:4]
    projects = Project.objects.filter(region_id__gte=prefix.ljust(12, "0"), region_id__lte=prefix.ljust(12, "9"))
    if len(prefix) <= 6:
        beishan = STREETS["newest"][0]
        projects = projects.exclude(region_id__gte=beishan + "000", region_id__lte=beishan + "999")
    if unit.endswith("000") and len(prefix) == 9:
        projects = projects.filter(region_id=unit)  # a street officer: a project of the street's own level
    activities = Exists(Activity.objects.filter(project=OuterRef("pk")))
    for chosen in (projects.filter(activities, Exists(Expense.objects.filter(project=OuterRef("pk"))),
                                   status="in_progress"), projects.filter(activities), projects):
        project = chosen.order_by("-created_at", "-id").first()
        if project is not None:
            return project
    return None


def _paths(unit: str) -> list[tuple[str, str]]:
    rows = [("list", "/projects/"), (f"list status={STATUS_FILTER}", f"/projects/?status={STATUS_FILTER}")]
    project = detail_project(unit)
    if project is not None:
        rows += [(f"detail #{project.pk}", f"/projects/{project.pk}/"),
                 ("… tab=activities", f"/projects/{project.pk}/?tab=activities"),
                 ("… tab=money", f"/projects/{project.pk}/?tab=money")]
    return rows


def _slowest(queries) -> tuple[float, str]:
    """The slowest query of a page: its ms and what it is (the table it reads, COUNT or GROUP BY)."""
    import re

    if not queries:
        return 0.0, ""
    slow = max(queries, key=lambda q: float(q["time"]))
    sql = slow["sql"]
    table = re.search(r'FROM "(\w+)"', sql)
    kind = "count" if sql.startswith("SELECT COUNT") else "group by" if " GROUP BY " in sql else "rows"
    return float(slow["time"]) * 1000, f"{table.group(1) if table else '?'} ({kind})"


def in_process(users: list[tuple], sessions, out=print) -> list[dict]:
    """Each page in-process through the test client: median ms, the number of queries, the database time of
    one request and its slowest query."""
    rows = [(label, sessions.client(user), _paths(unit)) for label, user, unit in users]
    return timed_pages(rows, title="the projects' pages", width=WIDTH, out=out)


def timed_pages(rows: list[tuple], *, title: str, width: int, out=print) -> list[dict]:
    """``rows``: (user label, test client, [(page name, path)]). Each page: the median ms of 5 requests, then one
    request's queries, their database time and the slowest; a page not answering 200 stops the bench."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.served import pad

    out(f"\nin-process, {title} (test client; median ms of 5; then one request: its queries, their time and the "
        "slowest)")
    out(pad("user", 34) + pad("page", width) + pad("ms", 9, right=True) + pad("queries", 9, right=True)
        + pad("db ms", 9, right=True) + pad("slowest", 10, right=True) + "  (what)")
    found = []
    for label, client, paths in rows:
        for name, path in paths:
            def get(c=client, p=path, who=label):
                response = c.get(p)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {p} answered {response.status_code} for {who}")

            ms = timed(get, repeat=5)
            with CaptureQueriesContext(connection) as queries:
                get()
            db = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            slow_ms, slow = _slowest(queries.captured_queries)
            out(pad(label, 34) + pad(name, width) + pad(f"{ms:.1f}", 9, right=True)
                + pad(str(len(queries)), 9, right=True) + pad(f"{db:.1f}", 9, right=True)
                + pad(f"{slow_ms:.1f}", 10, right=True) + f"  {slow}")
            found.append({"user": label, "page": name, "path": path, "ms": ms, "queries": len(queries),
                          "db_ms": db, "slowest_ms": slow_ms, "slowest": slow})
    return found


def served(users: list[tuple], *, seconds: float, workers: int, clients: int, out=print) -> list[dict]:
    """``/projects/`` (page 1, and with a status filter) and ``/projects/<pk>/`` (plan, delivery and money tabs)
    under gunicorn, each user's rows next to a bare-view run."""
    from bench.served import Case, cookie_header, run_table, session_key

    all_cases, made = [], []
    for label, user, unit in users:
        keys = [session_key(user) for _ in range(clients)]
        made += keys
        cookies = [cookie_header(key) for key in keys]
        all_cases += [Case(label, name, "1" if name.startswith("list") else "", path, cookies)
                      for name, path in _paths(unit)]
    return run_table([label for label, _u, _unit in users], all_cases, made, title="/projects/ and /projects/<pk>/",
                     seconds=seconds, workers=workers, clients=clients, out=out, filter_width=WIDTH,
                     columns=("page", "no."))
