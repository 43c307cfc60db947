"""The ledger's two processes as data: an adjustment's four-eyes decision and a redemption's hand-over
or cancellation.

- Adjustment (调整): pending → approved (``approve``: written to the account as an ``adjust`` entry, by
  someone other than the person who asked for it) or rejected (``reject``, with a note). Both need
  ``ledger_adjustment.decide``.
- Redemption (兑换): placed → fulfilled (``fulfil``: handed over) or cancelled (``cancel``, with a reason:
  the points come back within the cap, the rest to the scheme's pool, and the stock is restored).

Placing a redemption and requesting an adjustment create rows and stay plain services
(``wuse.ledger.services``); the kernel (``wuse.workflow``) applies these transitions: it locks the row,
checks the state, the right and the rules below, runs the effects, writes the timeline and the audit rows
``ledger_adjustment.<transition>`` and ``redemption.<transition>``. A refusal raises ``LedgerError`` and
writes nothing to the ledger. The effects take the accounts' and the item's locks after the row's own,
as the services always did (adjustment or redemption → accounts in id order → catalogue item).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

from .errors import LedgerError
from .models import AdjustmentStatus, CatalogueItem, EntryKind, RedemptionStatus
from .services.accounts import append, cap_pool, check_debit, credit_within_cap, headroom, lock, ref_of

PENDING, APPROVED, REJECTED = AdjustmentStatus.PENDING.value, AdjustmentStatus.APPROVED.value, \
    AdjustmentStatus.REJECTED.value
PLACED, FULFILLED, CANCELLED = RedemptionStatus.PLACED.value, RedemptionStatus.FULFILLED.value, \
    RedemptionStatus.CANCELLED.value


# ---- adjustments ---------------------------------------------------------------------------


def _someone_else(step):
    if step.obj.requested_by_id == step.user.pk:
        return _("An adjustment must be approved by someone other than the person who asked for it.")
    return None


def _decided(step) -> None:
    step.set(decided_by=step.user, decided_at=timezone.now(), decision_note=step.reason[:200])


def _written(step) -> None:
    """The approved correction becomes an entry of the account, within its floor and its cap."""
    adjustment = step.obj
    account = lock(adjustment.account)[adjustment.account_id]
    if adjustment.amount < 0:
        check_debit(account, -adjustment.amount)
    else:
        room = headroom(account)
        if room is not None and adjustment.amount > room:
            raise LedgerError(_("The account can take only %(room)s more (the scheme's cap).") % {"room": room})
    entry = append(account, EntryKind.ADJUST, adjustment.amount, user=adjustment.requested_by,
                   approved_by=step.user, ref=ref_of(adjustment), memo=adjustment.reason)
    step.set(entry=entry)


_DECIDED = {APPROVED: _("The adjustment has already been decided."),
            REJECTED: _("The adjustment has already been decided.")}

ADJUSTMENT_PROCESS = Process(
    key="ledger_adjustment",
    initial=PENDING,
    states=(State(PENDING, AdjustmentStatus.PENDING.label, tone="warning"),
            State(APPROVED, AdjustmentStatus.APPROVED.label, tone="success"),
            State(REJECTED, AdjustmentStatus.REJECTED.label, tone="danger")),
    transitions=(
        Transition("approve", _("Approve"), (PENDING,), APPROVED, "ledger_adjustment.decide",
                   guards=(_someone_else,), effects=(_written, _decided), refusals=_DECIDED, style="success"),
        Transition("reject", _("Reject adjustment"), (PENDING,), REJECTED, "ledger_adjustment.decide",
                   guards=(_someone_else,), reason_required=True,
                   reason_missing=_("Give the reason for rejecting the adjustment."),
                   effects=(_decided,), refusals=_DECIDED, style="danger"),
    ),
    error=LedgerError,
)


# ---- redemptions ---------------------------------------------------------------------------


def _closed(step) -> None:
    step.set(closed_by=step.user, closed_at=timezone.now())


def _refunded(step) -> None:
    """The points come back as a new entry (within the cap; the rest to the pool) and the stock is restored."""
    redemption = step.obj
    pool = cap_pool(redemption.account.scheme)
    locked = lock(redemption.account, *([pool] if pool else []))
    refund, _kept = credit_within_cap(locked[redemption.account_id], locked.get(pool.pk) if pool else None,
                                      EntryKind.REFUND, redemption.total, user=step.user, ref=ref_of(redemption),
                                      memo=step.reason)
    item = CatalogueItem.objects.select_for_update().get(pk=redemption.item_id)
    CatalogueItem.objects.filter(pk=item.pk).update(stock=item.stock + redemption.quantity)
    step.set(refund_entry=refund)


_CLOSED = {FULFILLED: _("The redemption has already been handed over or cancelled."),
           CANCELLED: _("The redemption has already been handed over or cancelled.")}

REDEMPTION_PROCESS = Process(
    key="redemption",
    initial=PLACED,
    states=(State(PLACED, RedemptionStatus.PLACED.label, tone="warning"),
            State(FULFILLED, RedemptionStatus.FULFILLED.label, tone="success"),
            State(CANCELLED, RedemptionStatus.CANCELLED.label, tone="muted")),
    transitions=(
        Transition("fulfil", _("Handed over"), (PLACED,), FULFILLED, "redemption.fulfil",
                   effects=(_closed,), refusals=_CLOSED, style="success"),
        Transition("cancel", _("Cancel order"), (PLACED,), CANCELLED, "redemption.cancel",
                   reason_required=True,
                   reason_missing=_("Give the reason for cancelling."), effects=(_refunded, _closed),
                   refusals=_CLOSED, style="danger"),
    ),
    error=LedgerError,
)
