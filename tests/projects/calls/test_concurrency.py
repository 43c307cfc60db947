"""On PostgreSQL: the same organization bidding twice at once → one bid; two posters selecting at once → one
winner."""

import pytest

from projects.calls import services
from projects.calls.models import Bid, Call
from projects.models import Project
from tests.concurrency import race, winners
from tests.helpers import C111, D1, S11
from tests.projects.support import organization

from .support import bid, past_deadline, posted_call

pytestmark = pytest.mark.django_db(transaction=True)


def test_same_organization_bids_twice_at_once(people):
    org = organization("阳光社工", D1, member=people["member"])
    call = posted_call(people["staff"], C111)
    outcomes = race(lambda: bid(people["member"], call, org), lambda: bid(people["member"], call, org, "30000"))
    assert winners(outcomes) == 1
    assert Bid.objects.filter(call=call).count() == 1


def test_two_posters_select_different_bids_at_once(people):
    staff, officer = people["staff"], people["officer"]
    assert S11
    first_org = organization("阳光社工", D1, member=people["member"])
    second_org = organization("彩虹社工", D1, member=people["outsider_member"], credit_suffix=2)
    call = posted_call(staff, C111)
    first = bid(people["member"], call, first_org)
    second = bid(people["outsider_member"], call, second_org)
    for b in (first, second):
        services.bid_decide(user=staff, bid=b, name="shortlist")
    call = services.call_transition(user=staff, call=past_deadline(call), name="close_shortlist")
    outcomes = race(lambda: services.call_select(user=staff, call=call, bid_id=first.pk),
                    lambda: services.call_select(user=officer, call=call, bid_id=second.pk))
    assert winners(outcomes) == 1
    assert Bid.objects.filter(call=call, status="won").count() == 1
    assert Project.objects.filter(vehicle="open_call").count() == 1
    assert Call.objects.get(pk=call.pk).status == "awarded"
