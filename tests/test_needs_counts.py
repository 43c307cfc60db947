"""The needs list's counts from the summary kept by triggers (``NeedCount``, ``needs/counts.py``).

The summary must equal grouping the needs after every kind of write (services, kernel transitions, merges,
the Excel import, bulk inserts, ``.update()``, deletes, raw SQL), and ``scope_counts`` must equal grouping
``access.scoped`` for every kind of user, with and without the region drill-down. Runs on SQLite and on
PostgreSQL (the race at the end on PostgreSQL only).
"""

import random
from functools import partial

import pytest
from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, Value, When
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from needs import counts, selectors, services
from needs.excel import CATEGORY, COMMUNITY, TITLE
from needs.excel.importing import check_upload, import_rows
from needs.models import Need, NeedCategory, NeedCount, NeedStreetCount
from needs.workflow import NEED_PROCESS
from tests.concurrency import race
from tests.helpers import C111, C112, C121, C211, CITY, D1, D2, S11, S12, S21, make_user, require_postgres
from tests.needs_excel_support import good, xlsx
from wuse.access import api as access
from wuse.accounts.models import Membership
from wuse.accounts.roles import Role
from wuse.regions.models import Region

COMMUNITIES = [f"{street}{n}" for street in ("410101001", "410101002", "410102001", "410102002")
               for n in ("001", "002")]
STATES = [code for code, _ in NEED_PROCESS.choices]
IN_S12 = Q(community__gte="410101002000", community__lte="410101002999")


# --------------------------------------------------------------------------------------------- helpers


def exact_by_key() -> dict[tuple[str, str, str], int]:
    rows = Need.objects.order_by().values_list("community", "status", "category").annotate(n=Count("pk"))
    return {(c, s, k): n for c, s, k, n in rows}


def summary_by_key() -> dict[tuple[str, str, str], int]:
    return {(c, s, k): n for c, s, k, n in NeedCount.objects.values_list("community", "status", "category", "n")
            if n}


def street_summary_by_key() -> dict[tuple[str, str, str], int]:
    return {(c, s, k): n for c, s, k, n in NeedStreetCount.objects.values_list("street", "status", "category", "n")
            if n}


def exact_by_street() -> dict[tuple[str, str, str], int]:
    found: dict[tuple[str, str, str], int] = {}
    for (community, status, category), n in exact_by_key().items():
        key = (community[:9] + "000", status, category)
        found[key] = found.get(key, 0) + n
    return found


def assert_consistent() -> None:
    assert summary_by_key() == exact_by_key()
    assert street_summary_by_key() == exact_by_street()
    assert not NeedCount.objects.filter(n__lt=0).exists()


def expected_counts(user, region: Region | None = None) -> counts.NeedCounts:
    needs = access.scoped(user, "need.view", Need.objects.all())
    if region is not None:
        low, high = region.prefix.ljust(12, "0"), region.prefix.ljust(12, "9")
        needs = needs.filter(community__gte=low, community__lte=high)
    rows = list(needs.order_by().values_list("status", "category").annotate(n=Count("pk")))
    by_status: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for status, category, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        by_category[category] = by_category.get(category, 0) + n
    return counts.NeedCounts(by_status=by_status, by_category=by_category, total=sum(by_status.values()))


def bare(user, community: str, category: str = "other", status: str = "submitted", **fields) -> Need:
    """A need inserted without the services (as a data migration or a bulk load would)."""
    return Need(community_id=community, category_id=category, status=status, title="楼道灯坏了", created_by=user,
                **fields)


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def c111(tree):
    return Region.objects.get(code=C111)


def create(user, title="楼道灯坏了", community=C111, category="other"):
    return services.need_create(user=user, community=Region.objects.get(code=community), title=title,
                                category=NeedCategory.objects.get(code=category), channel="visit")


# --------------------------------------------------------------------------- the summary after each write


