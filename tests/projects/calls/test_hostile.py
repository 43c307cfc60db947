"""Hostile input on the call's action forms (decide, select, transitions) and query counts of the call's page and
its public page: a message or a 404, never a 500, nothing written; as many queries for 50 bids as for one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.calls.models import Bid, Call
from tests.helpers import C111, D1
from tests.projects.support import organization
from wuse.registry.organizations.models import Organization

from .support import bid, posted_call

pytestmark = pytest.mark.django_db

HOSTILE = ["", " ", "<script>alert(1)</script>", "x" * 100_000, "-1", "1e999", "０", "null", "'; DROP TABLE x;--"]


@pytest.fixture
def setup(people):
    org = organization("阳光社工", D1, member=people["member"])
    call = posted_call(people["staff"], C111)
    return people, org, call, bid(people["member"], call, org)


@pytest.mark.parametrize("value", HOSTILE)
def test_decide_and_transitions(setup, client, value):
    people, org, call, b = setup
    client.force_login(people["staff"])
    for url, data in ((f"/calls/{call.pk}/bids/{b.pk}/decline/", {"reason": value}),
                      (f"/calls/{call.pk}/do/withdraw/", {"reason": value}),
                      (f"/calls/{call.pk}/do/close_shortlist/", {"reason": value}),
                      (f"/calls/{call.pk}/do/select/", {}),
                      (f"/calls/{call.pk}/select/", {"bid": value})):
        response = client.post(url, data)
        assert response.status_code in (302, 404), (url, response.status_code)
    call.refresh_from_db()
    b.refresh_from_db()
    if value.strip():
        # A reason, however odd, is text: the bid is declined (cut to 500) or the call withdrawn with it.
        assert b.status == "declined" and len(b.reason) <= 500
        assert call.status == "withdrawn" and len(call.reason) <= 500
    else:
        assert b.status == "submitted" and call.status == "posted"


def test_unknown_names_and_ids(setup, client):
    people, org, call, b = setup
    client.force_login(people["staff"])
    assert client.post(f"/calls/{call.pk}/do/bogus/").status_code == 302
    assert client.post(f"/calls/{call.pk}/bids/{b.pk}/win/").status_code == 404
    assert client.post(f"/calls/{call.pk}/bids/999999/shortlist/").status_code == 404
    assert client.post("/calls/999999/do/post/").status_code == 404
    assert client.get("/calls/?region=<script>").status_code == 404  # as every list: an unknown unit
    assert client.get("/calls/?status=nope&kind=nope&q=" + "x" * 500).status_code == 200
    assert client.get("/calls/?after=garbage").status_code == 200
    assert Bid.objects.get(pk=b.pk).status == "submitted" and Call.objects.get(pk=call.pk).status == "posted"


def test_bid_form_hostile(setup, client):
    people, org, call, _b = setup
    other = organization("彩虹社工", D1, credit_suffix=2)  # the member is not one of its members
    client.force_login(people["member"])
    base = {"organization": org.pk, "approach": "方案", "price": "1000"}
    for bad in ({"organization": other.pk}, {"organization": "x"}, {"approach": "x" * 5000}, {"price": "1e999"},
                {"price": "NaN"}, {"team": "x" * 3000}, {"timeline": "x" * 600}):
        assert client.post(f"/calls/{call.pk}/bid/", {**base, **bad}).status_code == 400, bad
    assert Bid.objects.count() == 1


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def _more_bids(call, user, n):
    orgs = Organization.objects.bulk_create([Organization(name=f"组织{i}", kind="sw_agency", region_id=D1,
                                                          filing_number=f"备字{100 + i:04d}") for i in range(n)])
    Bid.objects.bulk_create([Bid(call=call, region_id=call.region_id, organization=o, approach="方案", price=10,
                                 submitted_by=user) for o in orgs])


def test_detail_and_public_page_queries_do_not_grow(setup, client):
    people, org, call, _b = setup
    client.force_login(people["staff"])
    detail, public = _count(client, f"/calls/{call.pk}/"), _count(client, f"/public/calls/{call.pk}/")
    _more_bids(call, people["member"], 50)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.localdate() + dt.timedelta(days=1))
    assert _count(client, f"/calls/{call.pk}/") == detail
    assert _count(client, f"/public/calls/{call.pk}/") == public
