"""Bid refusals: late, over the budget, twice, not a member; and bad input on a call."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects.calls.errors import CallError
from projects.calls.models import Bid, Call
from tests.helpers import C111, D1
from tests.projects.support import organization

from .support import bid, new_call, past_deadline, posted_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people):
    org = organization("阳光社工", D1, member=people["member"])
    return people, org, posted_call(people["staff"], C111)


def test_bid_after_deadline(setup):
    people, org, call = setup
    with pytest.raises(CallError, match="closed"):
        bid(people["member"], past_deadline(call), org)
    assert not Bid.objects.exists()


def test_bid_over_budget(setup):
    people, org, call = setup
    with pytest.raises(CallError, match="over the call's budget"):
        bid(people["member"], call, org, price="50000.01")
    assert bid(people["member"], call, org, price="50000").price == Decimal("50000.00")


def test_second_bid(setup):
    people, org, call = setup
    bid(people["member"], call, org)
    with pytest.raises(CallError, match="already bid"):
        bid(people["member"], call, org, price="1000")
    assert Bid.objects.count() == 1


def test_not_a_member(setup):
    people, org, call = setup
    with pytest.raises(PermissionDenied):
        bid(people["outsider_member"], call, org)


@pytest.mark.parametrize("price", ["-1", "0", "abc", "1e400", "1.001", "", None, "99999999999"])
def test_bad_prices(setup, price):
    people, org, call = setup
    with pytest.raises(CallError):
        bid(people["member"], call, org, price=price)
    assert not Bid.objects.exists()


def test_draft_call_takes_no_bids(people):
    org = organization("阳光社工", D1, member=people["member"])
    call = new_call(people["staff"], C111)
    with pytest.raises(CallError, match="does not take bids"):
        bid(people["member"], call, org)


@pytest.mark.parametrize("budget", ["-5", "0", "x", "1.234"])
def test_bad_budget(people, budget):
    with pytest.raises(CallError):
        new_call(people["staff"], C111, budget=budget)
    assert not Call.objects.exists()


def test_no_criteria_and_huge_title(people):
    with pytest.raises(CallError, match="criterion"):
        new_call(people["staff"], C111, criteria=[("", "")])
    with pytest.raises(CallError, match="too long"):
        new_call(people["staff"], C111, title="长" * 201)
    assert not Call.objects.exists()


def test_html_is_stored_as_text(people):
    call = new_call(people["staff"], C111, title="<script>alert(1)</script>")
    assert call.title == "<script>alert(1)</script>"
