"""The needs list reads unit by unit, whatever the data's placement: the same rows as the plain scoped query,
and on PostgreSQL a plan that uses a composite index led by the community — (community, created_at, id), or
(community, status, created_at, id) for a state tab — for a street and a district, never the whole table's
(created_at, id) index, also when the street's needs are all old."""

import datetime as dt
import json
import random

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from needs import selectors
from needs.models import Need
from needs.workflow import NEED_PROCESS
from tests.helpers import C111, C112, C121, C211, CITY, D1, S11, make_user, require_postgres
from wuse.accounts.roles import Role
from wuse.core.pagination import keyset_page

pytestmark = pytest.mark.django_db
COMMUNITIES = (C111, C112, C121, C211, "410101002002", "410102001002", "410102002001", "410102002002")
OLD = timezone.now() - dt.timedelta(days=4 * 365)


def fill(count: int, *, seed: int = 1, old_street: str = S11, old_prefix: str | None = None) -> None:
    """``count`` needs; the street ``old_street``'s (or the units under ``old_prefix``) all older than three
    years, the others recent."""
    old_prefix = old_prefix or old_street[:9]
    rng = random.Random(seed)
    now = timezone.now()
    staff = make_user(f"filler{seed}", Role.COMMUNITY_STAFF, C111)
    states = [code for code, _label in NEED_PROCESS.choices]
    rows = []
    for n in range(count):
        community = rng.choice(COMMUNITIES)
        base = OLD if community.startswith(old_prefix) else now - dt.timedelta(days=200)
        rows.append(Need(community_id=community, title=f"需求{n}", created_by=staff,
                         created_at=base + dt.timedelta(minutes=rng.randrange(0, 200 * 24 * 60)),
                         status=rng.choice(states), category_id=rng.choice(["other", "elderly_children", "safety"])))
    Need.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE needs_need")


def page_ids(user, query: dict, region=None) -> list[int]:
    request = RequestFactory().get("/needs/", query)
    request.user = user
    form_newest = query.get("sort") != "oldest"
    filters = selectors.NeedFilters(status=query.get("status", ""), region=region)
    page = keyset_page(request, selectors.needs_filtered(user, filters), scope=selectors.list_scope(user, region),
                       newest_first=form_newest)
    return [need.pk for need in page], page


def plain_ids(user, query: dict, region=None, after=None, before=None) -> list[int]:
    filters = selectors.NeedFilters(status=query.get("status", ""), region=region)
    needs = selectors.needs_for_user(user, filters)
    desc = query.get("sort") != "oldest"
    order = ["-created_at", "-id"] if desc else ["created_at", "id"]
    return list(needs.order_by(*order).values_list("pk", flat=True)[:20])


@pytest.fixture
def users(tree):
    granted = make_user("granted", Role.COMMUNITY_STAFF, C211)
    return {
        "community": make_user("c", Role.COMMUNITY_STAFF, C111),
        "street": make_user("s", Role.STREET_OFFICER, S11),
        "district": make_user("d", Role.DISTRICT_REVIEWER, D1),
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "granted": granted,
    }


@pytest.mark.parametrize("query", [{}, {"status": "verified"}, {"sort": "oldest"}])
def test_every_scope_reads_the_same_rows_as_the_plain_query_page_after_page(users, query):
    fill(600)
    grant = Need.objects.filter(community_id=C112).order_by("?").first()
    assign_perm("needs.view_need", users["granted"], grant)  # a need outside her community, opened by a grant
    for name, user in users.items():
        ids, page = page_ids(user, query)
        assert ids == plain_ids(user, query), name
        seen = list(ids)
        for _n in range(3):  # follow the cursors: every page the same as the plain query's continuation
            if not page.has_next:
                break
            ids, page = page_ids(user, {**query, "after": page.next_cursor})
            assert not set(ids) & set(seen), name
            seen += ids
        expected = list(selectors.needs_for_user(user, selectors.NeedFilters(status=query.get("status", "")))
                        .order_by(*(["-created_at", "-id"] if query.get("sort") != "oldest" else ["created_at", "id"]))
                        .values_list("pk", flat=True)[:len(seen)])
        assert seen == expected, name
        if page.has_previous:
            back, _page = page_ids(user, {**query, "before": page.previous_cursor})
            assert back == seen[-len(ids) - 20:-len(ids)], name


