"""Print performance figures for the access-scoped needs list at Hangzhou scale (PostgreSQL)."""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wuse_bench"


def ensure_database(url: str) -> None:
    import psycopg

    from wuse.settings.env import parse_database_url

    cfg = parse_database_url(url)
    admin = psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def timed(fn, repeat=7) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def fill_needs(target: int) -> None:
    from django.db import connection

    from needs.models import Need

    have = Need.objects.count()
    if have >= target:
        return
    author_id = _user("bench_author", "community_staff", "330106002051").pk
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT code FROM regions_region WHERE level = 'community' ORDER BY code")
        codes = [row[0] for row in cur.fetchall()]
        cur.execute("""
            INSERT INTO needs_need (community_id, title, description, status, created_by_id, created_at,
                                    updated_at, version, category_id, channel, urgency, affected_group, location,
                                    support_count, proposer_anonymous, proposer_name, proposer_phone,
                                    proposer_phone_index, proposer_id_number, proposer_id_index, sensitive_kind,
                                    sensitive_notes, sensitive_basis, sensitive_basis_note, referred_to,
                                    response_deadline)
            SELECT CASE WHEN i <= 20000 THEN '330106002051' ELSE (%s::text[])[1 + (i %% %s)] END,
                   (ARRAY['楼道灯损坏','老人助餐','停车难','电梯故障','垃圾分类','噪音扰民','绿化修剪','儿童托管'])
                   [1 + (i %% 8)] || ' 第' || i || '号',
                   '', (ARRAY['submitted','verified','listed','rejected'])[1 + (i %% 4)], %s,
                   now() - (i || ' minutes')::interval, now(), 1,
                   (ARRAY['elderly_children','sanitation','safety','other'])[1 + (i %% 4)], 'visit', 'normal', '',
                   '', 1, true, '', '', '', '', '', '', '', '', '', '',
                   (now() - (i || ' minutes')::interval)::date + 7
            FROM generate_series(%s, %s) AS i
        """, [codes, len(codes), author_id, have + 1, target])
        cur.execute("ANALYZE needs_need")
    print(f"filled needs {have:,} → {target:,} in {time.perf_counter() - start:.1f} s")


def _user(username, role, unit):
    from wuse.accounts.models import Membership, User

    user, _ = User.objects.get_or_create(username=username)
    Membership.objects.get_or_create(user=user, role=role, region_id=unit)
    return User.objects.get(pk=user.pk)


def kernel_figures(user) -> None:
    """The workflow kernel on real rows (lock → checks → state → timeline → audit), what a workflow page pays
    to ask which actions to offer, and the core job page."""
    from django.test import Client
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
    options = timed(lambda: transition_options(NEED_PROCESS, waiting[0], user))
    job = Job.objects.create(owner=user, kind="needs.import", total=20000, expires_at=timezone.now())
    client = Client()
    client.force_login(user)
    page = timed(lambda: client.get(f"/jobs/{job.pk}/"), repeat=5)
    job.delete()
    print(f"\nworkflow kernel, one transition (need verify, {len(fired)} needs): "
          f"median {statistics.median(fired[1:]):.1f} ms; the actions a page offers: {options:.1f} ms")
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


def home_page(users) -> None:
    """The home page (工作台) for a community worker and the city admin: its queues' counts and the unit's key
    figures over the whole database, and how many queries it runs (the same at any size: tests/test_home.py)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"\n{'home page /':<36}{'GET /':>12}{'queries':>9}")
    for label in ("community 上保社区 (20,000 needs)", "city 杭州市"):
        client = Client()
        client.force_login(users[label])
        page = timed(lambda c=client: c.get("/"), repeat=5)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        print(f"{label:<36}{page:>10.1f}ms{len(queries):>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("all", "home"), default="all",
                        help="home: only the home page's row (on the database as it is)")
    parser.add_argument("--regions-only", action="store_true",
                        help="only the region imports (Hangzhou, then a generated province); no needs are filled")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="wuse.settings.base", ALLOWED_HOSTS="testserver",
                      LOG_LEVEL="WARNING")
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from needs.selectors import needs_for_user, status_counts
    from wuse.regions.importer import import_regions_text

    call_command("migrate", verbosity=0)
    if args.only == "home":
        home_page({"community 上保社区 (20,000 needs)": _user("bench_community", "community_staff", "330106002051"),
                   "city 杭州市": _user("bench_city", "city_admin", "330100000000")})
        return
    text = (ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8")
    first = timed(lambda: import_regions_text(text), repeat=1)
    print(f"region import, Hangzhou 3,530 units: {first:.0f} ms (median of re-imports; first run above it)")
    province_import_figures()
    if args.regions_only:
        return
    fill_needs(args.needs)

    users = {
        "community 上保社区 (20,000 needs)": _user("bench_community", "community_staff", "330106002051"),
        "street 北山街道": _user("bench_street", "street_officer", "330106002000"),
        "district 西湖区": _user("bench_district", "district_reviewer", "330106000000"),
        "city 杭州市": _user("bench_city", "city_admin", "330100000000"),
    }
    print(f"\n{'user':<36}{'page of 20':>12}{'count':>10}{'by status':>11}{'GET /needs/':>13}{'search 电梯':>13}")
    print("(query counts per page are asserted constant in tests/test_needs_list.py, not measured here)")
    for label, user in users.items():
        page = timed(lambda u=user: list(needs_for_user(u)[:20]))
        count = timed(lambda u=user: needs_for_user(u).count())
        counts = timed(lambda u=user: status_counts(needs_for_user(u)))
        client = Client()
        client.force_login(user)
        http = timed(lambda c=client: c.get("/needs/"), repeat=5)
        search = timed(lambda c=client: c.get("/needs/", {"q": "电梯故障"}), repeat=5)
        print(f"{label:<36}{page:>10.1f}ms{count:>8.1f}ms{counts:>9.1f}ms{http:>11.1f}ms{search:>12.1f}ms")

    kernel_figures(users["community 上保社区 (20,000 needs)"])
    home_page(users)

    street = users["street 北山街道"]
    sql, params = needs_for_user(street)[:20].query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    print("\nplan of the street user's first page:\n" + plan)


if __name__ == "__main__":
    main()
