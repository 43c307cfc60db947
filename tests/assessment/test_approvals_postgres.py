"""Approvals against real concurrency, on PostgreSQL: two approvals of one unit at the same moment leave one row
(the second is told who approved it); two approvals of different communities both land; an approval is refused
while a roll-up of the year runs (it holds the year's lock) and lands once it has finished; the unique constraint
holds even for writes that bypass the service."""

import pytest
from django.db import IntegrityError, connection, transaction

from assessment.approvals import approve
from assessment.models import Approval, ApprovalEvent, Trigger
from assessment.services import LOCK_CLASS, rollup
from tests.concurrency import race, winners
from tests.helpers import C111, C112, CITY, D1, S11, make_user, require_postgres
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import YEAR, needs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city(tree):
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    needs(staff, {C111: 2, C112: 1})
    rollup(YEAR, trigger=Trigger.BEAT)
    return {"officer": make_user("officer", Role.STREET_OFFICER, S11),
            "officer_b": make_user("officer_b", Role.STREET_OFFICER, S11),
            "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
            "admin": make_user("city", Role.CITY_ADMIN, CITY)}


def test_two_approvals_of_one_unit_at_once_leave_one_row(city):
    community = Region.objects.get(code=C111)
    outcomes = race(lambda: approve(city["officer"], YEAR, community),
                    lambda: approve(city["officer_b"], YEAR, community))
    assert winners(outcomes) == 1, [str(o) for o in outcomes]
    refused = next(o for o in outcomes if not o.ok)
    assert "already approved" in str(refused.error)
    assert Approval.objects.filter(year=YEAR, region_id=C111).count() == 1
    assert ApprovalEvent.objects.filter(year=YEAR, region_id=C111).count() == 1


def test_approvals_of_two_communities_at_once_both_land(city):
    one, two = Region.objects.get(code=C111), Region.objects.get(code=C112)
    outcomes = race(lambda: approve(city["officer"], YEAR, one), lambda: approve(city["officer_b"], YEAR, two))
    assert winners(outcomes) == 2, [str(o) for o in outcomes]
    approve(city["reviewer"], YEAR, Region.objects.get(code=S11))  # both seen: the street is ready
    assert set(Approval.objects.values_list("region_id", flat=True)) == {C111, C112, S11}


def test_an_approval_is_refused_while_a_roll_up_of_the_year_runs(city):
    community = Region.objects.get(code=C111)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, YEAR])  # as a running roll-up holds it
    try:
        outcomes = race(lambda: approve(city["officer"], YEAR, community))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, YEAR])
    assert not outcomes[0].ok and "A roll-up of" in str(outcomes[0].error)
    assert not Approval.objects.exists()
    approve(city["officer"], YEAR, community)
    assert Approval.objects.count() == 1


def test_the_unique_constraint_holds_without_the_service(city):
    Approval.objects.create(year=YEAR, region_id=C111, level="community", approved_by=city["officer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(year=YEAR, region_id=C111, level="community", approved_by=city["officer_b"])
