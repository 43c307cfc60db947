"""Moving part of a balance to another holder: transfers between people, donations to the pool or an
organization. Both accounts are locked in id order and the debit and the credit are written together."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record

from ..errors import LedgerError
from ..models import Account, Entry, EntryKind, HolderKind, TransferRule
from .accounts import append, check_debit, headroom, lock, pool_account, positive_amount, ref_of, require


def _move(source: Account, target: Account, amount: Decimal, *, out_kind: str, in_kind: str, user,
          memo: str) -> tuple[Entry, Entry]:
    locked = lock(source, target)
    source, target = locked[source.pk], locked[target.pk]
    check_debit(source, amount)
    room = headroom(target)
    if room is not None and amount > room:
        raise LedgerError(_("The receiving account can take only %(room)s more %(unit)s (the scheme's cap).") % {
            "room": room, "unit": target.scheme.unit_label})
    out = append(source, out_kind, -amount, user=user, memo=memo)
    into = append(target, in_kind, amount, user=user, memo=memo, counterpart=out, ref=ref_of(out))
    return out, into


@transaction.atomic
def transfer(source: Account, target: Account, amount, *, user, relation: str = "", memo: str = "") \
        -> tuple[Entry, Entry]:
    """Move part of a balance to another holder of the same scheme, as the scheme allows."""
    require(user, "ledger_account.operate", source)
    amount = positive_amount(amount, what=_("Amount"))
    if source.pk == target.pk or (source.person_id and source.person_id == target.person_id):
        raise LedgerError(_("An account cannot transfer to itself."))
    if source.scheme_id != target.scheme_id:
        raise LedgerError(_("Transfers stay within one scheme."))
    rule = source.scheme.transfer_rule
    if rule == TransferRule.NONE or source.holder_kind != HolderKind.PERSON \
            or target.holder_kind != HolderKind.PERSON:
        raise LedgerError(_("The scheme “%(name)s” does not allow this transfer.") % {"name": source.scheme.name})
    if rule == TransferRule.FAMILY and not relation.strip():
        raise LedgerError(_("The scheme allows transfers to family members only: state the relation."))
    note = " · ".join(part for part in (relation.strip(), memo.strip()) if part)
    out, into = _move(source, target, amount, out_kind=EntryKind.TRANSFER_OUT, in_kind=EntryKind.TRANSFER_IN,
                      user=user, memo=note)
    audit_record(action="ledger.transfer", target=source, user=user,
                 detail={"to": target.pk, "amount": str(amount), "relation": relation[:50]})
    return out, into


@transaction.atomic
def donate(source: Account, amount, *, user, target: Account | None = None, memo: str = "") -> tuple[Entry, Entry]:
    """Give part of a balance to the scheme's pool, or to an organization's account in the scheme."""
    require(user, "ledger_account.operate", source)
    amount = positive_amount(amount, what=_("Amount"))
    scheme = source.scheme
    if not scheme.allow_donation:
        raise LedgerError(_("The scheme “%(name)s” does not allow donations.") % {"name": scheme.name})
    target = target or pool_account(scheme)
    if target.pk == source.pk:
        raise LedgerError(_("An account cannot donate to itself."))
    if target.scheme_id != source.scheme_id or target.holder_kind == HolderKind.PERSON:
        raise LedgerError(_("Donations go to the scheme's pool or to an organization in the same scheme."))
    out, into = _move(source, target, amount, out_kind=EntryKind.DONATE_OUT, in_kind=EntryKind.DONATE_IN,
                      user=user, memo=memo)
    audit_record(action="ledger.donate", target=source, user=user, detail={"to": target.pk, "amount": str(amount)})
    return out, into
