"""The amounts of a call (hypothesis): any decimal string is accepted exactly when it is a positive amount of at
most two decimals within the cap (zero too for a call for partners), and kept to the cent."""

import contextlib
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from projects.calls.errors import CallError
from projects.calls.services.calls import MAX_AMOUNT, money

amounts = st.one_of(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                                allow_infinity=False),
                    st.decimals(min_value=Decimal("-100"), max_value=Decimal("100"), places=2),
                    st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("0")]))


@given(amounts, st.booleans())
def test_money_accepts_exactly_the_valid_amounts(value, zero_ok):
    valid = (value.is_finite() and (value > 0 or (zero_ok and value == 0)) and value <= MAX_AMOUNT
             and value == value.quantize(Decimal("0.01")))
    for given_value in (value, str(value)):
        try:
            got = money(given_value, what="x", zero_ok=zero_ok)
        except CallError:
            assert not valid, value
        else:
            assert valid, value
            assert got == value and got.as_tuple().exponent == -2


@given(st.text(max_size=30))
def test_money_never_raises_anything_else(text):
    with contextlib.suppress(CallError):
        money(text, what="x")
