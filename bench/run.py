"""Print performance figures of wuse at Hangzhou scale (PostgreSQL): the needs list served by gunicorn next to
a bare 20-row view, the plans of the street users' list query, and in-process figures (region import, list
breakdown, workflow kernel, home page, job page). See bench/README.md."""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.served import timed  # noqa: E402  (after the path: run as a script)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wuse_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"

# key → (label, username, role, unit)
USERS = {
    "community": ("community 上保社区", "bench_community", "community_staff", "330106002051"),
    "street": ("street 北山街道 (newest end)", "bench_street", "street_officer", "330106002000"),
    "street_old": ("street 灵隐街道 (all old)", "bench_street_old", "street_officer", "330106012000"),
    "street_even": ("street 西溪街道 (even)", "bench_street_even", "street_officer", "330106004000"),
    "district": ("district 西湖区", "bench_district", "district_reviewer", "330106000000"),
    "city": ("city 杭州市", "bench_city", "city_admin", "330100000000"),
}
PARTS = ("province", "plans", "served", "breakdown", "kernel", "home", "projects", "evaluations", "assessment",
         "notify")
PROJECT_USERS = ("community", "street", "district", "city")  # the projects' rows (bench/projects.py)
EVALUATION_USERS = PROJECT_USERS  # step 4's rows (bench/evaluation_pages.py), then the evaluator below
# A third-party evaluator of 西湖区: one of the fill's (bench/evaluations.py), assigned to a third of its evaluations.
EVALUATOR = ("evaluator 西湖区 (third party)", "bench_eval-330106-0", "evaluator", "330106000000")


def _admin(url: str):
    import psycopg

    from wuse.settings.env import parse_database_url

    cfg = parse_database_url(url)
    admin = psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    return admin, cfg["NAME"]


def ensure_database(url: str, *, fresh: bool = False) -> None:
    admin, name = _admin(url)
    with admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    admin, name = _admin(url)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _user(username, role, unit, *, otp=False):
    from wuse.accounts.models import Membership, User

    user, _ = User.objects.get_or_create(username=username)
    Membership.objects.get_or_create(user=user, role=role, region_id=unit)
    if otp:  # the city admin passes the second factor in production (WUSE_REQUIRE_OTP)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    return User.objects.get(pk=user.pk)


class Sessions:
    """Signed-in test clients (the session cookie of bench.served.session_key), dropped at the end."""

    def __init__(self):
        self.keys = []

    def client(self, user):
        from django.conf import settings
        from django.test import Client

        from bench.served import session_key

        client = Client(headers={"X-Forwarded-Proto": "https"})
        self.keys.append(session_key(user))
        client.cookies[settings.SESSION_COOKIE_NAME] = self.keys[-1]
        return client

    def close(self):
        from bench.served import drop_sessions

        drop_sessions(self.keys)


def _get(client, path, **params):
    response = client.get(path, params)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} {params} answered {response.status_code}")
    return response


def kernel_figures(user, sessions) -> None:
    """The workflow kernel on real rows (lock → checks → state → timeline → audit), what a workflow page pays
    to ask which actions to offer, and the core job page."""
    from django.utils import timezone

    from needs.models import Need
    from needs.workflow import NEED_PROCESS
    from wuse.jobs.models import Job
    from wuse.workflow.services import transition_apply, transition_options

    waiting = list(Need.objects.filter(community_id="330106002051", status="submitted").order_by("-id")[:41])
    fired = []
    for need in waiting:
        start = time.perf_counter()
        transition_apply(process=NEED_PROCESS, obj=need, name="verify", user=user)
        fired.append((time.perf_counter() - start) * 1000)
    options = timed(lambda: transition_options(NEED_PROCESS, waiting[0], user)) if waiting else 0.0
    job = Job.objects.create(owner=user, kind="needs.import", total=20000, expires_at=timezone.now())
    client = sessions.client(user)
    page = timed(lambda: _get(client, f"/jobs/{job.pk}/"), repeat=5)
    job.delete()
    kernel = f"median {statistics.median(fired[1:] or fired):.1f} ms" if fired else "no submitted need left"
    print(f"\nworkflow kernel, one transition (need verify, {len(fired)} needs): {kernel}; "
          f"the actions a page offers: {options:.1f} ms")
    print(f"background job page /jobs/<id>/: {page:.1f} ms")


