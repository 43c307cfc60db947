"""Every write to the time bank and points ledgers: one function per action, in one transaction.

The interface the other parts use (volunteer verification now, projects later):

- ``earn_for_service(person=…, hours=…, ref=…, user=…)``: credit verified service hours in every
  active scheme covering the person's home community (accounts open on first use); idempotent per
  ``ref``: a retry credits nothing twice;
- ``spend(account, amount, ref=…, user=…)``: debit for help received;
- ``account_open``, ``transfer``, ``donate``, ``adjustment_request``/``_approve``/``_reject``,
  ``expire``, ``redemption_place``/``_fulfil``/``_cancel``.

Each function locks the rows it changes (accounts in id order, then the catalogue item), re-reads
them, checks the scheme's rules, appends entries with the balance after them and writes an audit
row. A refusal raises ``LedgerError`` with a message for the user, and nothing is written.
"""

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.models import Region

from .models import (
    EARNING_KINDS,
    ZERO,
    Account,
    AccountStatus,
    Adjustment,
    AdjustmentStatus,
    CatalogueItem,
    Entry,
    EntryKind,
    HolderKind,
    Redemption,
    RedemptionStatus,
    Scheme,
    TransferRule,
)

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000")
MAX_QUANTITY = 99


class LedgerError(Exception):
    """A refused ledger action; the message says why, in the user's language."""


def ref_of(obj) -> str:
    """The reference an entry keeps to its cause: ``app_label.model:pk``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _amount(value, *, what: str) -> Decimal:
    """A positive amount with two decimals, or a LedgerError naming ``what``."""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError, TypeError):
        raise LedgerError(_("%(what)s must be a number.") % {"what": what}) from None
    if not amount.is_finite() or amount <= 0:
        raise LedgerError(_("%(what)s must be greater than zero.") % {"what": what})
    if amount > MAX_AMOUNT:
        raise LedgerError(_("%(what)s may not exceed %(max)s.") % {"what": what, "max": MAX_AMOUNT})
    return amount


# ---- schemes and accounts ------------------------------------------------------------------


def schemes_covering(region: Region) -> list[Scheme]:
    """The active schemes that apply in ``region``: of each kind, the one of the nearest unit above it."""
    ancestors = list({region.code[:n].ljust(12, "0") for n in (4, 6, 9, 12)})
    found: dict[str, Scheme] = {}
    for scheme in Scheme.objects.filter(active=True, region__in=ancestors).select_related("region"):
        kept = found.get(scheme.kind)
        if kept is None or len(scheme.region.prefix) > len(kept.region.prefix):
            found[scheme.kind] = scheme
    return sorted(found.values(), key=lambda scheme: scheme.kind)


def _lock(*accounts: Account) -> dict[int, Account]:
    """Lock the accounts' rows in id order (no deadlock between two transfers) and re-read them."""
    ids = sorted({account.pk for account in accounts})
    return {account.pk: account for account in
            Account.objects.select_for_update().select_related("scheme").filter(pk__in=ids).order_by("pk")}


def _append(account: Account, kind: str, amount: Decimal, *, user, ref: str = "", memo: str = "",
            approved_by=None, counterpart: Entry | None = None) -> Entry:
    """Append one entry to a locked, freshly read account and move its balance."""
    account.last_seq += 1
    account.balance += amount
    if kind in EARNING_KINDS:
        account.earned_total += amount
    entry = Entry.objects.create(
        account=account, seq=account.last_seq, kind=kind, amount=amount, balance_after=account.balance,
        ref=ref, memo=memo[:200], created_by=user, approved_by=approved_by, counterpart=counterpart)
    Account.objects.filter(pk=account.pk).update(balance=account.balance, earned_total=account.earned_total,
                                                 last_seq=account.last_seq)
    return entry


def _headroom(account: Account) -> Decimal | None:
    """How much more the account may hold (None: no cap). The scheme's pool has no cap."""
    cap = account.scheme.account_cap
    if cap is None or account.holder_kind == HolderKind.POOL:
        return None
    return max(cap - account.balance, ZERO)


