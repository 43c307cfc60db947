"""The call's and the bid's workflow tables: who may, from which states, and the refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from projects.calls import services, workflow
from projects.calls.errors import CallError
from projects.calls.models import Bid, Call
from projects.models import Project
from tests.helpers import C111, C211, D1
from tests.projects.support import organization

from .support import bid, new_call, past_deadline, posted_call

pytestmark = pytest.mark.django_db


def test_call_process_table():
    table = {t.name: (set(t.sources), t.target, t.action) for t in workflow.CALL_PROCESS.transitions}
    assert table == {
        "post": ({"draft"}, "posted", "call.manage"),
        "close_shortlist": ({"posted"}, "shortlisted", "call.manage"),
        "select": ({"shortlisted"}, "awarded", "call.manage"),
        "publish_result": ({"awarded"}, "published", "call.manage"),
        "withdraw": ({"draft", "posted"}, "withdrawn", "call.manage"),
        "fail": ({"posted", "shortlisted"}, "failed", "call.manage"),
    }
    assert not workflow.CALL_PROCESS.transition("select").manual


def test_bid_process_table():
    table = {t.name: (set(t.sources), t.target) for t in workflow.BID_PROCESS.transitions}
    assert table == {"shortlist": ({"submitted", "declined"}, "shortlisted"),
                     "decline": ({"submitted", "shortlisted"}, "declined"),
                     "win": ({"shortlisted"}, "won"), "lose": ({"shortlisted", "submitted"}, "lost")}
    assert workflow.BID_PROCESS.transition("decline").reason_required


def test_whole_journey_creates_the_project_with_the_undertaker(people):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    other = organization("彩虹社工", D1, member=people["outsider_member"], credit_suffix=2)
    call = posted_call(staff, C111)
    first = bid(member, call, org)
    second = bid(people["outsider_member"], call, other, price="45000")
    services.bid_decide(user=staff, bid=first, name="shortlist")
    services.bid_decide(user=staff, bid=second, name="decline", reason="方案不具体")
    call = past_deadline(call)
    call = services.call_transition(user=staff, call=call, name="close_shortlist")
    call = services.call_select(user=staff, call=call, bid_id=first.pk)
    assert call.status == "awarded"
    project = Project.objects.get(pk=call.project_id)
    assert project.vehicle == "open_call" and project.undertaker_id == org.pk
    assert project.total_budget == first.price
    assert Bid.objects.get(pk=first.pk).status == "won"
    assert Bid.objects.get(pk=second.pk).status == "declined"
    call = services.call_transition(user=staff, call=call, name="publish_result")
    assert call.status == "published"


def test_post_needs_a_future_deadline(people):
    call = past_deadline(new_call(people["staff"], C111))
    with pytest.raises(CallError, match="deadline"):
        services.call_transition(user=people["staff"], call=call, name="post")
    assert Call.objects.get(pk=call.pk).status == "draft"


def test_other_unit_cannot_post(people):
    call = new_call(people["staff"], C111)
    with pytest.raises(PermissionDenied):
        services.call_transition(user=people["staff_other"], call=call, name="post")


def test_close_shortlist_refusals(people):
    staff, member = people["staff"], people["member"]
    call = posted_call(staff, C111)
    with pytest.raises(CallError, match="deadline"):
        services.call_transition(user=staff, call=call, name="close_shortlist")
    org = organization("阳光社工", D1, member=member)
    bid(member, call, org)
    call = past_deadline(call)
    with pytest.raises(CallError, match="every bid"):
        services.call_transition(user=staff, call=call, name="close_shortlist")
    assert Call.objects.get(pk=call.pk).status == "posted"


def test_selecting_a_bid_not_shortlisted_is_refused(people):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    other = organization("彩虹社工", D1, member=people["outsider_member"], credit_suffix=2)
    call = posted_call(staff, C111)
    good = bid(member, call, org)
    declined = bid(people["outsider_member"], call, other)
    services.bid_decide(user=staff, bid=good, name="shortlist")
    services.bid_decide(user=staff, bid=declined, name="decline", reason="价格偏高")
    call = services.call_transition(user=staff, call=past_deadline(call), name="close_shortlist")
    with pytest.raises(CallError, match="shortlisted"):
        services.call_select(user=staff, call=call, bid_id=declined.pk)
    with pytest.raises(CallError, match="Choose a bid"):
        services.call_select(user=staff, call=call, bid_id="abc")
    assert Call.objects.get(pk=call.pk).status == "shortlisted"
    assert not Project.objects.filter(vehicle="open_call").exists()


def test_another_units_call_cannot_be_selected(people):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    good = bid(member, call, org)
    services.bid_decide(user=staff, bid=good, name="shortlist")
    call = services.call_transition(user=staff, call=past_deadline(call), name="close_shortlist")
    with pytest.raises(PermissionDenied):
        services.call_select(user=people["staff_other"], call=call, bid_id=good.pk)
    other_call = posted_call(people["staff_other"], C211)
    with pytest.raises(CallError):
        services.call_select(user=staff, call=call, bid_id=Bid.objects.create(
            call=other_call, region_id=C211, organization=org, approach="x", price=1,
            submitted_by=member).pk)


def test_decline_needs_a_reason(people):
    staff, member = people["staff"], people["member"]
    org = organization("阳光社工", D1, member=member)
    call = posted_call(staff, C111)
    b = bid(member, call, org)
    with pytest.raises(CallError):
        services.bid_decide(user=staff, bid=b, name="decline", reason="  ")
    assert Bid.objects.get(pk=b.pk).status == "submitted"


def test_withdraw_and_fail_need_reasons(people):
    staff = people["staff"]
    call = posted_call(staff, C111)
    with pytest.raises(CallError):
        services.call_transition(user=staff, call=call, name="withdraw")
    call = services.call_transition(user=staff, call=call, name="fail", reason="无合适方案")
    assert call.status == "failed" and call.reason == "无合适方案"
