"""Money in the plan: Decimal end to end, two decimals, never negative, and the lines add up to the total
(hypothesis)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects import services
from projects.models import Project
from projects.services import PlanData, check_plan
from tests.helpers import C111

from .support import plan

CENTS = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))
LINES = st.lists(CENTS, min_size=1, max_size=12)


def _plan(amounts, total) -> PlanData:
    base = plan(total=None, lines=())
    return PlanData({**base.fields, "total_budget": total},
                    [{"kind": "other", "funding_source": "self", "amount": a, "note": ""} for a in amounts],
                    base.activities, base.indicators)


@given(amounts=LINES)
def test_lines_that_add_up_to_the_total_are_accepted(amounts):
    check_plan(_plan(amounts, sum(amounts, Decimal("0"))))


@given(amounts=LINES, off=st.integers(min_value=1, max_value=10**6))
def test_a_total_that_differs_by_even_one_fen_is_refused_on_the_total(amounts, off):
    total = sum(amounts, Decimal("0")) + Decimal(off).scaleb(-2)
    with pytest.raises(ValidationError) as caught:
        check_plan(_plan(amounts, total))
    assert "total_budget" in caught.value.message_dict


@given(amounts=LINES, index=st.integers(min_value=0, max_value=11),
       bad=st.sampled_from([Decimal("-0.01"), Decimal("-1000"), Decimal("0.001"), Decimal("1.005"),
                            Decimal("NaN"), Decimal("Infinity"), Decimal("1E+20")]))
def test_negative_amounts_more_than_two_decimals_and_absurd_values_are_refused(amounts, index, bad):
    amounts = list(amounts)
    amounts[index % len(amounts)] = bad
    with pytest.raises(ValidationError):
        check_plan(_plan(amounts, None))


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(CENTS, min_size=1, max_size=6))
def test_the_stored_total_is_exactly_the_sum_of_the_stored_lines(people, amounts):
    total = sum(amounts, Decimal("0"))
    project = services.project_create(user=people["staff"], region=Project._meta.get_field("region").related_model
                                      .objects.get(code=C111), year=2026, plan=_plan(amounts, total))
    stored = Project.objects.get(pk=project.pk)
    assert isinstance(stored.total_budget, Decimal) and stored.total_budget == total == stored.lines_total()
    assert [line.amount for line in stored.budget_lines.order_by("position")] == amounts
    snapshot = PlanData.of(stored)
    assert snapshot.fields["total_budget"] == total and all(isinstance(x["amount"], Decimal) for x in snapshot.lines)