def _check_debit(account: Account, amount: Decimal) -> None:
    if account.status != AccountStatus.ACTIVE:
        raise LedgerError(_("The account is frozen; it cannot be debited."))
    floor = -account.scheme.overdraft
    if account.balance - amount < floor:
        raise LedgerError(_("The balance is %(balance)s %(unit)s; %(amount)s cannot be taken from it.") % {
            "balance": account.balance, "unit": account.scheme.unit_label, "amount": amount})


@transaction.atomic
def account_open(scheme: Scheme, *, user, person=None, organization=None) -> Account:
    """The holder's account in the scheme, opened (with the sign-up grant) if it does not exist yet."""
    if not scheme.active:
        raise LedgerError(_("The scheme “%(name)s” is closed.") % {"name": scheme.name})
    if (person is None) == (organization is None):
        raise ValueError("account_open() needs exactly one holder: a person or an organization")
    if organization is not None and not scheme.organization_accounts:
        raise LedgerError(_("Organizations cannot hold accounts in the scheme “%(name)s”.") % {"name": scheme.name})
    holder = {"person": person} if person is not None else {"organization": organization}
    kind = HolderKind.PERSON if person is not None else HolderKind.ORGANIZATION
    account = Account.objects.filter(scheme=scheme, holder_kind=kind, **holder).first()
    if account is not None:
        return account
    Scheme.objects.select_for_update().filter(pk=scheme.pk).first()  # serialize openings per scheme
    account = Account.objects.filter(scheme=scheme, holder_kind=kind, **holder).first()
    if account is not None:
        return account
    region_id = person.region_id if person is not None else organization.region_id
    account = Account.objects.create(scheme=scheme, holder_kind=kind, region_id=region_id, **holder)
    account.scheme = scheme
    if scheme.signup_grant > 0 and kind == HolderKind.PERSON:  # the grant welcomes a resident, not a unit
        _append(account, EntryKind.GRANT, scheme.signup_grant, user=user, ref=ref_of(account))
    audit_record(action="ledger_account.open", target=account, user=user, detail={"scheme": scheme.pk})
    return account


@transaction.atomic
def pool_account(scheme: Scheme) -> Account:
    """The scheme's pool: where donations and earnings beyond an account's cap go."""
    account = Account.objects.filter(scheme=scheme, holder_kind=HolderKind.POOL).first()
    if account is not None:
        return account
    Scheme.objects.select_for_update().filter(pk=scheme.pk).first()
    account, _created = Account.objects.get_or_create(scheme=scheme, holder_kind=HolderKind.POOL,
                                                      defaults={"region_id": scheme.region_id})
    return account


# ---- earning and spending ------------------------------------------------------------------


@transaction.atomic
def earn(account: Account, hours, *, ref: str, user, memo: str = "") -> Entry | None:
    """Credit verified service hours: ``per_hour`` each, up to the activity cap and the account cap.

    What the account cap cuts off goes to the scheme's pool (as in Nanjing's time bank). A second call
    with the same ``ref`` credits nothing and returns the first entry.
    """
    if not ref:
        raise ValueError("earn() needs the reference of the verified service it credits")
    hours = _amount(hours, what=_("Hours"))
    scheme = account.scheme
    pool = pool_account(scheme) if scheme.account_cap is not None else None
    locked = _lock(account, *([pool] if pool else []))
    account = locked[account.pk]
    done = Entry.objects.filter(account=account, kind=EntryKind.EARN, ref=ref).first()
    if done is not None:
        return done
    credit = (hours * scheme.per_hour).quantize(CENT, rounding=ROUND_HALF_UP)
    if scheme.activity_cap is not None:
        credit = min(credit, scheme.activity_cap)
    entry, kept = _credit_within_cap(account, locked.get(pool.pk) if pool else None, EntryKind.EARN, credit,
                                     user=user, ref=ref, memo=memo)
    audit_record(action="ledger.earn", target=account, user=user,
                 detail={"ref": ref, "credited": str(kept), "to_pool": str(credit - kept)})
    return entry


