"""Bottom-up approvals (审核确认), through the services: an approved unit's rows survive a roll-up untouched while
the others change; the bottom-up order; who approves (the unit right above) and who unlocks (it or any level
above); an unlock needs a reason and re-opens exactly the levels above; the read API; the history and the audit."""

import pytest
from django.core.exceptions import PermissionDenied

from assessment import approvals
from assessment.approvals import ApprovalError, approve, approve_children, unlock
from assessment.models import Approval, ApprovalEvent, ApprovalKind, KpiSnapshot, Trigger
from assessment.services import rollup
from tests.helpers import C111, C112, C121, C211, CITY, D1, D2, S11, S12, S21, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.core.figures import FIGURES
from wuse.regions.models import Region

from .support import YEAR, needs

pytestmark = pytest.mark.django_db
C122 = "410101002002"


def unit(code: str) -> Region:
    return Region.objects.get(code=code)


def rows_of(code: str, year: int = YEAR) -> list[tuple]:
    return list(KpiSnapshot.objects.filter(year=year, region_id=code).order_by("code")
                .values_list("code", "value", "part", "whole", "run_id"))


@pytest.fixture
def rolled(people):
    needs(people["staff"], {C111: 2, C112: 1, C121: 1})
    rollup(YEAR, trigger=Trigger.BEAT)
    return people


def test_an_approved_unit_keeps_its_rows_through_a_roll_up_and_the_others_change(rolled):
    approve(rolled["officer"], YEAR, unit(C111))
    locked, other, street = rows_of(C111), rows_of(C112), rows_of(S11)
    needs(rolled["staff"], {C111: 5, C112: 5}, tag="more")
    run = rollup(YEAR, trigger=Trigger.BEAT)
    assert rows_of(C111) == locked  # not deleted, not re-inserted: the same values and the same run
    assert rows_of(C112) != other and rows_of(S11) != street
    collected = dict(KpiSnapshot.objects.filter(year=YEAR, code="needs.collected").values_list("region_id", "value"))
    assert (collected[C111], collected[C112], collected[S11]) == (2, 6, 13)
    assert run.rows == (Region.objects.count() - 1) * len(FIGURES)  # rows written: every unit but the locked one
    assert KpiSnapshot.objects.filter(year=YEAR).count() == Region.objects.count() * len(FIGURES)
    again = rollup(YEAR, trigger=Trigger.BEAT)
    assert rows_of(C111) == locked and again.rows == run.rows  # idempotent with the lock


def test_an_unlocked_unit_is_replaced_again_at_the_next_roll_up(rolled):
    approve(rolled["officer"], YEAR, unit(C111))
    needs(rolled["staff"], {C111: 4}, tag="more")
    rollup(YEAR, trigger=Trigger.BEAT)
    unlock(rolled["officer"], YEAR, unit(C111), "台账补录了四条需求")
    rollup(YEAR, trigger=Trigger.BEAT)
    assert KpiSnapshot.objects.get(year=YEAR, region_id=C111, code="needs.collected").value == 6


def test_the_lock_is_per_year(rolled):
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    approve(rolled["officer"], YEAR - 1, unit(C111))
    needs(rolled["staff"], {C111: 3}, tag="more")
    rollup(YEAR, trigger=Trigger.BEAT)
    assert KpiSnapshot.objects.get(year=YEAR, region_id=C111, code="needs.collected").value == 5


def test_a_unit_is_approved_only_when_every_unit_below_it_is(rolled):
    reviewer, officer = rolled["reviewer"], rolled["officer"]
    with pytest.raises(ApprovalError, match="2 units below it are still open"):
        approve(reviewer, YEAR, unit(S11))
    approve(officer, YEAR, unit(C111))
    with pytest.raises(ApprovalError, match="1 unit below it is still open"):
        approve(reviewer, YEAR, unit(S11))
    approve(officer, YEAR, unit(C112))
    approve(reviewer, YEAR, unit(S11))
    with pytest.raises(ApprovalError, match="1 unit below it is still open"):
        approve(rolled["city"], YEAR, unit(D1))
    assert approvals.approved_codes(YEAR) == {C111, C112, S11}


