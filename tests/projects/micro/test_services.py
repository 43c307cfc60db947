"""The rules of 民生微实事: caps per type set by the district, the negative list with its reason, the council's
shortlist, one vote per verified phone (kept only as a blind index), the confirmation into a project."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.micro import services
from projects.micro.errors import MicroError
from projects.micro.models import Proposal, Round, Vote, VoteCode
from projects.models import Project
from tests.helpers import C111, C211, D1, D2
from wuse.privacy.crypto import PHONE, blind_index
from wuse.regions.models import Region

from .support import SENT, YEAR, caps, council, new_round, propose, rule, send, vote, voting_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are matched on their English wording (the catalog turns them into Chinese for users)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def ready(people):
    caps(people["reviewer"])
    rule(people["reviewer"])
    return people


def test_only_the_district_sets_caps_and_rules(people):
    with pytest.raises(PermissionDenied):
        caps(people["staff"])
    with pytest.raises(PermissionDenied):
        caps(people["reviewer_other"])
    with pytest.raises(MicroError):
        caps(people["reviewer"], service="-1")
    with pytest.raises(MicroError):
        services.caps_set(user=people["reviewer"], district=Region.objects.get(code=C111), year=YEAR,
                          service=Decimal(1), goods=Decimal(1), works=Decimal(1))
    c = caps(people["reviewer"])
    again = caps(people["reviewer"], service="60000")
    assert again.pk == c.pk and again.service_cap == Decimal("60000")
    with pytest.raises(MicroError):
        rule(people["reviewer"], keywords=" , ")
    with pytest.raises(PermissionDenied):
        rule(people["reviewer_other"])


def test_a_proposal_over_its_type_cap_is_refused_with_the_cap(ready):
    r = new_round(ready["staff"], C111)
    with pytest.raises(MicroError, match="30,000.00"):
        propose(r, kind="goods", cost="30000.01")
    assert propose(r, kind="goods", cost="30000").estimated_cost == Decimal("30000")
    assert propose(r, title="小区道路修补", kind="works", cost="150000").kind == "works"
    assert not Proposal.objects.filter(estimated_cost=Decimal("30000.01")).exists()


def test_no_caps_no_proposals(people):
    r = new_round(people["staff"], C111)
    with pytest.raises(MicroError, match="caps"):
        propose(r)


@pytest.mark.parametrize("title", ["单元电梯维修", "物业维修 屋顶"])
def test_the_negative_list_refuses_with_its_reason(ready, title):
    r = new_round(ready["staff"], C111)
    with pytest.raises(MicroError, match="共用设施维修由物业服务企业承担"):
        propose(r, title=title)
    assert not Proposal.objects.exists()


def test_the_negative_list_is_the_rounds_districts(ready):
    r = new_round(ready["staff_other"], C211)  # district D2 has no rule and no caps
    caps(ready["reviewer_other"], district=D2)
    assert propose(r, title="电梯维修").pk


def test_government_duplicate_rule(ready):
    rule(ready["reviewer"], keywords="老旧小区改造", category="government", explanation="已列入政府老旧小区改造计划")
    r = new_round(ready["staff"], C111)
    with pytest.raises(MicroError, match="已列入政府老旧小区改造计划"):
        propose(r, title="楼顶防水", description="随老旧小区改造一并实施")


@pytest.mark.parametrize("bad", [
    {"kind": "other"}, {"cost": "-5"}, {"cost": "0"}, {"cost": "abc"}, {"cost": "1e9"}, {"cost": "1.001"},
    {"cost": "NaN"}, {"cost": True}, {"title": ""}, {"title": "x" * 81}, {"location": ""},
    {"description": "x" * 2001}, {"declared": False}, {"declared": "on"},
])
def test_bad_proposals_are_refused(ready, bad):
    r = new_round(ready["staff"], C111)
    with pytest.raises(MicroError):
        propose(r, **bad)
    assert not Proposal.objects.exists()


def test_a_double_tapped_proposal_is_saved_once(ready):
    r = new_round(ready["staff"], C111)
    a = propose(r, token="nonce-1")
    b = propose(r, token="nonce-1")
    assert a.pk == b.pk and Proposal.objects.count() == 1


def test_proposals_only_while_collecting(ready):
    r, _ = voting_round(ready["staff"], C111)
    with pytest.raises(MicroError, match="no longer"):
        propose(Round.objects.get(pk=r.pk))


def test_the_council_decides_then_the_vote_opens(ready):
    staff = ready["staff"]
    r = new_round(staff, C111)
    a, b = propose(r), propose(r, title="儿童游乐设施", kind="goods", cost="20000")
    with pytest.raises(MicroError):
        services.deliberate(user=staff, proposal=a, shortlist=True)  # still collecting
    r = services.round_transition(user=staff, round_=r, name="deliberate")
    with pytest.raises(MicroError, match="council"):
        services.round_transition(user=staff, round_=r, name="open_vote")
    services.round_link_meeting(user=staff, round_=r, meeting=council(C111, staff))
    with pytest.raises(PermissionDenied):
        services.deliberate(user=ready["staff_other"], proposal=a, shortlist=True)
    services.deliberate(user=staff, proposal=a, shortlist=True)
    with pytest.raises(MicroError, match="every proposal"):
        services.round_transition(user=staff, round_=Round.objects.get(pk=r.pk), name="open_vote")
    with pytest.raises(MicroError):
        services.deliberate(user=staff, proposal=b, shortlist=False)  # a reason is required
    services.deliberate(user=staff, proposal=b, shortlist=False, reason="与已有项目重复")
    r = services.round_transition(user=staff, round_=Round.objects.get(pk=r.pk), name="open_vote")
    assert r.status == "voting" and r.vote_opens is not None
    assert Proposal.objects.get(pk=b.pk).reason == "与已有项目重复"


def test_the_meeting_must_be_the_communitys_council(ready):
    staff = ready["staff"]
    r = new_round(staff, C111)
    with pytest.raises(MicroError):
        services.round_link_meeting(user=staff, round_=r, meeting=council(C211, staff))
    other = council(C111, staff)
    other.kind = "forum"
    other.save()
    with pytest.raises(MicroError):
        services.round_link_meeting(user=staff, round_=r, meeting=other)


def test_one_vote_per_phone_and_round_kept_as_a_blind_index(ready):
    r, (a, b) = voting_round(ready["staff"], C111)
    v = vote(r, a, "138 0013 8000")
    assert v.voter_index == blind_index("13800138000", purpose=PHONE)
    assert "13800138000" not in v.voter_index
    with pytest.raises(MicroError, match="already voted"):
        vote(r, b, "+86 13800138000")  # the same number, written another way
    with pytest.raises(MicroError, match="already voted"):
        services.vote_cast(round_=r, proposal_id=b.pk, phone="13800138000", code=SENT["13800138000"])
    assert Proposal.objects.get(pk=a.pk).votes == 1 and Proposal.objects.get(pk=b.pk).votes == 0
    vote(r, b, "13900139000")
    assert Vote.objects.filter(round=r).count() == 2
    # Nothing stores the number: neither the codes nor the votes.
    for row in VoteCode.objects.values():
        assert "13800138000" not in str(row) and "13900139000" not in str(row)


def test_the_code_goes_through_the_sms_edge(ready, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    r, (a, _b) = voting_round(ready["staff"], C111)
    services.request_code(round_=r, phone="13700137000")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["13700137000@sms.invalid"]
    code = re.search(r"(?<![0-9])[0-9]{6}(?![0-9])", mail.outbox[0].body)[0]
    services.vote_cast(round_=r, proposal_id=a.pk, phone="13700137000", code=code)
    assert Proposal.objects.get(pk=a.pk).votes == 1


def test_wrong_codes_are_counted_and_spend_the_code(ready):
    r, (a, _b) = voting_round(ready["staff"], C111)
    services.request_code(round_=r, phone="13600136000", send=send)
    good = SENT["13600136000"]
    wrong = f"{(int(good) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(MicroError, match="wrong"):
            services.vote_cast(round_=r, proposal_id=a.pk, phone="13600136000", code=wrong)
    with pytest.raises(MicroError, match="wrong"):
        services.vote_cast(round_=r, proposal_id=a.pk, phone="13600136000", code=good)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("phone,code,proposal", [
    ("12345", "123456", None), ("", "123456", None), ("<script>", "123456", None),
    ("13500135000", "12", None), ("13500135000", "abcdef", None), ("13500135000", None, None),
    ("13500135000", "123456", "x"), ("13500135000", "123456", -1), ("13500135000", "123456", 10**20),
])
def test_bad_votes_are_refused(ready, phone, code, proposal):
    r, (a, _b) = voting_round(ready["staff"], C111)
    with pytest.raises(MicroError):
        services.vote_cast(round_=r, proposal_id=a.pk if proposal is None else proposal, phone=phone, code=code)


def test_codes_per_hour_are_limited(ready):
    r, _ = voting_round(ready["staff"], C111)
    for _ in range(3):
        services.request_code(round_=r, phone="13400134000", send=send)
    with pytest.raises(MicroError, match="last hour"):
        services.request_code(round_=r, phone="13400134000", send=send)


def test_no_vote_outside_the_voting_stage(ready):
    r = new_round(ready["staff"], C111)
    a = propose(r)
    with pytest.raises(MicroError, match="not open"):
        services.request_code(round_=r, phone="13300133000", send=send)
    with pytest.raises(MicroError, match="not open"):
        services.vote_cast(round_=r, proposal_id=a.pk, phone="13300133000", code="123456")


def test_a_not_shortlisted_proposal_takes_no_vote(ready):
    staff = ready["staff"]
    r = new_round(staff, C111)
    a, b = propose(r), propose(r, title="健身器材")
    r = services.round_transition(user=staff, round_=r, name="deliberate")
    services.round_link_meeting(user=staff, round_=r, meeting=council(C111, staff))
    services.deliberate(user=staff, proposal=a, shortlist=True)
    services.deliberate(user=staff, proposal=b, shortlist=False, reason="重复")
    r = services.round_transition(user=staff, round_=Round.objects.get(pk=r.pk), name="open_vote")
    services.request_code(round_=r, phone="13200132000", send=send)
    with pytest.raises(MicroError, match="shortlisted"):
        services.vote_cast(round_=r, proposal_id=b.pk, phone="13200132000", code=SENT["13200132000"])


def test_the_community_confirms_a_winner_into_a_project(ready):
    staff = ready["staff"]
    r, (a, b) = voting_round(staff, C111)
    vote(r, a, "13100131000")
    with pytest.raises(MicroError, match="not closed"):
        services.confirm(user=staff, proposal=a)
    r = services.round_transition(user=staff, round_=r, name="close_vote")
    with pytest.raises(MicroError):
        vote(r, b, "13100131001")
    with pytest.raises(PermissionDenied):
        services.confirm(user=ready["staff_other"], proposal=a)
    confirmed = services.confirm(user=staff, proposal=a)
    project = Project.objects.get(pk=confirmed.project_id)
    assert project.vehicle == "micro" and project.region_id == C111 and project.total_budget == a.estimated_cost
    assert project.title == a.title
    with pytest.raises(MicroError):
        services.confirm(user=staff, proposal=Proposal.objects.get(pk=a.pk))
    assert Project.objects.count() == 1


def test_the_round_budget_is_never_exceeded(ready):
    staff = ready["staff"]
    r = new_round(staff, C111, budget="10000")
    a, b = propose(r, cost="8000"), propose(r, title="健身器材", cost="5000")
    r = services.round_transition(user=staff, round_=r, name="deliberate")
    services.round_link_meeting(user=staff, round_=r, meeting=council(C111, staff))
    for p in (a, b):
        services.deliberate(user=staff, proposal=p, shortlist=True)
    r = services.round_transition(user=staff, round_=Round.objects.get(pk=r.pk), name="open_vote")
    r = services.round_transition(user=staff, round_=r, name="close_vote")
    services.confirm(user=staff, proposal=a)
    with pytest.raises(MicroError, match="budget"):
        services.confirm(user=staff, proposal=b)
    assert Project.objects.count() == 1 and Proposal.objects.get(pk=b.pk).status == "shortlisted"


def test_round_create_refusals(people):
    with pytest.raises(PermissionDenied):
        new_round(people["staff_other"], C111)
    with pytest.raises(MicroError):
        new_round(people["staff"], C111, title="")
    with pytest.raises(MicroError):
        new_round(people["staff"], C111, budget="-3")
    with pytest.raises(MicroError):
        services.round_create(user=people["officer"], region=Region.objects.get(code=D1), year=YEAR, title="x")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cost=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400000"), places=2))
def test_the_cap_is_exactly_the_limit(ready_caps, cost):
    r, cap = ready_caps
    if cost <= cap:
        assert services.proposal_submit(round_=r, kind="service", title="助老服务", description="", location="社区",
                                        estimated_cost=cost, declared=True).estimated_cost == cost
    else:
        with pytest.raises(MicroError, match="cap"):
            services.proposal_submit(round_=r, kind="service", title="助老服务", description="", location="社区",
                                     estimated_cost=cost, declared=True)


@pytest.fixture
def ready_caps(people):
    caps(people["reviewer"], service="50000")
    return new_round(people["staff"], C111), Decimal("50000")