def _credit_within_cap(account: Account, pool: Account | None, kind: str, credit: Decimal, *, user, ref: str,
                       memo: str) -> tuple[Entry | None, Decimal]:
    """Credit what fits under the account cap; the rest goes to the (locked) pool. Returns (entry, kept)."""
    room = _headroom(account)
    kept = credit if room is None else min(credit, room)
    entry = _append(account, kind, kept, user=user, ref=ref, memo=memo) if kept > 0 else None
    if kept < credit:
        _append(pool, EntryKind.DONATE_IN, credit - kept, user=user, ref=f"{ref}/{account.pk}",
                memo=_("Beyond the account cap of %(holder)s") % {"holder": account.holder_name}, counterpart=entry)
    return entry, kept


def earn_for_service(*, person, hours, ref: str, user, memo: str = "") -> list[Entry]:
    """Credit a person's verified service in every active scheme covering their home community."""
    entries = []
    with transaction.atomic():
        for scheme in schemes_covering(person.region):
            account = account_open(scheme, user=user, person=person)
            entry = earn(account, hours, ref=ref, user=user, memo=memo)
            if entry is not None:
                entries.append(entry)
    return entries


@transaction.atomic
def spend(account: Account, amount, *, ref: str, user, memo: str = "") -> Entry:
    """Debit for help the holder received (西湖: −1 per help). Idempotent per ``ref``."""
    _require(user, "ledger_account.operate", account)
    amount = _amount(amount, what=_("Amount"))
    account = _lock(account)[account.pk]
    if ref:
        done = Entry.objects.filter(account=account, kind=EntryKind.SPEND, ref=ref).first()
        if done is not None:
            return done
    _check_debit(account, amount)
    entry = _append(account, EntryKind.SPEND, -amount, user=user, ref=ref, memo=memo)
    audit_record(action="ledger.spend", target=account, user=user, detail={"amount": str(amount), "ref": ref})
    return entry


# ---- transfers and donations ---------------------------------------------------------------


def _require(user, action: str, obj) -> None:
    if not access.can(user, action, obj):
        raise PermissionDenied(_("You may not do this on that account."))


def _move(source: Account, target: Account, amount: Decimal, *, out_kind: str, in_kind: str, user,
          memo: str) -> tuple[Entry, Entry]:
    locked = _lock(source, target)
    source, target = locked[source.pk], locked[target.pk]
    _check_debit(source, amount)
    room = _headroom(target)
    if room is not None and amount > room:
        raise LedgerError(_("The receiving account can take only %(room)s more %(unit)s (the scheme's cap).") % {
            "room": room, "unit": target.scheme.unit_label})
    out = _append(source, out_kind, -amount, user=user, memo=memo)
    into = _append(target, in_kind, amount, user=user, memo=memo, counterpart=out, ref=ref_of(out))
    return out, into


@transaction.atomic
def transfer(source: Account, target: Account, amount, *, user, relation: str = "", memo: str = "") \
        -> tuple[Entry, Entry]:
    """Move part of a balance to another holder of the same scheme, as the scheme allows."""
    _require(user, "ledger_account.operate", source)
    amount = _amount(amount, what=_("Amount"))
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
    _require(user, "ledger_account.operate", source)
    amount = _amount(amount, what=_("Amount"))
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


# ---- adjustments (four eyes) ---------------------------------------------------------------


def _signed(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError, TypeError):
        raise LedgerError(_("The adjustment must be a number.")) from None
    if not amount.is_finite() or amount == 0 or abs(amount) > MAX_AMOUNT:
        raise LedgerError(_("The adjustment must be a non-zero amount of at most %(max)s either way.") % {
            "max": MAX_AMOUNT})
    return amount


