"""Ledger invariants under random sequences of operations (hypothesis stateful testing).

Whatever the scheme's rules and whatever the order of earning, spending, transfers, donations,
adjustments, redemptions, cancellations, expiry and the passing of time:
- every account's balance is the sum of its entries; ``balance_after`` is the running sum in ``seq``
  order with no gaps; ``earned_total`` is the sum of grants and earnings;
- no person's balance falls below the scheme's overdraft or rises above its cap;
- an earning credits exactly hours × rate (capped per activity), split between the account and the pool;
- stock + items sold = the stock put on the shelf;
- after expiry no credit older than the expiry period is left unused;
- a refused operation changes nothing.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from wuse.ledger import services as ledger
from wuse.ledger.models import (
    EARNING_KINDS,
    Account,
    CatalogueItem,
    Entry,
    HolderKind,
    Redemption,
    RedemptionStatus,
    TransferRule,
)

from ..helpers import C111
from .ledger_support import make_person, make_scheme, staff_pair

START = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
amounts = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("12"), places=2)
holders = st.integers(min_value=0, max_value=2)
optional = st.none() | st.decimals(min_value=Decimal("1"), max_value=Decimal("6"), places=0)


def snapshot():
    return (Entry.objects.count(), tuple(Account.objects.order_by("pk").values_list("balance", "last_seq")),
            tuple(CatalogueItem.objects.order_by("pk").values_list("stock", flat=True)))


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._clock = time_machine.travel(START, tick=False)
        self._traveller = self._clock.start()
        self.refs = 0
        self.shelved = 0

    def teardown(self):
        self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(cap=st.none() | st.decimals(min_value=Decimal("15"), max_value=Decimal("60"), places=0),
                activity_cap=optional, overdraft=st.sampled_from([Decimal("0"), Decimal("0"), Decimal("3")]),
                grant=st.sampled_from([Decimal("0"), Decimal("5")]), expiry=st.none() | st.integers(1, 6),
                threshold=st.sampled_from([Decimal("0"), Decimal("8")]),
                per_hour=st.sampled_from([Decimal("1"), Decimal("1.5"), Decimal("2")]),
                stock=st.integers(0, 3), price=st.decimals(min_value=Decimal("1"), max_value=Decimal("9"), places=0))
    def build(self, cap, activity_cap, overdraft, grant, expiry, threshold, per_hour, stock, price):
        self.staff, self.staff2, _other = staff_pair()
        self.scheme = make_scheme(account_cap=cap, activity_cap=activity_cap, overdraft=overdraft,
                                  signup_grant=grant, expiry_months=expiry, redemption_threshold=threshold,
                                  per_hour=per_hour, transfer_rule=TransferRule.ANY)
        self.accounts = [ledger.account_open(self.scheme, user=self.staff, person=make_person(f"居民{i}", C111))
                         for i in range(3)]
        self.item = CatalogueItem.objects.create(scheme=self.scheme, region_id=C111, name="米", price=price,
                                                 stock=stock)
        self.shelved = stock

    def attempt(self, operation):
        """Run an operation; a refusal must leave everything as it was."""
        before = snapshot()
        try:
            with transaction.atomic():
                return operation()
        except ledger.LedgerError:
            assert snapshot() == before
            return None

    @rule(who=holders, hours=amounts, repeat=st.booleans())
    def earn(self, who, hours, repeat):
        if not repeat or self.refs == 0:
            self.refs += 1
        ref = f"service:{self.refs}"
        fresh = not Entry.objects.filter(Q(ref=ref) | Q(ref__startswith=f"{ref}/")).exists()
        ledger.earn(self.accounts[who], hours, ref=ref, user=self.staff)
        credited = Entry.objects.filter(Q(ref=ref) | Q(ref__startswith=f"{ref}/")).aggregate(s=Sum("amount"))["s"]
        if fresh:
            expected = (hours * self.scheme.per_hour).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if self.scheme.activity_cap is not None:
                expected = min(expected, self.scheme.activity_cap)
            assert credited == expected

    @rule(who=holders, amount=amounts)
    def spend(self, who, amount):
        self.attempt(lambda: ledger.spend(self.accounts[who], amount, ref="", user=self.staff))

    @rule(a=holders, b=holders, amount=amounts)
    def transfer(self, a, b, amount):
        self.attempt(lambda: ledger.transfer(self.accounts[a], self.accounts[b], amount, user=self.staff,
                                             relation="家人"))

    @rule(who=holders, amount=amounts)
    def donate(self, who, amount):
        self.attempt(lambda: ledger.donate(self.accounts[who], amount, user=self.staff))

    @rule(who=holders, amount=amounts, negative=st.booleans(), self_approve=st.booleans())
    def adjust(self, who, amount, negative, self_approve):
        request = ledger.adjustment_request(self.accounts[who], -amount if negative else amount, reason="核对",
                                            user=self.staff)
        approver = self.staff if self_approve else self.staff2
        self.attempt(lambda: ledger.adjustment_approve(request, user=approver))

    @rule(who=holders, quantity=st.integers(1, 2))
    def redeem(self, who, quantity):
        self.item.refresh_from_db()
        self.attempt(lambda: ledger.redemption_place(self.item, self.accounts[who], quantity, user=self.staff))

    @rule()
    def cancel_one(self):
        order = Redemption.objects.filter(status=RedemptionStatus.PLACED).first()
        if order is not None:
            ledger.redemption_cancel(order, user=self.staff, reason="退回")

    @rule(days=st.integers(1, 120))
    def time_passes(self, days):
        self._traveller.shift(dt.timedelta(days=days))

    @rule(who=holders)
    def expire(self, who):
        account = self.accounts[who]
        ledger.expire(account)
        if self.scheme.expiry_months:
            cutoff = ledger.months_before(dt.datetime.now(tz=dt.UTC), self.scheme.expiry_months)
            sums = Entry.objects.filter(account=account).aggregate(
                old=Sum("amount", filter=Q(amount__gt=0, created_at__lte=cutoff)), debits=Sum("amount",
                                                                                             filter=Q(amount__lt=0)))
            account.refresh_from_db()
            unused = (sums["old"] or 0) + (sums["debits"] or 0)
            assert min(unused, account.balance) <= 0

    @invariant()
    def balances_are_the_sum_of_their_entries(self):
        if not hasattr(self, "scheme"):
            return
        for account in Account.objects.filter(scheme=self.scheme):
            rows = list(Entry.objects.filter(account=account).order_by("seq").values_list("seq", "amount",
                                                                                        "balance_after", "kind"))
            running = Decimal("0")
            for expected_seq, (seq, amount, after, _kind) in enumerate(rows, start=1):
                running += amount
                assert (seq, after) == (expected_seq, running)
            assert (account.balance, account.last_seq) == (running, len(rows))
            assert account.earned_total == sum((a for _s, a, _b, k in rows if k in EARNING_KINDS), Decimal("0"))
            if account.holder_kind == HolderKind.PERSON:
                assert account.balance >= -self.scheme.overdraft
                if self.scheme.account_cap is not None:
                    assert account.balance <= self.scheme.account_cap

    @invariant()
    def stock_adds_up(self):
        if not hasattr(self, "item"):
            return
        self.item.refresh_from_db()
        sold = Redemption.objects.exclude(status=RedemptionStatus.CANCELLED).aggregate(n=Sum("quantity"))["n"] or 0
        assert self.item.stock + sold == self.shelved
        assert self.item.stock >= 0


@pytest.mark.django_db
def test_the_ledger_keeps_its_invariants_under_random_operations(tree):
    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=35, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
