"""The calls' actions per role: the poster's unit (and its street) manages, other units nothing, organization
members see and bid but never manage or read others' bids."""

import pytest

from tests.helpers import C111, D1
from tests.projects.support import organization
from wuse.access import api as access

from .support import posted_call

pytestmark = pytest.mark.django_db

EXPECTED = {
    # role key: (call.view, call.manage, call.bid, call_bid.view)
    "staff": (True, True, False, True),
    "staff_other": (False, False, False, False),
    "officer": (True, True, False, True),
    "officer_other": (False, False, False, False),
    "reviewer": (True, False, False, True),
    "reviewer_other": (False, False, False, False),
    "member": (True, False, True, False),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_matrix(people, who):
    organization("阳光社工", D1, member=people["member"])
    call = posted_call(people["staff"], C111)
    user = people[who]
    got = tuple(access.can(user, action, call) for action in ("call.view", "call.manage", "call.bid",
                                                               "call_bid.view"))
    assert got == EXPECTED[who]


# A call for partners of an organization registered at the district: its members manage it, the district's
# government sees it and its answers, the community and street below see nothing (the call is at the district).
PARTNER_EXPECTED = {
    "staff": (False, False, False, False),
    "officer": (False, False, False, False),
    "reviewer": (True, False, False, True),
    "reviewer_other": (False, False, False, False),
    "member": (True, True, True, True),
    "outsider_member": (True, False, True, False),
}


@pytest.mark.parametrize("who", sorted(PARTNER_EXPECTED))
def test_partner_call_matrix(people, who):
    import datetime as dt

    from django.utils import timezone

    from projects.calls import services

    org = organization("阳光社工", D1, member=people["member"])
    call = services.call_create(user=people["member"], organization=org, title="合作伙伴", problem="问题", budget="0",
                                deadline=timezone.localdate() + dt.timedelta(days=3), criteria=[("探访", "20户")])
    user = people[who]
    got = tuple(access.can(user, action, call) for action in ("call.view", "call.manage", "call.bid",
                                                               "call_bid.view"))
    assert got == PARTNER_EXPECTED[who]
