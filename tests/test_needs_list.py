import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.models import Need
from tests.helpers import C111, C112, C121, S11, make_user
from wuse.accounts.roles import Role


@pytest.fixture
def officer(tree):
    return make_user("officer", Role.STREET_OFFICER, S11)


def bulk(user, n, community=C111, **fields):
    start = timezone.now() - dt.timedelta(days=1)
    Need.objects.bulk_create(Need(community_id=community, title=f"需求{i}", created_by=user,
                                  created_at=start + dt.timedelta(minutes=i), **fields) for i in range(n))


def walk(client, params=None):
    """Follow the "next" links to the end; return every pk in order."""
    seen, query = [], dict(params or {})
    for _ in range(100):
        page = client.get("/needs/", query).context["page"]
        seen += [n.pk for n in page]
        if not page.has_next:
            return seen, page
        query = {**(params or {}), "after": page.next_cursor}
    raise AssertionError("pagination did not end")


@pytest.mark.django_db
def test_keyset_pages_cover_every_row_once_in_order_both_ways(client, officer):
    bulk(officer, 45)
    # equal timestamps must not lose or repeat rows: ties are broken by id
    same = timezone.now() - dt.timedelta(hours=1)
    Need.objects.bulk_create(Need(community_id=C112, title=f"同时{i}", created_by=officer, created_at=same)
                             for i in range(7))
    client.force_login(officer)
    pks, last = walk(client)
    expected = list(Need.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert pks == expected and last.total == 52
    back = client.get("/needs/", {"before": last.previous_cursor}).context["page"]
    first_of_last = expected.index(last.object_list[0].pk)
    assert [n.pk for n in back] == expected[first_of_last - 20:first_of_last]
    assert back.has_previous and back.has_next
    oldest, _ = walk(client, {"sort": "oldest"})
    assert oldest == list(reversed(expected))


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["garbage", "2026-01-01T00:00:00~-5", "~", "2026-13-45T99:00~1", "x" * 5000])
def test_bad_cursors_fall_back_to_the_first_page(client, officer, cursor):
    bulk(officer, 3)
    client.force_login(officer)
    response = client.get("/needs/", {"after": cursor})
    assert response.status_code == 200 and len(response.context["page"]) == 3


@pytest.mark.django_db
def test_filters_narrow_the_list(client, officer):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    a = Need.objects.create(community_id=C111, title="电梯故障", category_id="safety", channel="visit",
                            urgency="urgent", created_by=staff, assignee=staff,
                            response_deadline=timezone.localdate() - dt.timedelta(days=1))
    b = Need.objects.create(community_id=C112, title="广场舞噪音", description="晚上十点后仍有噪音",
                            category_id="culture_sports", channel="roundtable", created_by=staff)
    Need.objects.create(community_id=C121, title="别的街道", created_by=staff)  # outside S11
    client.force_login(officer)

    def shown(**params):
        return {n.pk for n in client.get("/needs/", params).context["page"]}

    assert shown() == {a.pk, b.pk}
    assert shown(q="噪音") == {b.pk} and shown(q="十点") == {b.pk}
    assert shown(category="safety") == {a.pk} and shown(channel="roundtable") == {b.pk}
    assert shown(urgency="urgent") == {a.pk} and shown(overdue="on") == {a.pk}
    assert shown(region=C112) == {b.pk}
    assert shown(status="verified") == set()
    assert shown(date_from=timezone.localdate().isoformat()) == {a.pk, b.pk}
    assert shown(date_to=(timezone.localdate() - dt.timedelta(days=1)).isoformat()) == set()
    client.force_login(staff)
    assert shown(assignee="me") == {a.pk} and shown(assignee="none") == set()


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"q": "\x00"}, {"date_from": "not-a-date"}, {"status": "hacked"},
                                    {"sort": "password"}, {"q": "x" * 500}, {"category": "'; DROP TABLE"}])
def test_hostile_query_strings_never_break_the_list(client, officer, params):
    client.force_login(officer)
    assert client.get("/needs/", params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"q": "需求", "category": "other", "overdue": "on"}, {"sort": "oldest"}])
def test_the_filtered_list_runs_a_constant_number_of_queries(client, officer, params):
    client.force_login(officer)
    bulk(officer, 1)
    client.get("/needs/", params)  # warm: what is cached across requests (the categories) is read once
    with CaptureQueriesContext(connection) as one:
        client.get("/needs/", params)
    bulk(officer, 60, community=C112)
    with CaptureQueriesContext(connection) as many:
        client.get("/needs/", params)
    assert len(one.captured_queries) == len(many.captured_queries)


@pytest.mark.django_db
def test_the_list_counts_the_units_needs_by_status_and_category(client, officer):
    Need.objects.create(community_id=C111, title="a", category_id="safety", created_by=officer)
    Need.objects.create(community_id=C112, title="b", category_id="safety", created_by=officer, status="verified")
    Need.objects.create(community_id=C112, title="c", category_id="sanitation", created_by=officer)
    Need.objects.create(community_id=C121, title="outside the street", category_id="safety", created_by=officer)
    client.force_login(officer)
    context = client.get("/needs/").context
    assert {code: n for code, _label, n in context["counts"] if n} == {"submitted": 2, "verified": 1}
    assert {c.code: n for c, n in context["category_counts"]} == {"safety": 2, "sanitation": 1}