@pytest.mark.django_db
def test_the_migration_created_the_triggers_and_an_empty_summary(tree):
    assert not NeedCount.objects.exists()
    assert_consistent()


@pytest.mark.django_db
def test_need_create_counts_the_new_need(staff):
    create(staff)
    create(staff, "垃圾满溢", category="sanitation")
    create(staff, "又一盏灯")
    assert summary_by_key() == {(C111, "submitted", "other"): 2, (C111, "submitted", "sanitation"): 1}
    assert_consistent()


@pytest.mark.django_db
def test_every_transition_of_the_process_moves_the_count(staff):
    a, b, c, d, e = (create(staff, f"需求{i}") for i in range(5))
    steps = [(a, "verify"), (a, "list"), (b, "verify"), (b, "refer", "交物业"), (c, "reject", "不属实"),
             (d, "verify"), (d, "resolve", "已修好"), (b, "close", "已办结"), (d, "close", "已办结")]
    for need, name, *reason in steps:
        services.need_transition(user=staff, need=need, name=name, reason=reason[0] if reason else "")
        assert_consistent()
    services.need_to_project(user=staff, need=a, project_label="楼道灯改造")
    assert_consistent()
    services.need_follow_up(user=staff, need=Need.objects.get(pk=b.pk), satisfaction=5)
    assert_consistent()
    services.need_merge(user=staff, need=e, into=create(staff, "目标"))
    assert_consistent()
    assert summary_by_key() == {(C111, state, "other"): n for state, n in [
        ("in_project", 1), ("followed_up", 1), ("rejected", 1), ("closed", 1), ("merged", 1), ("submitted", 1)]}


@pytest.mark.django_db
def test_a_category_change_through_need_update_moves_the_count(staff):
    need = create(staff)
    services.need_update(user=staff, need=need, version=need.version, category=NeedCategory.objects.get(code="safety"))
    assert summary_by_key() == {(C111, "submitted", "safety"): 1}
    services.need_update(user=staff, need=need, version=need.version + 1, title="改了标题")  # no key column
    assert summary_by_key() == {(C111, "submitted", "safety"): 1}
    assert NeedCount.objects.get(community=C111, status="submitted", category="other").n == 0  # the row stays
    assert_consistent()


@pytest.mark.django_db
def test_support_and_other_updates_leave_the_counts(staff):
    need = create(staff)
    services.need_support_add(user=staff, need=need, residents=3)
    Need.objects.filter(pk=need.pk).update(support_count=F("support_count") + 1, title="新标题")
    need.refresh_from_db()
    need.save()  # every column written, none changed
    assert summary_by_key() == {(C111, "submitted", "other"): 1}


@pytest.mark.django_db
def test_the_excel_import_counts_every_row(staff):
    rows = [good(), good(**{TITLE: "垃圾满溢", CATEGORY: "环境卫生"}), good(**{TITLE: "又一处"}),
            good(**{COMMUNITY: C112, TITLE: "别的社区"})]
    report = check_upload(staff, xlsx(rows))
    assert len(report.valid) == 3, report.errors  # C112 is not the staff member's community
    import_rows(user=staff, report=report)
    assert_consistent()
    assert sum(summary_by_key().values()) == len(report.valid)


