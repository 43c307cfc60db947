"""Two deliveries against the same pledge at the same moment on PostgreSQL: the pledge's row lock lets exactly one
through when only one fits, both when both fit; the pledge is never over-delivered."""

from decimal import Decimal

import pytest

from projects.cobuild import services
from projects.cobuild.errors import CobuildError
from projects.cobuild.models import Delivery, Pledge
from tests.concurrency import race, winners
from tests.helpers import C111, D1, require_postgres

from .support import TODAY, donor, published

pytestmark = pytest.mark.django_db(transaction=True)


def _deliver(user, pledge, quantity):
    return lambda: services.delivery_record(user=user, pledge=pledge, quantity=quantity, delivered_on=TODAY)


def test_two_concurrent_deliveries_over_the_pledge_only_one_passes(people):
    require_postgres()
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1), ("100",))
    for round_ in range(3):
        Delivery.objects.filter(pledge=p).delete()
        Pledge.objects.filter(pk=p.pk).update(delivered=0)
        outcomes = race(_deliver(people["staff"], p, "60"), _deliver(people["officer"], p, "50"),
                        refused=(CobuildError,))
        assert winners(outcomes) == 1, [str(o) for o in outcomes]
        p.refresh_from_db()
        assert p.delivered == sum(Delivery.objects.filter(pledge=p).values_list("quantity", flat=True)), round_
        assert p.delivered <= p.quantity


def test_two_concurrent_deliveries_that_both_fit_both_pass(people):
    require_postgres()
    _list, (p,) = published(people["staff"], C111, donor("联建企业", D1), ("100",))
    outcomes = race(_deliver(people["staff"], p, "40"), _deliver(people["officer"], p, "50"),
                    refused=(CobuildError,))
    assert winners(outcomes) == 2
    p.refresh_from_db()
    assert p.delivered == Decimal("90")
