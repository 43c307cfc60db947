"""The call pages: who sees what, the forms' round trip and hostile input, query counts, public pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.calls import services
from projects.calls.models import Bid, Call, Criterion
from projects.models import Project
from tests.helpers import C111, C112, C211, D1
from tests.projects.support import organization

from .support import bid, past_deadline, posted_call

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _bulk(user, n, status="posted", community=C112):
    Call.objects.bulk_create([Call(region_id=community, title=f"榜单{i}", problem="问题", budget=Decimal("100"),
                                   deadline=timezone.localdate() + dt.timedelta(days=3), status=status,
                                   created_by=user) for i in range(n)])


@pytest.mark.parametrize("params", ["", "?status=posted", "?q=榜单", f"?region={C112}"])
def test_list_constant_queries(people, client, params):
    client.force_login(people["officer"])
    _bulk(people["officer"], 1)
    one = _queries(client, f"/calls/{params}")
    _bulk(people["officer"], 50)
    assert _queries(client, f"/calls/{params}") == one


@pytest.mark.parametrize("url", ["/public/calls/", "/public/calls/results/"])
def test_public_lists_constant_queries(people, client, url):
    _bulk(people["officer"], 1, status="published")
    one = _queries(client, url)
    _bulk(people["officer"], 50, status="published")
    assert _queries(client, url) == one


def test_detail_access(people, client):
    call = posted_call(people["staff"], C111)
    client.force_login(people["staff"])
    assert client.get(f"/calls/{call.pk}/").status_code == 200
    client.force_login(people["staff_other"])
    assert client.get(f"/calls/{call.pk}/").status_code == 404
    client.force_login(people["officer"])
    assert client.get(f"/calls/{call.pk}/").status_code == 200


def test_draft_hidden_from_org_members_and_public(people, client):
    from .support import new_call
    call = new_call(people["staff"], C111)
    organization("阳光社工", D1, member=people["member"])
    client.force_login(people["member"])
    assert client.get(f"/calls/{call.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/public/calls/{call.pk}/").status_code == 404


def test_create_form_round_trip_and_hostile_input(people, client):
    client.force_login(people["staff"])
    assert client.get("/calls/new/").status_code == 200
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    base = {"region": C111, "title": "助餐", "problem": "问题", "budget": "1000", "deadline": deadline,
            "criterion_0": "覆盖", "target_0": "40人"}
    for bad in ({"budget": "-1"}, {"budget": "abc"}, {"region": C211}, {"title": "x" * 300},
                {"deadline": "2000-01-01"}, {"criterion_0": "", "target_0": ""}, {"deadline": "not a date"}):
        response = client.post("/calls/new/", {**base, **bad})
        assert response.status_code == 400, bad
    assert not Call.objects.exists()
    response = client.post("/calls/new/", {**base, "title": "<script>alert(1)</script>"})
    assert response.status_code == 302
    call = Call.objects.get()
    assert Criterion.objects.filter(call=call).count() == 1
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page


def test_bid_form_and_refusals(people, client):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    client.force_login(member)
    assert client.get(f"/calls/{call.pk}/").status_code == 200
    assert client.get(f"/calls/{call.pk}/bid/").status_code == 200
    base = {"organization": org.pk, "approach": "方案", "price": "1000"}
    for bad in ({"price": "60000"}, {"price": "-3"}, {"organization": 99999}, {"approach": ""}):
        assert client.post(f"/calls/{call.pk}/bid/", {**base, **bad}).status_code == 400, bad
    assert not Bid.objects.exists()
    assert client.post(f"/calls/{call.pk}/bid/", base).status_code == 302
    response = client.post(f"/calls/{call.pk}/bid/", base)
    assert response.status_code == 400 and "已" in response.content.decode() or "already" in response.content.decode()
    assert Bid.objects.count() == 1


def test_poster_shortlists_and_selects_through_pages(people, client):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    b = bid(member, call, org)
    client.force_login(staff)
    assert client.post(f"/calls/{call.pk}/bids/{b.pk}/shortlist/").status_code == 302
    past_deadline(call)
    assert client.post(f"/calls/{call.pk}/do/close_shortlist/").status_code == 302
    assert client.post(f"/calls/{call.pk}/select/", {"bid": "<b>"}).status_code == 302
    assert Call.objects.get(pk=call.pk).status == "shortlisted"
    assert client.post(f"/calls/{call.pk}/select/", {"bid": b.pk}).status_code == 302
    call = Call.objects.get(pk=call.pk)
    assert call.status == "awarded"
    assert Project.objects.get(pk=call.project_id).undertaker_id == org.pk
    # The member reaches the project as its undertaker.
    client.force_login(member)
    assert client.get(f"/projects/{call.project_id}/").status_code == 200


def test_other_unit_cannot_act(people, client):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    b = bid(member, call, org)
    client.force_login(people["staff_other"])
    assert client.post(f"/calls/{call.pk}/bids/{b.pk}/shortlist/").status_code == 404
    assert client.post(f"/calls/{call.pk}/do/withdraw/", {"reason": "x"}).status_code == 404
    client.force_login(member)
    assert client.post(f"/calls/{call.pk}/bids/{b.pk}/shortlist/").status_code in (302, 403)
    assert Bid.objects.get(pk=b.pk).status == "submitted"


def test_public_call_has_no_personal_data(people, client):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    b = bid(member, call, org)
    services.bid_decide(user=staff, bid=b, name="shortlist")
    call = services.call_transition(user=staff, call=past_deadline(call), name="close_shortlist")
    call = services.call_select(user=staff, call=call, bid_id=b.pk)
    # Selected but not yet published: the public page does not name the winner.
    assert "阳光社工" not in client.get(f"/public/calls/{call.pk}/").content.decode()
    assert "阳光社工" not in client.get("/public/calls/results/").content.decode()
    services.call_transition(user=staff, call=call, name="publish_result")
    page = client.get(f"/public/calls/{call.pk}/").content.decode()
    assert "阳光社工" in page and "40000" in page
    for private in ("member", "staff", "3名社工", "中央厨房配送"):
        assert private not in page
    results = client.get("/public/calls/results/").content.decode()
    assert "阳光社工" in results


def test_public_index_of_a_unit(people, client):
    _bulk(people["officer"], 2)
    _bulk(people["officer"], 1, community=C111)
    assert client.get("/public/calls/").content.decode().count('data-testid="call-row"') == 3
    assert client.get(f"/public/calls/?unit={C111}").content.decode().count('data-testid="call-row"') == 1
    for bad in ("<script>", "1" * 40, "999999999999"):
        assert client.get(f"/public/calls/?unit={bad}").content.decode().count('data-testid="call-row"') == 3