@pytest.mark.django_db
def test_bulk_create_update_delete_and_raw_sql_keep_the_summary(staff):
    Need.objects.bulk_create([bare(staff, c, k) for c in (C111, C112, C211) for k in ("other", "safety")
                              for _ in range(3)])
    assert_consistent()
    assert NeedCount.objects.get(community=C112, status="submitted", category="safety").n == 3
    Need.objects.filter(community=C111).update(status="verified")
    assert_consistent()
    Need.objects.filter(community=C112, category="safety").update(category="sanitation", status="listed")
    assert_consistent()
    # One statement moving needs both ways between two keys, and some not at all.
    Need.objects.filter(community=C111).update(category=Case(When(category="other", then=Value("safety")),
                                                             default=Value("other")))
    assert_consistent()
    Need.objects.filter(community=C211, category="other").update(community=C121)
    assert_consistent()
    Need.objects.filter(community=C121).first().delete()
    assert_consistent()
    Need.objects.filter(community=C112).delete()
    assert_consistent()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE needs_need SET status = %s WHERE community_id = %s", ["closed", C211])
        cursor.execute("DELETE FROM needs_need WHERE community_id = %s AND category_id = %s", [C111, "other"])
    assert_consistent()
    Need.objects.all().delete()
    assert summary_by_key() == {} and exact_by_key() == {}


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_summary_as_it_was(staff):
    create(staff)
    before = summary_by_key()
    with pytest.raises(RuntimeError), transaction.atomic():
        create(staff, "会回滚")
        Need.objects.update(status="verified")
        raise RuntimeError
    assert summary_by_key() == before
    assert_consistent()


@pytest.mark.django_db
def test_a_community_without_needs_can_still_be_deleted_with_its_zero_rows(staff):
    need = bare(staff, C211)
    need.save()
    need.delete()
    assert NeedCount.objects.filter(community=C211, n=0).exists()
    Membership.objects.filter(region=C211).delete()
    Region.objects.get(code=C211).delete()
    assert not NeedCount.objects.filter(community=C211).exists()


# ------------------------------------------------------------------------------------ scope_counts


def _users():
    """A community, a street, a district and the city; someone with a grant only; a street officer with a
    grant outside the street; staff of two communities in different districts."""
    people = {
        "community": make_user("c", Role.COMMUNITY_STAFF, C111),
        "street": make_user("s", Role.STREET_OFFICER, S11),
        "district": make_user("d", Role.DISTRICT_REVIEWER, D1),
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "granted": make_user("evaluator"),
        "street+grant": make_user("s2", Role.STREET_OFFICER, S12),
        "two communities": make_user("c2", Role.COMMUNITY_STAFF, C112),
    }
    Membership.objects.create(user=people["two communities"], role=Role.COMMUNITY_STAFF, region_id=C211)
    return people


def _grant(people, rng: random.Random) -> None:
    outside = list(Need.objects.exclude(IN_S12).values_list("pk", flat=True))
    for pk in rng.sample(outside, 3):
        need = Need.objects.get(pk=pk)
        assign_perm("needs.view_need", people["granted"], need)
        assign_perm("needs.view_need", people["street+grant"], need)
    # a grant inside the street counts once, not twice
    inside = Need.objects.filter(IN_S12).first()
    if inside is not None:
        assign_perm("needs.view_need", people["street+grant"], inside)


def _random_write(rng: random.Random, author) -> None:
    categories = list(NeedCategory.objects.values_list("code", flat=True))
    pks = list(Need.objects.values_list("pk", flat=True))
    kind = rng.choice(["create", "create", "bulk", "status", "status", "category", "move", "delete", "mass"])
    if kind == "create" or not pks:
        bare(author, rng.choice(COMMUNITIES), rng.choice(categories), rng.choice(STATES)).save()
    elif kind == "bulk":
        Need.objects.bulk_create([bare(author, rng.choice(COMMUNITIES), rng.choice(categories), rng.choice(STATES))
                                  for _ in range(rng.randint(2, 8))])
    elif kind == "status":
        Need.objects.filter(pk=rng.choice(pks)).update(status=rng.choice(STATES))
    elif kind == "category":
        need = Need.objects.get(pk=rng.choice(pks))
        need.category_id = rng.choice(categories)
        need.save()
    elif kind == "move":
        Need.objects.filter(pk=rng.choice(pks)).update(community=rng.choice(COMMUNITIES), status=rng.choice(STATES))
    elif kind == "delete":
        Need.objects.filter(pk=rng.choice(pks)).delete()
    else:
        Need.objects.filter(pk__in=rng.sample(pks, min(len(pks), 6))).update(status=rng.choice(STATES))