def province_import_figures() -> None:
    """A generated province (11 cities, 90 districts, 1,300 streets, 25,000 communities): the first import and
    the idempotent second one, in a transaction rolled back afterwards (the bench database keeps Hangzhou only)."""
    from django.db import transaction

    from bench.province import province_csv
    from wuse.regions.importer import import_regions_text

    text = province_csv("52", cities=11, districts=90, streets=1300, communities=25_000)
    units = text.count("\n") - 1
    with transaction.atomic():
        start = time.perf_counter()
        first = import_regions_text(text)
        first_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        again = import_regions_text(text)
        again_ms = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    assert first.created == units and again.unchanged == units, (first, again)
    print(f"region import, generated province {units:,} units: first {first_ms:.0f} ms, "
          f"again (no change) {again_ms:.0f} ms")


def home_page(users: dict, sessions) -> None:
    """The home page (工作台) for a community worker and the city admin: its queues' counts and the unit's key
    figures over the whole database, and how many queries it runs (the same at any size: tests/test_home.py)."""
    from bench.served import pad

    print("\n" + pad("home page /", 36) + pad("GET /", 12, right=True) + pad("queries", 9, right=True))
    for label, user in users.items():
        client = sessions.client(user)
        page = timed(lambda c=client: _get(c, "/"), repeat=5)
        queries = _query_count(lambda c=client: _get(c, "/"))
        print(pad(label, 36) + pad(f"{page:.1f}ms", 12, right=True) + pad(str(queries), 9, right=True))


def _query_count(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def _list_page(user):
    """The list's page as the view reads it: keyset_page over the filtered needs, in the user's scope."""
    from django.test import RequestFactory

    from needs.selectors import NeedFilters, list_scope, needs_filtered
    from wuse.core.pagination import keyset_page

    request = RequestFactory().get("/needs/")
    request.user = user
    return keyset_page(request, needs_filtered(user, NeedFilters()), scope=list_scope(user), total=0)


def breakdown(users: dict, sessions) -> None:
    """Where the list's database time goes, in-process: the page of 20 as the view reads it, the counts per
    state and category from the summary, and a search through the page (substring of the title, pg_trgm)."""
    from bench.served import pad
    from needs.counts import scope_counts

    print("\nin-process, the list's parts (median ms; query counts per page are asserted in tests/test_needs_list.py)")
    print(pad("user", 34) + "".join(pad(h, 12, right=True) for h in ("page of 20", "counts", "search 电梯")))
    for label, user in users.items():
        page = timed(lambda u=user: list(_list_page(u)), repeat=5)
        counts = timed(lambda u=user: scope_counts(u), repeat=5)
        client = sessions.client(user)
        search = timed(lambda c=client: _get(c, "/needs/", q="电梯故障"), repeat=3)
        print(pad(label, 34) + "".join(pad(f"{v:.1f}", 12, right=True) for v in (page, counts, search)))


def plans(users: dict) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the street users' first page as the list view reads it (the statement
    keyset_page runs: unit by unit on PostgreSQL), and the indexes each plan reads."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = {}
    for label, user in users.items():
        if not label.startswith("street"):
            continue
        with CaptureQueriesContext(connection) as captured:
            list(_list_page(user))
        [sql] = [q["sql"] for q in captured.captured_queries if "LATERAL" in q["sql"]] or [
            captured.captured_queries[-1]["sql"]]
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cur.fetchall()]
        text = "\n".join(plan)  # the needs table's indexes (the joins' primary keys are not the question)
        indexes = list(dict.fromkeys(
            re.findall(r"Index(?: Only)? Scan(?: Backward)? using (\w+) on needs_need\b", text)
            + [name for name in re.findall(r"Bitmap Index Scan on (\w+)", text) if name.startswith("need")]))
        verdict = "uses" if "need_comm_created_idx" in indexes else "does NOT use"
        print(f"\nplan of the {label} user's first page (EXPLAIN ANALYZE, BUFFERS):")
        print("\n".join("    " + line for line in plan))
        print(f"  → needs_need read through: {', '.join(indexes) or 'no index (sequential scan)'}; "
              f"{verdict} need_comm_created_idx")
        found[label] = {"indexes": indexes, "plan": plan}
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=1_000_000, help="fill the bench database to N needs")
    parser.add_argument("--projects", type=int, default=100_000,
                        help="fill the bench database to N service projects (0: no projects part)")
    parser.add_argument("--evaluations", type=int, default=None,
                        help="keep N of the evaluations the projects call for (default: all, about 0.8 a project; "
                             "0: no evaluations part)")
    parser.add_argument("--evaluation-served", choices=("all", "lists"), default="all",
                        help="step 4's served rows: every page, or each user's /evaluations/ and the public survey "
                             "(the in-process rows cover every page either way)")
    parser.add_argument("--seed", type=int, default=None, help="the data's seed (default: bench.data.DEFAULT_SEED)")
    parser.add_argument("--anchor", type=date.fromisoformat, default=None,
                        help="the newest day of a new fill, YYYY-MM-DD (default: today, Asia/Shanghai)")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first, then refill it")
    parser.add_argument("--fill-only", action="store_true", help="stop after the fill")
    parser.add_argument("--seconds", type=float, default=10, help="load duration of each served row")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=2, help="loopback client threads")
    parser.add_argument("--users", default=",".join(USERS), help=f"served and in-process users ({','.join(USERS)})")
    parser.add_argument("--variants", default="none,status,date", help="filters of the served rows")
    parser.add_argument("--pages", default="first,deep", help="pages of the served rows")
    parser.add_argument("--skip", default="", help=f"parts to leave out ({','.join(PARTS)})")
    parser.add_argument("--faults", type=int, default=0,
                        help="F1: kill the roll-up's Celery worker at a random moment N times (bench/faults.py)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--drop-after", action="store_true", help="drop the bench database at the end (smoke test)")
    parser.add_argument("--only", choices=("all", "home"), default="all",
                        help="home: only the home page's row (on the database as it is)")
    parser.add_argument("--regions-only", action="store_true",
                        help="only the region imports (Hangzhou, then a generated province); no needs are filled")
    args = parser.parse_args(argv)
    skip = {part for part in args.skip.split(",") if part}
    unknown = skip - set(PARTS) | set(args.users.split(",")) - set(USERS)
    if unknown:
        parser.error(f"unknown part or user: {', '.join(sorted(unknown))}")

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url, fresh=args.fresh)
    os.environ.update(DATABASE_URL=url, REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
                      DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="WARNING")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    try:
        _run(args, skip)
    finally:
        if args.drop_after:
            from django.db import connections

            connections.close_all()
            drop_database(url)


