"""Concurrent ledger writes on PostgreSQL: exactly one of two competing operations wins, and the
ledger still sums to the balances."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from wuse.ledger import services as ledger
from wuse.ledger.models import Account, CatalogueItem, Entry, Redemption

from ..concurrency import race, winners
from ..helpers import C111, require_postgres
from .ledger_support import account_with, make_person, make_scheme, staff_pair

pytestmark = pytest.mark.django_db(transaction=True)


def assert_ledger_sums():
    for account in Account.objects.all():
        total = Entry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert account.balance == total
        assert account.last_seq == Entry.objects.filter(account=account).count()


@pytest.fixture
def setting(tree):
    from needs.categories import ensure_default_categories

    ensure_default_categories()
    require_postgres()
    staff, staff2, _other = staff_pair()
    scheme = make_scheme()
    return staff, staff2, scheme


def test_two_redemptions_of_the_last_item_one_wins(setting):
    staff, staff2, scheme = setting
    for round_ in range(5):
        item = CatalogueItem.objects.create(scheme=scheme, region_id=C111, name=f"最后一件{round_}",
                                            price=Decimal("3"), stock=1)
        first = account_with(scheme, make_person(f"甲{round_}"), staff, hours="10", ref=f"a{round_}")
        second = account_with(scheme, make_person(f"乙{round_}"), staff, hours="10", ref=f"b{round_}")
        outcomes = race(lambda: ledger.redemption_place(item, first, 1, user=staff),
                        lambda: ledger.redemption_place(item, second, 1, user=staff2), refused=(ledger.LedgerError,))
        assert winners(outcomes) == 1, [str(o) for o in outcomes]
        assert "left" in str(next(o for o in outcomes if not o.ok))
        item.refresh_from_db()
        assert item.stock == 0
        assert Redemption.objects.filter(item=item).count() == 1
    assert_ledger_sums()


def test_two_spends_that_together_exceed_the_balance_one_wins(setting):
    staff, staff2, scheme = setting
    for round_ in range(5):
        account = account_with(scheme, make_person(f"丙{round_}"), staff, hours="10", ref=f"c{round_}")
        outcomes = race(lambda: ledger.spend(account, "6", ref="", user=staff),
                        lambda: ledger.spend(account, "7", ref="", user=staff2), refused=(ledger.LedgerError,))
        assert winners(outcomes) == 1, [str(o) for o in outcomes]
        account.refresh_from_db()
        assert account.balance in (Decimal("4.00"), Decimal("3.00"))
    assert_ledger_sums()


def test_crossed_transfers_do_not_deadlock_and_keep_the_sum(setting):
    staff, staff2, scheme = setting
    a = account_with(scheme, make_person("丁"), staff, hours="10", ref="d")
    b = account_with(scheme, make_person("戊"), staff, hours="10", ref="e")
    for _round in range(5):
        outcomes = race(lambda: ledger.transfer(a, b, "3", user=staff, relation="夫妻"),
                        lambda: ledger.transfer(b, a, "2", user=staff2, relation="夫妻"), refused=(ledger.LedgerError,))
        assert winners(outcomes) == 2, [str(o) for o in outcomes]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.balance, b.balance) == (Decimal("5.00"), Decimal("15.00"))
    assert_ledger_sums()


def test_the_same_service_credited_twice_at_once_is_credited_once(setting):
    staff, staff2, scheme = setting
    person = make_person("己")
    account = ledger.account_open(scheme, user=staff, person=person)

    def credit(user):
        return lambda: ledger.earn(account, "2", ref="volunteers.serviceentry:77", user=user)

    outcomes = race(credit(staff), credit(staff2), refused=(ledger.LedgerError,))
    assert winners(outcomes) == 2  # the second sees the first's entry and returns it
    assert Entry.objects.filter(account=account, ref="volunteers.serviceentry:77").count() == 1
    assert_ledger_sums()