REGIONS = [None, CITY, D1, D2, S11, S12, S21, C111, C121, C211]


@pytest.mark.django_db
def test_scope_counts_equal_the_exact_counts_for_every_user_through_random_writes(tree):
    rng = random.Random(20261202)
    people = _users()
    author = people["community"]
    regions = {code: Region.objects.get(code=code) for code in REGIONS if code}
    for _ in range(60):
        _random_write(rng, author)
    _grant(people, rng)
    for round_ in range(8):
        for _ in range(40):
            _random_write(rng, author)
        assert_consistent()
        for who, user in people.items():
            access.forget(user)  # each round is a new request
            for code in REGIONS:
                region = regions.get(code)
                got, want = counts.scope_counts(user, region), expected_counts(user, region)
                assert got == want, (round_, who, code)
    assert sum(counts.scope_counts(people["city"]).by_status.values()) == Need.objects.count()


@pytest.mark.django_db
def test_a_grant_inside_the_users_units_is_counted_once_and_one_outside_is_added(tree):
    people = _users()
    author = people["community"]
    inside, outside = bare(author, C112, "safety"), bare(author, C211, "sanitation", status="listed")
    inside.save()
    outside.save()
    officer = people["street"]
    assign_perm("needs.view_need", officer, inside)
    assign_perm("needs.view_need", officer, outside)
    got = counts.scope_counts(officer)
    assert got == counts.NeedCounts({"submitted": 1, "listed": 1}, {"safety": 1, "sanitation": 1}, 2)
    assert counts.scope_counts(officer, Region.objects.get(code=S11)).total == 1
    assert counts.scope_counts(officer, Region.objects.get(code=S21)).by_status == {"listed": 1}
    assert counts.scope_counts(people["granted"]).total == 0
    assert counts.scope_counts(make_user("nobody")) == counts.NeedCounts()


@pytest.mark.django_db
def test_counts_in_parts_everything_and_the_region_of_a_global_scope(staff):
    """No role holds need.view globally today; a scope given in parts may (``counts_in``)."""
    Need.objects.bulk_create([bare(staff, c, k, s) for c in (C111, C121, C211) for k in ("other", "safety")
                              for s in ("submitted", "closed")])
    everything = counts.counts_in(is_global=True, prefixes=[], extra=None)
    assert everything.total == 12 and everything.by_category == {"other": 6, "safety": 6}
    d1 = counts.counts_in(is_global=True, prefixes=[], extra=None, region=Region.objects.get(code=D1))
    assert d1.total == 8 and d1.by_status == {"submitted": 4, "closed": 4}
    nothing = counts.counts_in(is_global=False, prefixes=[], extra=None)
    assert nothing == counts.NeedCounts()


@pytest.mark.django_db
def test_the_shapes_match_what_the_list_page_shows(staff):
    create(staff, "灯", category="safety")
    create(staff, "垃圾", category="sanitation")
    create(staff, "又一盏灯", category="safety")
    got = counts.scope_counts(staff)
    in_scope = selectors.needs_for_user(staff)  # the exact grouping the list used before the summary
    by_status = dict(in_scope.order_by().values_list("status").annotate(n=Count("id")))
    by_category = dict(in_scope.order_by().values_list("category").annotate(n=Count("id")))
    assert counts.status_counts(got) == [(code, label, by_status.get(code, 0)) for code, label in NEED_PROCESS.choices]
    assert counts.category_counts(got) == [(c, by_category[c.code]) for c in NeedCategory.objects.all()
                                           if by_category.get(c.code)]
    assert [(c.code, n) for c, n in counts.category_counts(got)] == [("sanitation", 1), ("safety", 2)]
    with CaptureQueriesContext(connection) as queries:
        counts.category_counts(got)
    assert len(queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["community", "street", "district", "city", "street+grant"])