def test_a_unit_without_figures_of_the_year_is_refused(rolled):
    with pytest.raises(ApprovalError, match="roll up the year first"):
        approve(rolled["officer"], YEAR - 1, unit(C111))
    assert not Approval.objects.exists()


def test_the_top_unit_has_no_approval_and_a_unit_is_approved_once(rolled):
    with pytest.raises(ApprovalError, match="top unit"):
        approve(rolled["city"], YEAR, unit(CITY))
    first = approve(rolled["officer"], YEAR, unit(C111))
    with pytest.raises(ApprovalError, match="already approved"):
        approve(rolled["officer"], YEAR, unit(C111))
    assert list(Approval.objects.all()) == [first]
    assert (first.approved_by, first.level) == (rolled["officer"], "community")


def test_only_the_unit_right_above_approves(rolled):
    reviewer, officer, staff, city = rolled["reviewer"], rolled["officer"], rolled["staff"], rolled["city"]
    other = make_user("other_officer", Role.STREET_OFFICER, "410102001000")
    for user, code in ((reviewer, C111), (city, C111), (staff, C111), (rolled["member"], C111), (other, C111),
                       (officer, C211), (officer, S11), (city, S11), (reviewer, D1), (reviewer, S21)):
        with pytest.raises(PermissionDenied):
            approve(user, YEAR, unit(code))
    for user, parent in ((reviewer, S11), (city, D1), (officer, D1), (staff, unit(C111).parent)):
        with pytest.raises(PermissionDenied):
            approve_children(user, YEAR, unit(parent) if isinstance(parent, str) else parent)
    assert not Approval.objects.exists()


def _approve_d1(people):
    officer, reviewer = people["officer"], people["reviewer"]
    officer2 = make_user("officer12", Role.STREET_OFFICER, S12)
    approve_children(officer, YEAR, unit(S11))
    approve_children(officer2, YEAR, unit(S12))
    approve_children(reviewer, YEAR, unit(D1))
    approve(people["city"], YEAR, unit(D1))
    return officer2


def test_unlocking_a_community_re_opens_its_street_and_district_only(rolled):
    _approve_d1(rolled)
    assert approvals.approved_codes(YEAR) == {C111, C112, C121, C122, S11, S12, D1}
    reopened = unlock(rolled["officer"], YEAR, unit(C111), "  补录需求  ")
    assert reopened == [C111, S11, D1]
    assert approvals.approved_codes(YEAR) == {C112, C121, C122, S12}
    events = {(e.region_id, e.kind, e.reason, e.cause_id) for e in ApprovalEvent.objects.exclude(
        kind=ApprovalKind.APPROVED)}
    assert events == {(C111, "unlocked", "补录需求", None), (S11, "reopened", "补录需求", C111),
                      (D1, "reopened", "补录需求", C111)}
    entry = AuditEntry.objects.get(action="assessment.unlock")
    assert entry.detail == {"year": YEAR, "unit": C111, "reason": "补录需求", "reopened": [S11, D1]}
    assert AuditEntry.objects.filter(action="assessment.approve").count() == 7


def test_unlocking_a_street_leaves_its_communities_approved(rolled):
    _approve_d1(rolled)
    unlock(rolled["city"], YEAR, unit(S12), "复核")
    assert approvals.approved_codes(YEAR) == {C111, C112, C121, C122, S11}


def test_the_approving_level_or_any_level_above_unlocks(rolled):
    officer2 = _approve_d1(rolled)
    for user, code in ((rolled["staff"], C111), (officer2, C111), (rolled["officer"], S11),
                       (rolled["reviewer"], D1), (rolled["member"], C111)):
        with pytest.raises(PermissionDenied):
            unlock(user, YEAR, unit(code), "理由")
    unlock(rolled["reviewer"], YEAR, unit(C121), "区里复核")  # a level above the approving street
    unlock(rolled["city"], YEAR, unit(S11), "市里复核")
    assert approvals.approved_codes(YEAR) == {C111, C112, C122}


