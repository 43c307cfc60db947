"""Adjustments (four eyes): one person asks for a correction, another approves it (and so writes it) or
rejects it. The decision is a transition of ``wuse.ledger.workflow.ADJUSTMENT_PROCESS``."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.core.numbers import quantity
from wuse.workflow.services import transition_apply

from .. import workflow
from ..errors import LedgerError
from ..models import Account, Adjustment, Entry
from .accounts import CENT, MAX_AMOUNT, require


def _signed(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError, TypeError):
        raise LedgerError(_("The adjustment must be a number.")) from None
    if not amount.is_finite() or amount == 0 or abs(amount) > MAX_AMOUNT:
        raise LedgerError(_("The adjustment must be a non-zero amount of at most %(max)s either way.") % {
            "max": quantity(MAX_AMOUNT)})
    return amount


@transaction.atomic
def adjustment_request(account: Account, amount, *, reason: str, user) -> Adjustment:
    """Ask for a correction (positive or negative); another person approves it."""
    require(user, "ledger_adjustment.request", account)
    amount = _signed(amount)
    if not reason.strip():
        raise LedgerError(_("Give the reason for the adjustment."))
    adjustment = Adjustment.objects.create(account=account, region_id=account.region_id, amount=amount,
                                           reason=reason.strip()[:200], requested_by=user)
    audit_record(action="ledger_adjustment.request", target=adjustment, user=user, detail={"amount": str(amount)})
    return adjustment


def adjustment_approve(adjustment: Adjustment, *, user, note: str = "") -> Entry:
    """Approve and write the correction (by someone other than the requester); returns the entry written."""
    decided = transition_apply(process=workflow.ADJUSTMENT_PROCESS, obj=adjustment, name="approve", user=user,
                               reason=note)
    return decided.entry


def adjustment_reject(adjustment: Adjustment, *, user, note: str) -> Adjustment:
    """Reject the correction, saying why; nothing is written to the account."""
    return transition_apply(process=workflow.ADJUSTMENT_PROCESS, obj=adjustment, name="reject", user=user,
                            reason=note)
