"""Two expenses recorded at the same moment on PostgreSQL: the budget line's row lock lets exactly one of two
competing expenses through when only one fits, and both when both fit."""

from decimal import Decimal

import pytest

from projects.delivery import services
from projects.delivery.errors import DeliveryError
from projects.delivery.models import Expense
from tests.concurrency import race, winners
from tests.helpers import C111, require_postgres

from .support import delivering, yesterday

pytestmark = pytest.mark.django_db(transaction=True)


def _spend(user, project, line, amount):
    return lambda: services.expense_record(user=user, project=project, data=services.ExpenseData(
        line=line, amount=Decimal(amount), spent_on=yesterday(), payee="并发商户"))


def test_two_concurrent_expenses_over_the_line_only_one_passes(people):
    require_postgres()
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")  # 4000.00
    for round_ in range(3):
        Expense.objects.filter(line=line).delete()
        outcomes = race(_spend(people["member"], project, line, "2500.00"),
                        _spend(people["staff"], project, line, "2000.00"), refused=(DeliveryError,))
        assert winners(outcomes) == 1, [str(o) for o in outcomes]
        assert sum(Expense.objects.filter(line=line).values_list("amount", flat=True)) <= line.amount, round_


def test_two_concurrent_expenses_that_both_fit_both_pass(people):
    require_postgres()
    project = delivering(people, C111)
    line = project.budget_lines.get(kind="activities")
    outcomes = race(_spend(people["member"], project, line, "2000.00"),
                    _spend(people["staff"], project, line, "2000.00"), refused=(DeliveryError,))
    assert winners(outcomes) == 2
    assert Expense.objects.filter(line=line).count() == 2