@transaction.atomic
def adjustment_request(account: Account, amount, *, reason: str, user) -> Adjustment:
    """Ask for a correction (positive or negative); another person approves it."""
    _require(user, "ledger_adjustment.request", account)
    amount = _signed(amount)
    if not reason.strip():
        raise LedgerError(_("Give the reason for the adjustment."))
    adjustment = Adjustment.objects.create(account=account, region_id=account.region_id, amount=amount,
                                           reason=reason.strip()[:200], requested_by=user)
    audit_record(action="ledger_adjustment.request", target=adjustment, user=user, detail={"amount": str(amount)})
    return adjustment


def _decide(adjustment: Adjustment, user) -> Adjustment:
    _require(user, "ledger_adjustment.decide", adjustment)
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.status != AdjustmentStatus.PENDING:
        raise LedgerError(_("The adjustment has already been decided."))
    if adjustment.requested_by_id == user.pk:
        raise LedgerError(_("An adjustment must be approved by someone other than the person who asked for it."))
    return adjustment


@transaction.atomic
def adjustment_approve(adjustment: Adjustment, *, user, note: str = "") -> Entry:
    adjustment = _decide(adjustment, user)
    account = _lock(adjustment.account)[adjustment.account_id]
    if adjustment.amount < 0:
        _check_debit(account, -adjustment.amount)
    else:
        room = _headroom(account)
        if room is not None and adjustment.amount > room:
            raise LedgerError(_("The account can take only %(room)s more (the scheme's cap).") % {"room": room})
    entry = _append(account, EntryKind.ADJUST, adjustment.amount, user=adjustment.requested_by,
                    approved_by=user, ref=ref_of(adjustment), memo=adjustment.reason)
    Adjustment.objects.filter(pk=adjustment.pk).update(
        status=AdjustmentStatus.APPROVED, decided_by=user, decided_at=timezone.now(), decision_note=note[:200],
        entry=entry)
    audit_record(action="ledger_adjustment.approve", target=adjustment, user=user, changed_fields=["status"])
    return entry


@transaction.atomic
def adjustment_reject(adjustment: Adjustment, *, user, note: str) -> Adjustment:
    adjustment = _decide(adjustment, user)
    if not note.strip():
        raise LedgerError(_("Give the reason for rejecting the adjustment."))
    Adjustment.objects.filter(pk=adjustment.pk).update(
        status=AdjustmentStatus.REJECTED, decided_by=user, decided_at=timezone.now(), decision_note=note[:200])
    audit_record(action="ledger_adjustment.reject", target=adjustment, user=user, changed_fields=["status"])
    adjustment.refresh_from_db()
    return adjustment


# ---- expiry --------------------------------------------------------------------------------


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day-of-month ``months`` earlier (the last day when that month is shorter)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def expire(account: Account, *, now: dt.datetime | None = None, user=None) -> Entry | None:
    """Write off credits older than the scheme's expiry that were not used, oldest first.

    Debits (including earlier expiries) consume the oldest credits first, so what is left of the
    credits made before the cut-off is ``credits_before − all debits``, never more than the balance.
    Running it twice writes nothing the second time.
    """
    months = account.scheme.expiry_months
    if not months or account.holder_kind == HolderKind.POOL:
        return None
    account = _lock(account)[account.pk]
    cutoff = months_before(now or timezone.now(), months)
    sums = Entry.objects.filter(account=account).aggregate(
        old_credits=Sum("amount", filter=Q(amount__gt=0, created_at__lte=cutoff)),
        debits=Sum("amount", filter=Q(amount__lt=0)))
    unused = (sums["old_credits"] or ZERO) + (sums["debits"] or ZERO)
    amount = min(unused, account.balance)
    if amount <= 0:
        return None
    entry = _append(account, EntryKind.EXPIRE, -amount, user=user,
                    memo=_("Credits older than %(months)d months") % {"months": months})
    audit_record(action="ledger.expire", target=account, user=user, detail={"amount": str(amount)})
    return entry