def test_the_queries_of_scope_counts_do_not_grow_with_the_needs(tree, who):
    people = _users()
    author, user = people["community"], people[who]

    def queries(region=None) -> int:
        access.forget(user)  # a new request: grants read again,
        access.memberships(user)  # memberships read by the page already
        with CaptureQueriesContext(connection) as captured:
            counts.scope_counts(user, region)
        return len(captured)

    bare(author, C111).save()
    assign_perm("needs.view_need", people["street+grant"], Need.objects.get())
    one = queries(), queries(Region.objects.get(code=D1))
    Need.objects.bulk_create([bare(author, COMMUNITIES[i % 8], status=STATES[i % 10]) for i in range(49)])
    assign_perm("needs.view_need", people["street+grant"], Need.objects.filter(community=C211).first())
    fifty = queries(), queries(Region.objects.get(code=D1))
    assert one == fifty
    assert max(fifty) <= 3  # grants, the summary, and the needs seen one by one (only when there are some)
    access.forget(user)
    assert counts.scope_counts(user) == expected_counts(user)


@pytest.mark.django_db
def test_a_districts_and_the_citys_sums_are_cached_for_a_while_and_say_when_a_streets_stay_live(staff, settings):
    from django.core.cache import cache

    settings.WUSE_WIDE_COUNTS_SECONDS = 60
    cache.delete(counts.wide_key([D1[:6]]))
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, D1)
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    create(staff, "灯")
    first = counts.scope_counts(reviewer)
    assert first.total == 1 and first.as_of is not None
    create(staff, "又一盏灯")
    again = counts.scope_counts(reviewer)
    assert (again.total, again.as_of) == (1, first.as_of)  # the cached sums, and when they were made
    live = counts.scope_counts(officer)
    assert (live.total, live.as_of) == (2, None)  # a street's are summed on every request
    assert counts.scope_counts(staff).total == 2 and counts.scope_counts(staff).as_of is None
    assert counts.scope_counts(reviewer, Region.objects.get(code=S11)).as_of is None  # drilled down to a street
    cache.delete(counts.wide_key([D1[:6]]))
    assert counts.scope_counts(reviewer).total == 2
    settings.WUSE_WIDE_COUNTS_SECONDS = 0
    create(staff, "第三盏灯")
    assert counts.scope_counts(reviewer) == expected_counts(reviewer)  # without the cache: live


# ------------------------------------------------------------------------------------ PostgreSQL


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_in_one_community_and_category_keep_exact_counts_without_deadlock(tree):
    """Creates, transitions and category changes in both directions, at once, on the same summary rows."""
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    other, safety = NeedCategory.objects.get(code="other"), NeedCategory.objects.get(code="safety")
    for round_ in range(4):
        mine = [create(staff, f"需求{round_}-{i}", category="other" if i % 2 else "safety") for i in range(8)]

        def move(need, category):
            fresh = Need.objects.get(pk=need.pk)
            return services.need_update(user=staff, need=fresh, version=fresh.version, category=category)

        def swap(needs):
            with transaction.atomic():
                return Need.objects.filter(pk__in=[n.pk for n in needs]).update(category=Case(
                    When(category="other", then=Value("safety")), default=Value("other")))

        operations = [
            *(partial(services.need_transition, user=staff, need=need, name="verify") for need in mine[:3]),
            partial(move, mine[3], safety), partial(move, mine[4], other),  # opposite directions
            partial(move, mine[5], safety), partial(move, mine[6], other),
            partial(swap, [mine[7], mine[0]]), partial(swap, [mine[1], mine[2]]),
            *(partial(create, staff, f"新{round_}-{i}", category="other") for i in range(3)),
        ]
        race(*operations, timeout=60)
        assert_consistent()


