"""A call for partners: an organization posts it, another organization answers, the poster's members decide
(not the government of its unit, which may only withdraw it), and the selection makes no project."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from projects.calls import selectors, services
from projects.calls.errors import CallError
from projects.calls.models import Bid, Call
from projects.models import Project
from tests.helpers import D1
from tests.projects.support import organization
from wuse.access import api as access

from .support import CRITERIA, past_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(people):
    poster = organization("阳光社工", D1, member=people["member"])
    partner = organization("彩虹志愿队", D1, member=people["outsider_member"], credit_suffix=2)
    return poster, partner


def _partner_call(user, org, budget="0", **kwargs):
    return services.call_create(user=user, organization=org, title="入户探访合作伙伴", problem="需要志愿团队",
                                budget=budget, reward="联合署名",
                                deadline=timezone.localdate() + dt.timedelta(days=5), criteria=CRITERIA, **kwargs)


def test_post_answer_select_without_a_project(people, orgs):
    poster, partner = orgs
    member, other = people["member"], people["outsider_member"]
    call = _partner_call(member, poster)
    assert call.kind == "partners" and call.region_id == D1 and call.budget == 0
    call = services.call_transition(user=member, call=call, name="post")
    answer = services.bid_submit(user=other, call=call, organization=partner, approach="结对探访")
    assert answer.price is None
    with pytest.raises(CallError, match="own call"):
        services.bid_submit(user=member, call=call, organization=poster, approach="自己")
    assert selectors.partner_calls_to_decide(member).count() == 1
    assert list(selectors.open_for_members(member)) == []
    services.bid_decide(user=member, bid=answer, name="shortlist")
    call = services.call_transition(user=member, call=past_deadline(call), name="close_shortlist")
    call = services.call_select(user=member, call=call, bid_id=answer.pk)
    assert call.status == "awarded" and call.project_id is None
    assert Bid.objects.get(pk=answer.pk).status == "won"
    assert not Project.objects.exists()


def test_the_government_does_not_decide_but_may_withdraw(people, orgs):
    poster, partner = orgs
    member, officer = people["member"], people["reviewer"]
    call = services.call_transition(user=member, call=_partner_call(member, poster), name="post")
    answer = services.bid_submit(user=people["outsider_member"], call=call, organization=partner, approach="探访")
    # The district's reviewer sees the call and its answers but decides nothing.
    assert access.can(officer, "call.view", call) and access.can(officer, "call_bid.view", call)
    assert not access.can(officer, "call.manage", call)
    # The member of the answering organization neither manages the call nor reads the others' answers.
    assert not access.can(people["outsider_member"], "call.manage", call)
    assert access.can(member, "call.manage", call) and access.can(member, "call.manage", answer)
    assert list(selectors.bids_for(member, call)) == [answer]


def test_street_staff_cannot_decide_on_a_community_organizations_call(people):
    from tests.helpers import C111
    poster = organization("社区志愿协会", C111, member=people["member"])
    partner = organization("彩虹志愿队", D1, member=people["outsider_member"], credit_suffix=2)
    member, staff = people["member"], people["staff"]
    call = services.call_transition(user=member, call=_partner_call(member, poster), name="post")
    answer = services.bid_submit(user=people["outsider_member"], call=call, organization=partner, approach="探访")
    with pytest.raises(CallError, match="Only the organization"):
        services.bid_decide(user=staff, bid=answer, name="shortlist")
    assert Bid.objects.get(pk=answer.pk).status == "submitted"
    call = services.call_transition(user=staff, call=call, name="withdraw", reason="内容不当")
    assert call.status == "withdrawn"


def test_refusals(people, orgs):
    poster, partner = orgs
    member = people["member"]
    with pytest.raises(PermissionDenied):
        _partner_call(people["outsider_member"], poster)
    with pytest.raises(CallError):
        _partner_call(member, poster, budget="-1")
    call = services.call_transition(user=member, call=_partner_call(member, poster, budget="100"), name="post")
    with pytest.raises(CallError, match="over the call's budget"):
        services.bid_submit(user=people["outsider_member"], call=call, organization=partner, approach="x",
                            price="101")
    with pytest.raises(PermissionDenied):
        services.bid_submit(user=people["staff"], call=call, organization=partner, approach="x")
    assert Call.objects.count() == 1 and not Bid.objects.exists()


def test_pages(people, orgs, client):
    poster, partner = orgs
    member = people["member"]
    client.force_login(member)
    assert client.get("/calls/new/partners/").status_code == 200
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    base = {"organization": poster.pk, "title": "合作伙伴", "problem": "问题", "budget": "0", "deadline": deadline,
            "criterion_0": "探访", "target_0": "20户"}
    for bad in ({"organization": partner.pk}, {"budget": "-1"}, {"budget": "x" * 500}, {"title": ""},
                {"reward": "奖" * 300}, {"organization": "<script>"}):
        assert client.post("/calls/new/partners/", {**base, **bad}).status_code == 400, bad
    assert not Call.objects.exists()
    assert client.post("/calls/new/partners/", base).status_code == 302
    call = Call.objects.get()
    assert client.post(f"/calls/{call.pk}/do/post/").status_code == 302
    client.force_login(people["outsider_member"])
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "阳光社工" in page
    response = client.post(f"/calls/{call.pk}/bid/", {"organization": partner.pk, "approach": "结对"})
    assert response.status_code == 302
    client.force_login(people["staff"])
    assert client.get("/calls/new/partners/").status_code == 403
    public = client.get(f"/public/calls/{call.pk}/").content.decode()
    assert "阳光社工" in public and "member" not in public