def _code_version() -> str:
    """Where the measured code lives, and its commit when it is a git tree (``-dirty``: uncommitted changes)."""
    import subprocess

    import wuse

    where = Path(wuse.__file__).resolve().parent.parent
    try:
        git = subprocess.run(["git", "-C", str(where), "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except OSError:
        git = ""
    return f"{where} ({git or 'not a git tree'})"


def _run(args, skip) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from bench import data
    from wuse.regions.importer import import_regions_text

    started = time.perf_counter()
    print(f"code: {_code_version()}; database: {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    sessions = Sessions()
    try:
        if args.only == "home":
            home_page({USERS["community"][0]: _user(*USERS["community"][1:]),
                       USERS["city"][0]: _user(*USERS["city"][1:], otp=True)}, sessions)
            return
        text = (ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8")
        first = timed(lambda: import_regions_text(text), repeat=1)
        print(f"region import, Hangzhou 3,530 units: {first:.0f} ms (median of re-imports; first run above it)")
        if "province" not in skip:
            province_import_figures()
        if args.regions_only:
            return
        author = _user("bench_author", "community_staff", data.SHANGBAO)
        filled = data.fill(args.needs, seed=data.DEFAULT_SEED if args.seed is None else args.seed,
                           author_id=author.pk, anchor_date=args.anchor)
        data.placement_summary()
        projects_filled = None
        if args.projects and "projects" not in skip:
            from bench import projects

            projects_filled = projects.fill(args.projects, seed=data.DEFAULT_SEED if args.seed is None else args.seed,
                                            author_id=author.pk)
            projects.summary()
        evaluations_filled = None
        if projects_filled and args.evaluations != 0 and "evaluations" not in skip:
            from bench import evaluations

            evaluations_filled = evaluations.fill(
                args.evaluations, seed=data.DEFAULT_SEED if args.seed is None else args.seed, author_id=author.pk,
                city_user=_user(*USERS["city"][1:], otp=True))
            evaluations.summary()
        if args.fill_only:
            return
        after_fill = time.perf_counter()
        users = {USERS[key][0]: _user(*USERS[key][1:], otp=key == "city") for key in args.users.split(",")}
        figures = {"fill": {k: str(v) if k == "anchor" else v for k, v in filled.items()}}
        if projects_filled:
            figures["projects_fill"] = projects_filled
        if evaluations_filled:
            figures["evaluations_fill"] = evaluations_filled
        if "plans" not in skip:
            figures["plans"] = plans(users)
        if "served" not in skip:
            from bench.served import served_table

            date_from, date_to = data.date_range(filled["anchor"])
            variants = {
                "none": ("no filter", {}, {}),
                "status": ("status=verified", {"status": "verified"}, {"status": "verified"}),
                "date": (f"date {date_from:%m-%d}…{date_to:%m-%d}",
                         {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
                         {"date_from": date_from, "date_to": date_to}),
            }
            chosen = [variants[v] for v in args.variants.split(",") if v]
            figures["served"] = served_table(users, chosen, args.pages.split(","), seconds=args.seconds,
                                             workers=args.workers, clients=args.clients)
        if "breakdown" not in skip:
            breakdown(users, sessions)
        if "kernel" not in skip:
            kernel_figures(_user(*USERS["community"][1:]), sessions)
        if "home" not in skip:
            home_page({label: u for label, u in users.items() if label.split()[0] in ("community", "city")}, sessions)
        chosen_users = [(USERS[key][0], users[USERS[key][0]], USERS[key][3]) for key in args.users.split(",")
                        if key in PROJECT_USERS]
        if projects_filled and chosen_users:
            from bench import project_pages

            figures["projects"] = {
                "served": project_pages.served(chosen_users, seconds=args.seconds, workers=args.workers,
                                               clients=args.clients),
                "in_process": project_pages.in_process(chosen_users, sessions)}
        if evaluations_filled:
            from bench import evaluation_pages

            chosen_users = [(USERS[key][0], users[USERS[key][0]], USERS[key][3]) for key in args.users.split(",")
                            if key in EVALUATION_USERS] + [(EVALUATOR[0], _user(*EVALUATOR[1:]), EVALUATOR[3])]
            figures["evaluations"] = {
                "served": evaluation_pages.served(chosen_users, seconds=args.seconds, workers=args.workers,
                                                  clients=args.clients, lists_only=args.evaluation_served == "lists"),
                "in_process": evaluation_pages.in_process(chosen_users, sessions),
                "downloads": evaluation_pages.downloads(chosen_users, sessions)}
        if "assessment" not in skip:
            from bench import assessment

            year = filled["anchor"].year
            chosen_users = [(USERS[key][0], users[USERS[key][0]], USERS[key][3]) for key in args.users.split(",")
                            if key in PROJECT_USERS]
            figures["assessment"] = {
                "rollup": assessment.rollup_figures(year),
                "in_process": assessment.in_process(chosen_users, sessions, year),
                "served": assessment.served(chosen_users, year, seconds=args.seconds, workers=args.workers,
                                            clients=args.clients)}
            from bench import dashboards, reports

            figures["dashboards"] = dashboards.timed_dashboards(chosen_users, args.seconds, year=year)

            report_users = [(USERS[key][0], users[USERS[key][0]], USERS[key][3]) for key in ("district", "city")
                            if key in args.users.split(",")]
            figures["assessment"]["reports"] = reports.report_figures(report_users, year)
        if "notify" not in skip:
            from bench import notify

            figures["notify"] = notify.sweep_figures(timezone.localtime(filled["anchor"]).date())
        if args.faults:
            from bench.faults import fault_trials

            figures["faults"] = fault_trials(filled["anchor"].year, args.faults)
        print(f"\nbench: {time.perf_counter() - after_fill:.0f} s after the fill, "
              f"{time.perf_counter() - started:.0f} s in all")
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    finally:
        sessions.close()


if __name__ == "__main__":
    main()
