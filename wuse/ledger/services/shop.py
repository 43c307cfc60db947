"""The redemption shop (积分超市): placing a redemption moves the balance and the stock together; handing
it over or cancelling it are transitions of ``wuse.ledger.workflow.REDEMPTION_PROCESS``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.numbers import quantity as plain
from wuse.workflow.services import transition_apply

from .. import workflow
from ..errors import LedgerError
from ..models import ZERO, Account, CatalogueItem, EntryKind, HolderKind, Redemption
from .accounts import MAX_QUANTITY, append, check_debit, lock, ref_of


def is_own_account(user, account: Account) -> bool:
    """Whether the account is the signed-in person's own (a volunteer redeeming for themselves)."""
    return bool(user.pk and account.holder_kind == HolderKind.PERSON and account.person.user_id == user.pk)


@transaction.atomic
def redemption_place(item: CatalogueItem, account: Account, quantity: int = 1, *, user) -> Redemption:
    """Redeem ``quantity`` of an item: the balance and the stock change together, or not at all."""
    at_counter = access.can(user, "redemption.place", item) and access.can(user, "ledger_account.view", account)
    if not (at_counter or is_own_account(user, account)):
        raise PermissionDenied(_("You may not redeem from that account."))
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise LedgerError(_("The quantity must be a whole number from 1 to %(max)d.") % {"max": MAX_QUANTITY})
    if item.scheme_id != account.scheme_id:
        raise LedgerError(_("The item is priced in another scheme."))
    if account.holder_kind != HolderKind.PERSON:
        raise LedgerError(_("Only a person's account can redeem items."))
    account = lock(account)[account.pk]
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if not item.active:
        raise LedgerError(_("“%(name)s” is no longer on offer.") % {"name": item.name})
    if item.stock < quantity:
        raise LedgerError(_("Only %(stock)d of “%(name)s” left.") % {"stock": item.stock, "name": item.name})
    scheme = account.scheme
    if account.earned_total < scheme.redemption_threshold:
        raise LedgerError(_("Redemption opens after %(threshold)s %(unit)s earned; %(earned)s so far.") % {
            "threshold": plain(scheme.redemption_threshold), "unit": scheme.unit_label,
            "earned": plain(account.earned_total)})
    total = item.price * quantity
    if account.balance - total < ZERO:
        raise LedgerError(_("“%(name)s” × %(quantity)d costs %(total)s; the balance is %(balance)s.") % {
            "name": item.name, "quantity": quantity, "total": plain(total), "balance": plain(account.balance)})
    check_debit(account, total)
    CatalogueItem.objects.filter(pk=item.pk).update(stock=item.stock - quantity)
    redemption = Redemption.objects.create(item=item, account=account, region_id=item.region_id,
                                           quantity=quantity, total=total, placed_by=user)
    entry = append(account, EntryKind.REDEEM, -total, user=user, ref=ref_of(redemption),
                   memo=f"{item.name} × {quantity}")
    Redemption.objects.filter(pk=redemption.pk).update(entry=entry)
    redemption.entry = entry
    audit_record(action="redemption.place", target=redemption, user=user,
                 detail={"item": item.pk, "quantity": quantity, "total": str(total)})
    return redemption


def redemption_fulfil(redemption: Redemption, *, user) -> Redemption:
    """The item was handed over."""
    return transition_apply(process=workflow.REDEMPTION_PROCESS, obj=redemption, name="fulfil", user=user)


def redemption_cancel(redemption: Redemption, *, user, reason: str) -> Redemption:
    """Cancel before hand-over, saying why: the points come back as a new entry and the stock is restored."""
    return transition_apply(process=workflow.REDEMPTION_PROCESS, obj=redemption, name="cancel", user=user,
                            reason=reason)