def expire_due(*, now: dt.datetime | None = None) -> int:
    """Expire every account of every scheme with an expiry rule; returns how many entries were written."""
    written = 0
    accounts = Account.objects.filter(scheme__active=True, scheme__expiry_months__isnull=False,
                                      balance__gt=0).exclude(holder_kind=HolderKind.POOL).select_related("scheme")
    for account in accounts.iterator(chunk_size=500):
        written += expire(account, now=now) is not None
    return written


# ---- the redemption shop -------------------------------------------------------------------


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
    account = _lock(account)[account.pk]
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if not item.active:
        raise LedgerError(_("“%(name)s” is no longer on offer.") % {"name": item.name})
    if item.stock < quantity:
        raise LedgerError(_("Only %(stock)d of “%(name)s” left.") % {"stock": item.stock, "name": item.name})
    scheme = account.scheme
    if account.earned_total < scheme.redemption_threshold:
        raise LedgerError(_("Redemption opens after %(threshold)s %(unit)s earned; %(earned)s so far.") % {
            "threshold": scheme.redemption_threshold, "unit": scheme.unit_label, "earned": account.earned_total})
    total = item.price * quantity
    if account.balance - total < ZERO:
        raise LedgerError(_("“%(name)s” × %(quantity)d costs %(total)s; the balance is %(balance)s.") % {
            "name": item.name, "quantity": quantity, "total": total, "balance": account.balance})
    _check_debit(account, total)
    CatalogueItem.objects.filter(pk=item.pk).update(stock=item.stock - quantity)
    redemption = Redemption.objects.create(item=item, account=account, region_id=item.region_id,
                                           quantity=quantity, total=total, placed_by=user)
    entry = _append(account, EntryKind.REDEEM, -total, user=user, ref=ref_of(redemption),
                    memo=f"{item.name} × {quantity}")
    Redemption.objects.filter(pk=redemption.pk).update(entry=entry)
    redemption.entry = entry
    audit_record(action="redemption.place", target=redemption, user=user,
                 detail={"item": item.pk, "quantity": quantity, "total": str(total)})
    return redemption


def _close(redemption: Redemption, user, action: str) -> Redemption:
    _require(user, action, redemption)
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if redemption.status != RedemptionStatus.PLACED:
        raise LedgerError(_("The redemption has already been handed over or cancelled."))
    return redemption


@transaction.atomic
def redemption_fulfil(redemption: Redemption, *, user) -> Redemption:
    redemption = _close(redemption, user, "redemption.fulfil")
    Redemption.objects.filter(pk=redemption.pk).update(status=RedemptionStatus.FULFILLED, closed_by=user,
                                                       closed_at=timezone.now())
    audit_record(action="redemption.fulfil", target=redemption, user=user, changed_fields=["status"])
    redemption.refresh_from_db()
    return redemption


@transaction.atomic
def redemption_cancel(redemption: Redemption, *, user, reason: str) -> Redemption:
    """Cancel before hand-over: the points come back as a new entry and the stock is restored."""
    if not reason.strip():
        raise LedgerError(_("Give the reason for cancelling."))
    redemption = _close(redemption, user, "redemption.cancel")
    scheme = redemption.account.scheme
    pool = pool_account(scheme) if scheme.account_cap is not None else None
    locked = _lock(redemption.account, *([pool] if pool else []))
    refund, _kept = _credit_within_cap(locked[redemption.account_id], locked.get(pool.pk) if pool else None,
                                       EntryKind.REFUND, redemption.total, user=user, ref=ref_of(redemption),
                                       memo=reason.strip())
    item = CatalogueItem.objects.select_for_update().get(pk=redemption.item_id)
    CatalogueItem.objects.filter(pk=item.pk).update(stock=item.stock + redemption.quantity)
    Redemption.objects.filter(pk=redemption.pk).update(status=RedemptionStatus.CANCELLED, closed_by=user,
                                                       closed_at=timezone.now(), refund_entry=refund)
    audit_record(action="redemption.cancel", target=redemption, user=user, changed_fields=["status"],
                 detail={"reason": reason.strip()[:200]})
    redemption.refresh_from_db()
    return redemption
