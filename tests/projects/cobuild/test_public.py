"""The public pages of the co-building lists (公示) and the lists' year filter: a community's index shows only its
published and closed lists, by period; bad filters never 500; the totals' arithmetic; constant query counts on the
index, a list's public page and a pledge's page."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from projects.cobuild import services
from projects.cobuild.models import CobuildList, Delivery, Pledge, summarize
from tests.helpers import C111, C112, D1

from .support import END, START, TODAY, donor, new_list, published

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_community_index_shows_only_its_published_lists(people, client):
    unit = donor("联建企业", D1)
    shown, _pledges = published(people["staff"], C111, unit)
    draft = new_list(people["staff"], C111, title="草稿清单")
    other, _other_pledges = published(people["officer"], C112, unit)
    html = client.get(f"/public/cobuild/{C111}/").content.decode()
    assert f"/public/cobuild/{C111}/{shown.pk}/" in html
    assert draft.title not in html and f"/{other.pk}/" not in html
    assert client.get(f"/public/cobuild/{D1}/").status_code == 404  # a district has no co-building list
    assert client.get(f"/public/cobuild/{C112}/{shown.pk}/").status_code == 404  # the list is of another community


def test_the_public_index_filters_by_year_and_bad_filters_never_500(people, client):
    unit = donor("联建企业", D1)
    cobuild_list, _pledges = published(people["staff"], C111, unit)
    url = f"/public/cobuild/{C111}/"
    assert f"/{cobuild_list.pk}/" in client.get(f"{url}?year={START.year}").content.decode()
    assert f"/{cobuild_list.pk}/" not in client.get(f"{url}?year={END.year + 1}").content.decode()
    for bad in ("abc", "-1", "99999999999999999999", "<script>alert(1)</script>", "2026&page=x"):
        response = client.get(url, {"year": bad, "page": "zzz"})
        assert response.status_code == 200 and b"<script>alert" not in response.content


def test_the_staff_list_filters_by_year(people, client):
    new_list(people["staff"], C111, title="今年的清单")
    client.force_login(people["officer"])
    assert "今年的清单" in client.get("/cobuild/", {"year": START.year}).content.decode()
    assert "今年的清单" not in client.get("/cobuild/", {"year": END.year + 1}).content.decode()
    assert client.get("/cobuild/", {"year": "x" * 300}).status_code == 200


def test_the_public_pages_show_the_totals(people, client):
    unit = donor("联建企业", D1)
    cobuild_list = new_list(people["staff"], C111)
    for quantity, value in (("10", "1000"), ("4", None)):
        services.pledge_add(user=people["staff"], cobuild_list=cobuild_list, data=services.PledgeData(
            unit=unit, resource="materials", description="物资", quantity=quantity, measure="件", starts_on=START,
            ends_on=END, value=value))
    services.list_transition(user=people["staff"], cobuild_list=cobuild_list, name="publish")
    first, second = Pledge.objects.order_by("id")
    services.delivery_record(user=people["staff"], pledge=first, quantity="5", delivered_on=TODAY)
    services.delivery_record(user=people["staff"], pledge=second, quantity="4", delivered_on=TODAY)
    html = client.get(f"/public/cobuild/{C111}/{cobuild_list.pk}/").content.decode()
    summary = html[html.index('data-testid="public-summary"'):html.index('data-testid="public-pledge"')]
    assert ">1000<" in summary and ">500（50%）<" in summary
    index = client.get(f"/public/cobuild/{C111}/").content.decode()
    assert "2 pledges, 1 fulfilled in full" in index or "2 个认领项，1 个已全部兑现" in index


def _pledge(quantity: Decimal, delivered: Decimal, value: Decimal | None):
    return SimpleNamespace(quantity=quantity, delivered=delivered, value=value, fulfilled=delivered >= quantity)


AMOUNT = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@given(st.lists(st.tuples(AMOUNT, st.integers(0, 100), st.none() | AMOUNT), max_size=20))
def test_the_totals_never_exceed_what_was_pledged(rows):
    pledges = [_pledge(q, (q * share / 100).quantize(Decimal("0.01")), v) for q, share, v in rows]
    summary = summarize(pledges)
    assert summary.pledges == len(pledges)
    assert summary.fulfilled == sum(p.delivered >= p.quantity for p in pledges)
    assert summary.value == sum((p.value for p in pledges if p.value), Decimal("0"))
    assert Decimal("0") <= summary.value_delivered <= summary.value
    assert 0 <= summary.percent <= 100
    if all(p.fulfilled for p in pledges) and summary.value:
        assert summary.percent == 100


def _bulk_lists(user, n: int):
    CobuildList.objects.bulk_create([CobuildList(region_id=C111, title=f"清单{i}", period_start=START,
                                                 period_end=END, created_by=user, status="published")
                                     for i in range(n)])


def test_the_public_index_runs_a_constant_number_of_queries(people, client):
    _bulk_lists(people["staff"], 1)
    one = _queries(client, f"/public/cobuild/{C111}/")
    _bulk_lists(people["staff"], 50)
    assert _queries(client, f"/public/cobuild/{C111}/") == one


def test_a_pledge_page_runs_a_constant_number_of_queries(people, client):
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1), ("1000",))
    services.delivery_record(user=people["staff"], pledge=p, quantity="1", delivered_on=TODAY)
    client.force_login(people["staff"])
    one = _queries(client, f"/cobuild/pledges/{p.pk}/")
    Delivery.objects.bulk_create([Delivery(pledge=p, region_id=p.region_id, quantity=Decimal("1"),
                                           delivered_on=TODAY - dt.timedelta(days=i % 20), recorded_by=people["staff"])
                                  for i in range(50)])
    assert _queries(client, f"/cobuild/pledges/{p.pk}/") == one