@pytest.mark.parametrize("reason", ["", "   \n\t ", None, 42, "x" * 5000])
def test_an_unlock_needs_a_reason_of_bounded_length(rolled, reason):
    approve(rolled["officer"], YEAR, unit(C111))
    with pytest.raises(ApprovalError) as refused:
        unlock(rolled["officer"], YEAR, unit(C111), reason)
    assert refused.value.field == "reason"
    assert approvals.is_approved(YEAR, unit(C111))
    assert not ApprovalEvent.objects.exclude(kind=ApprovalKind.APPROVED).exists()


def test_unlocking_an_open_unit_is_refused(rolled):
    with pytest.raises(ApprovalError, match="nothing to unlock"):
        unlock(rolled["officer"], YEAR, unit(C111), "理由")


@pytest.mark.parametrize("year", ["abc", "", None, 1999, YEAR + 2, "2026; DROP TABLE"])
def test_a_bad_year_is_refused(rolled, year):
    with pytest.raises(ApprovalError.__mro__[1]):  # AssessmentError
        approve(rolled["officer"], year, unit(C111))
    assert not Approval.objects.exists()


def test_approve_children_approves_the_ready_ones_in_one_go(rolled):
    officer2 = make_user("officer12", Role.STREET_OFFICER, S12)
    approve_children(officer2, YEAR, unit(S12))
    approve(rolled["officer"], YEAR, unit(C111))
    assert [u.code for u in approvals.ready_children(YEAR, unit(D1))] == [S12]
    done = approve_children(rolled["reviewer"], YEAR, unit(D1))
    assert [a.region_id for a in done] == [S12]
    with pytest.raises(ApprovalError, match="No unit below"):
        approve_children(rolled["reviewer"], YEAR, unit(D1))
    assert approvals.approved_codes(YEAR) == {C111, C121, C122, S12}


def test_the_read_api(rolled):
    assert approvals.approved_codes(YEAR) == set()
    assert not approvals.approved_within(YEAR, unit(CITY))
    approve(rolled["officer"], YEAR, unit(C111))
    assert approvals.approved_codes(YEAR) == {C111}
    assert approvals.approved_codes(YEAR - 1) == set()
    for code, within in ((CITY, True), (D1, True), (S11, True), (C111, True), (D2, False), (S12, False),
                         (C112, False)):
        assert approvals.approved_within(YEAR, unit(code)) is within, code
    assert not approvals.approved_within(YEAR - 1, unit(CITY))
    assert approvals.is_approved(YEAR, unit(C111)) and not approvals.is_approved(YEAR, unit(S11))


def test_the_demo_approves_last_year_at_every_level_and_leaves_this_year_in_progress(people):
    """The demo's loader on the synthetic city: the accounts stand where the Hangzhou ones would (a street, a
    district, the city); every other unit is approved by the stand-in of its level. Run twice: nothing changes."""
    from assessment.demo import load_assessment_demo

    officer_b = make_user("officer_b", Role.STREET_OFFICER, S21)
    users = {"city_admin": people["city"], "xihu_reviewer": people["reviewer"], "beishan_officer": people["officer"],
             "wuchang_officer": officer_b}
    needs(people["staff"], {C111: 1})
    load_assessment_demo(users)
    below_the_top = set(Region.objects.exclude(parent=None).values_list("code", flat=True))
    assert approvals.approved_codes(YEAR - 1) == below_the_top
    assert approvals.approved_codes(YEAR) == {C111, C112}
    by = dict(Approval.objects.filter(year=YEAR - 1).values_list("region_id", "approved_by__username"))
    assert (by[C111], by[C211], by[C121], by[S11], by[S21], by[D1], by[D2]) == (
        "officer", "officer_b", "officer", "reviewer", "reviewer", "city", "city")
    counts = (Approval.objects.count(), ApprovalEvent.objects.count())
    load_assessment_demo(users)
    assert (Approval.objects.count(), ApprovalEvent.objects.count()) == counts
