"""Plans written at the same moment, on PostgreSQL (two connections): two creations of one unit's plan leave one
plan and a clear refusal; two edits of one plan run one after the other (the plan row's lock), so its lines are
exactly one edit's, never a mix."""

import pytest
from django.core.exceptions import ValidationError

from assessment.plans import services
from assessment.plans.models import Plan
from tests.assessment.plans.support import ALL, YEAR, city_rows, kpi, manual
from tests.concurrency import race, winners
from tests.helpers import CITY, require_postgres
from wuse.core.errors import DomainError
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_creations_of_one_plan_leave_one(people):
    require_postgres()
    region = Region.objects.get(code=CITY)

    def create():
        return services.plan_save(user=people["city"], region=region, year=YEAR, rows=city_rows())

    outcomes = race(create, create, refused=(ValidationError, DomainError))
    assert winners(outcomes) == 1 and Plan.objects.count() == 1
    refusal = next(o.error for o in outcomes if not o.ok)
    assert refusal.message_dict == {"year": [f"测试市4101 already has a plan for {YEAR}."]}


def test_two_edits_of_one_plan_do_not_mix(people):
    require_postgres()
    plan = services.plan_save(user=people["city"], region=Region.objects.get(code=CITY), year=YEAR,
                              rows=city_rows())
    first = [kpi("needs.collected", weight=40), kpi("needs.resolved", weight=30), manual(weight=30)]
    second = [kpi("volunteers.hours", weight=100, full=50)]

    def edit(rows):
        return lambda: services.plan_save(user=people["city"], region=plan.region, year=YEAR, rows=rows, plan=plan)

    outcomes = race(edit(first), edit(second))
    assert winners(outcomes) == 2
    lines = sorted(plan.indicators.values_list("code", "name"))
    assert lines in (sorted([("needs.collected", ""), ("needs.resolved", ""), ("", "台账完整性")]),
                     [("volunteers.hours", "")])
    assert all(level in ALL for level in plan.levels)