def test_a_drill_down_reads_only_the_unit_asked_for(users):
    from wuse.regions.models import Region

    fill(300)
    street = Region.objects.get(code=S11)
    ids, _page = page_ids(users["district"], {}, region=street)
    assert ids == plain_ids(users["district"], {}, region=street)
    assert set(Need.objects.filter(pk__in=ids).values_list("community_id", flat=True)) <= {C111, C112}


def _indexes(plan) -> set[str]:
    found = set()
    if isinstance(plan, dict):
        if "Index Name" in plan:
            found.add(plan["Index Name"])
        for value in plan.values():
            found |= _indexes(value)
    elif isinstance(plan, list):
        for value in plan:
            found |= _indexes(value)
    return found


def _list_query_plan(client, user, query: dict) -> set[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("needs:list"), query).status_code == 200
    # The page's query (merged unit by unit, or one unit's range read directly): the rows, 20 and one more.
    [sql] = [q["sql"] for q in captured.captured_queries
             if q["sql"].startswith('SELECT "needs_need"."id"') and "LIMIT 21" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        [plan] = cursor.fetchone()
    return _indexes(json.loads(plan) if isinstance(plan, str) else plan)


@pytest.mark.parametrize("query", [{}, {"date_from": "2020-01-01", "date_to": "2099-12-31"}, {"status": "verified"}])
@pytest.mark.parametrize("who", ["community", "street", "district"])
def test_the_list_plans_use_the_composite_index_wherever_the_data_sits(client, users, query, who):
    require_postgres()
    fill(20_000, old_street=S11)  # the street's needs are all old: the newest-first scan of the table would skip
    used = _list_query_plan(client, users[who], query)
    expected = "need_comm_status_created_idx" if "status" in query else "need_comm_created_idx"
    assert expected in used, used  # led by the community: each unit's first rows, wherever they sit in time
    if who != "district":  # a district first looks among the table's newest rows (the next test)
        assert "need_created_idx" not in used, used


@pytest.mark.parametrize("old", ["street", "district"])
def test_a_district_looks_among_the_newest_rows_first_and_merges_only_when_they_do_not_fill_the_page(users, old):
    """Where the district's needs are recent, the page is found among the table's newest rows and the unit by
    unit merge never runs; where they are all old, the newest rows hold none and the merge reads them — the
    same rows as the plain query either way."""
    require_postgres()
    from wuse.core.pagination import WINDOW_ROWS, _merged_sql

    fill(3 * WINDOW_ROWS, old_prefix=S11[:9] if old == "street" else D1[:6])
    user = users["district"]
    assert page_ids(user, {})[0] == plain_ids(user, {})
    needs = selectors.needs_filtered(user, selectors.NeedFilters())
    sql, params = _merged_sql(needs, selectors.list_scope(user), field="created_at", desc=True, limit=21)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    merge = next(line for line in plan.splitlines() if "need_comm_created_idx" in line)
    assert ("never executed" in merge) == (old == "street"), plan


def test_the_date_filter_is_a_half_open_range_on_the_timestamp(users):
    filters = selectors.NeedFilters(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    sql = str(selectors.needs_filtered(users["community"], filters).query)
    assert "created_at\" >=" in sql and "created_at\" <" in sql
    assert "::date" not in sql and "django_datetime_cast_date" not in sql
    fill(5)
    last_day = selectors.needs_filtered(users["community"], selectors.NeedFilters(date_to=dt.date.max))
    assert last_day.count() == 5  # the last representable day does not overflow: no upper bound


def test_a_known_total_is_exact_and_a_counted_one_stops_at_the_limit(users):
    from wuse.core.pagination import KeysetPage

    fill(30)
    request = RequestFactory().get("/needs/")
    request.user = users["city"]
    needs = selectors.needs_filtered(users["city"], selectors.NeedFilters())
    known = keyset_page(request, needs, scope=selectors.list_scope(users["city"]), total=1_500_000)
    assert known.total == 1_500_000 and not known.total_is_capped  # from the summary: shown as it is
    counted = keyset_page(request, needs, scope=selectors.list_scope(users["city"]))
    assert counted.total == 30 and not counted.total_is_capped
    KeysetPage.COUNT_LIMIT, limit = 10, KeysetPage.COUNT_LIMIT
    try:
        capped = keyset_page(request, needs, scope=selectors.list_scope(users["city"]))
        assert capped.total == 11 and capped.total_is_capped  # "more than 10"
    finally:
        KeysetPage.COUNT_LIMIT = limit


def test_a_search_reads_the_whole_scope_through_its_index_not_unit_by_unit(client, users):
    require_postgres()
    fill(200)
    client.force_login(users["district"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("needs:list"), {"q": "需求1"})
    assert response.status_code == 200 and response.context["page"].total > 0
    assert not [q for q in captured.captured_queries if "LATERAL" in q["sql"]]
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("needs:list"))
    assert [q for q in captured.captured_queries if "LATERAL" in q["sql"]]


def test_a_deep_page_starts_its_index_scan_at_the_cursor(users):
    """The cursor is also said as ``created_at <= t`` so the index starts there: a page deep in the city's list
    reads about one page of index entries, not every entry before the cursor (an OR alone is only a filter)."""
    require_postgres()
    fill(3_000)
    user = users["city"]
    needs = Need.objects.order_by("-created_at", "-id")
    cursor_row = needs[2_000]
    request = RequestFactory().get("/needs/", {"after": _encode(cursor_row)})
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        page = keyset_page(request, selectors.needs_filtered(user, selectors.NeedFilters()),
                           scope=selectors.list_scope(user), total=3_000)
    assert [n.pk for n in page] == [n.pk for n in needs[2_001:2_021]]  # the same rows as the plain query
    [sql] = [q["sql"] for q in captured.captured_queries if "LIMIT 21" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) " + sql)
        [plan] = cursor.fetchone()
    scans = _scans(json.loads(plan) if isinstance(plan, str) else plan)
    assert scans and all("created_at" in scan.get("Index Cond", "") for scan in scans), scans
    assert sum(scan.get("Rows Removed by Filter", 0) for scan in scans) < 100, scans


def _encode(need) -> str:
    from wuse.core.pagination import _encode_cursor

    return _encode_cursor(need.created_at, need.pk)


def _scans(plan) -> list[dict]:
    found = []
    if isinstance(plan, dict):
        if plan.get("Node Type", "").startswith("Index") and plan.get("Relation Name") == "needs_need":
            found.append(plan)
        for value in plan.values():
            found += _scans(value)
    elif isinstance(plan, list):
        for value in plan:
            found += _scans(value)
    return found


def test_a_wide_scopes_filtered_count_is_kept_a_while_and_a_streets_only_for_an_ended_window(client, users, settings):
    """A district's (or the city's) date-filtered list counts its rows once for ``WUSE_WIDE_COUNTS_SECONDS``:
    the next pages and readers reuse the count; a street's list counts live unless its date window has ended
    (no need is created there any more); a community's list, a search and "assigned to me" count live."""
    from django.core.cache import cache

    cache.clear()
    settings.WUSE_WIDE_COUNTS_SECONDS = 60
    fill(30)
    query = {"date_from": "2000-01-01", "date_to": "2099-12-31"}

    def counts_made(user, params) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("needs:list"), params).status_code == 200
        return sum(q["sql"].startswith("SELECT COUNT(*)") for q in captured.captured_queries)

    district = users["district"]
    assert counts_made(district, query) == 1
    assert counts_made(district, query) == 0  # kept
    assert counts_made(district, {**query, "channel": "visit"}) == 1  # another filter: its own count
    assert counts_made(users["street"], query) == counts_made(users["street"], query) == 1  # a street: live…
    ended = {"date_from": "2000-01-01", "date_to": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}
    assert counts_made(users["street"], ended) == 1
    assert counts_made(users["street"], ended) == 0  # …unless its window has ended: kept
    assert counts_made(users["community"], ended) == counts_made(users["community"], ended) == 1  # always live
    assert counts_made(district, {**query, "q": "需求"}) == counts_made(district, {**query, "q": "需求"}) == 1
    settings.WUSE_WIDE_COUNTS_SECONDS = 0
    assert counts_made(district, query) == 1