@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_statements_touching_many_keys_do_not_deadlock(tree):
    """Two statements, each moving needs between the same summary rows in the opposite direction: each
    statement applies its changes in key order, so neither waits on the other in a circle."""
    require_postgres()
    author = make_user("staff", Role.COMMUNITY_STAFF, C111)
    Need.objects.bulk_create([bare(author, c, k) for c in COMMUNITIES for k in ("other", "safety", "sanitation")
                              for _ in range(2)])
    ids = list(Need.objects.order_by("pk").values_list("pk", flat=True))
    halves = ids[0::2], ids[1::2]

    def rotate(pks, forward: bool):
        order = ["other", "safety", "sanitation"] if forward else ["sanitation", "safety", "other"]
        with transaction.atomic():
            Need.objects.filter(pk__in=pks).update(
                category=Case(*(When(category=a, then=Value(b)) for a, b in zip(order, order[1:] + order[:1],
                                                                                 strict=True))),
                status=Case(When(status="submitted", then=Value("verified")), default=Value("submitted")))

    for _ in range(5):
        race(partial(rotate, halves[0], True), partial(rotate, halves[1], False), timeout=60)
        assert_consistent()


def _wait_until_blocked(timeout: float = 10) -> None:
    """Until another session of this database waits for a lock."""
    import time

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the statistics are a snapshot per transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the other session never waited")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("before", "after"), [("safety", "other"), ("other", "safety")])
def test_an_update_locks_the_summary_rows_in_key_order_whatever_the_direction(tree, before, after):
    """While the lower key (…/other) is held elsewhere, moving a need between the two keys waits for it
    first and holds nothing of the higher key (…/safety): every writer takes them in the same order."""
    import threading

    require_postgres()
    author = make_user("staff", Role.COMMUNITY_STAFF, C111)
    Need.objects.bulk_create([bare(author, C111, "other"), bare(author, C111, "safety")])
    moving = Need.objects.get(category=before)
    low = {"community": C111, "status": "submitted", "category": "other"}
    high = {**low, "category": "safety"}
    done = threading.Event()

    def move():
        try:
            Need.objects.filter(pk=moving.pk).update(category=after)
        finally:
            connection.close()
            done.set()

    with transaction.atomic():
        NeedCount.objects.select_for_update().get(**low)
        mover = threading.Thread(target=move)
        mover.start()
        _wait_until_blocked()
        NeedCount.objects.select_for_update(nowait=True).get(**high)  # DatabaseError if the mover held it
    mover.join(30)
    assert done.is_set()
    assert_consistent()


# ------------------------------------------------------------------------------ SQLite rebuilds a table


@pytest.mark.django_db(transaction=True)
def test_after_a_field_change_the_triggers_still_count_exactly(tree):
    """SQLite: a field change copies needs_need into a new table and drops the old one with its triggers;
    ``ensure_triggers`` (after every migrate) creates them again and refills the summary. PostgreSQL alters
    the table in place: the triggers stay and ``ensure_triggers`` has nothing to do."""
    from django.db import models

    author = make_user("staff", Role.COMMUNITY_STAFF, C111)
    bare(author, C111).save()
    old = Need._meta.get_field("location")
    wider = models.CharField(max_length=201, blank=True)
    wider.set_attributes_from_name("location")
    wider.model = Need
    if connection.vendor != "sqlite":
        try:
            with connection.schema_editor() as editor:
                editor.alter_field(Need, old, wider)
            bare(author, C112).save()
            assert counts.ensure_triggers() is False
            assert_consistent()
        finally:
            with connection.schema_editor() as editor:
                editor.alter_field(Need, wider, old)
        return
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Need, old, wider)
        bare(author, C112).save()  # not counted: no trigger
        assert summary_by_key() != exact_by_key()
        assert counts.ensure_triggers() is True
        assert_consistent()
        bare(author, C112, "safety").save()
        assert_consistent()
        assert counts.ensure_triggers() is False  # nothing to do
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Need, wider, old)
        counts.ensure_triggers()
    assert_consistent()
