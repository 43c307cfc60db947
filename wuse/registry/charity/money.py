"""Amounts in yuan: read from a form or a service call (positive, at most two decimals, at most
¥100,000,000) and written for a message (``1,500.00``)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuse.core.numbers import money

MAX_AMOUNT = Decimal("100000000")
CENT = Decimal("0.01")


def yuan(value: Decimal) -> str:
    return money(value)


def parse_yuan(value, field: str = "amount") -> Decimal:
    """A positive amount in yuan with at most two decimals, at most 100,000,000; a ``ValidationError`` on
    ``field`` otherwise."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter an amount in yuan, such as 1500 or 1500.50.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("The amount may be at most ¥%(max)s.") % {"max": yuan(MAX_AMOUNT)}})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Amounts are in yuan with at most two decimals (fen).")})
    return amount.quantize(CENT)
