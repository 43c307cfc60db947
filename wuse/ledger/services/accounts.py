"""Schemes and accounts, and the primitives every balance change uses.

``lock`` takes the accounts' rows in id order (no deadlock between two transfers) and re-reads them;
``append`` writes one entry to a locked account and moves its balance; ``check_debit`` and ``headroom``
are the floor and the cap; ``credit_within_cap`` sends what the cap cuts off to the scheme's pool. The
other service modules and the processes of ``wuse.ledger.workflow`` build on these.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.numbers import quantity
from wuse.regions.models import Region

from ..errors import LedgerError
from ..models import EARNING_KINDS, ZERO, Account, AccountStatus, Entry, EntryKind, HolderKind, Scheme

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000")
MAX_QUANTITY = 99


def ref_of(obj) -> str:
    """The reference an entry keeps to its cause: ``app_label.model:pk``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def positive_amount(value, *, what: str) -> Decimal:
    """A positive amount with two decimals, or a LedgerError naming ``what``."""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError, TypeError):
        raise LedgerError(_("%(what)s must be a number.") % {"what": what}) from None
    if not amount.is_finite() or amount <= 0:
        raise LedgerError(_("%(what)s must be greater than zero.") % {"what": what})
    if amount > MAX_AMOUNT:
        raise LedgerError(_("%(what)s may not exceed %(max)s.") % {"what": what, "max": quantity(MAX_AMOUNT)})
    return amount


def require(user, action: str, obj) -> None:
    """``PermissionDenied`` unless the user holds ``action`` on ``obj`` (an account, an adjustment…)."""
    if not access.can(user, action, obj):
        raise PermissionDenied(_("You may not do this on that account."))


def schemes_covering(region: Region) -> list[Scheme]:
    """The active schemes that apply in ``region``: of each kind, the one of the nearest unit above it."""
    ancestors = list({region.code[:n].ljust(12, "0") for n in (4, 6, 9, 12)})
    found: dict[str, Scheme] = {}
    for scheme in Scheme.objects.filter(active=True, region__in=ancestors).select_related("region"):
        kept = found.get(scheme.kind)
        if kept is None or len(scheme.region.prefix) > len(kept.region.prefix):
            found[scheme.kind] = scheme
    return sorted(found.values(), key=lambda scheme: scheme.kind)


# ---- the primitives ------------------------------------------------------------------------


def lock(*accounts: Account) -> dict[int, Account]:
    """Lock the accounts' rows in id order (no deadlock between two transfers) and re-read them."""
    ids = sorted({account.pk for account in accounts})
    return {account.pk: account for account in
            Account.objects.select_for_update().select_related("scheme").filter(pk__in=ids).order_by("pk")}


def append(account: Account, kind: str, amount: Decimal, *, user, ref: str = "", memo: str = "",
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


def headroom(account: Account) -> Decimal | None:
    """How much more the account may hold (None: no cap). The scheme's pool has no cap."""
    cap = account.scheme.account_cap
    if cap is None or account.holder_kind == HolderKind.POOL:
        return None
    return max(cap - account.balance, ZERO)


def check_debit(account: Account, amount: Decimal) -> None:
    """Refuse a debit of a frozen account or one below the scheme's floor (``-overdraft``)."""
    if account.status != AccountStatus.ACTIVE:
        raise LedgerError(_("The account is frozen; it cannot be debited."))
    floor = -account.scheme.overdraft
    if account.balance - amount < floor:
        raise LedgerError(_("The balance is %(balance)s %(unit)s; %(amount)s cannot be taken from it.") % {
            "balance": quantity(account.balance), "unit": account.scheme.unit_label, "amount": quantity(amount)})


def credit_within_cap(account: Account, pool: Account | None, kind: str, credit: Decimal, *, user, ref: str,
                      memo: str) -> tuple[Entry | None, Decimal]:
    """Credit what fits under the account cap; the rest goes to the (locked) pool. Returns (entry, kept)."""
    room = headroom(account)
    kept = credit if room is None else min(credit, room)
    entry = append(account, kind, kept, user=user, ref=ref, memo=memo) if kept > 0 else None
    if kept < credit:
        append(pool, EntryKind.DONATE_IN, credit - kept, user=user, ref=f"{ref}/{account.pk}",
               memo=_("Beyond the account cap of %(holder)s") % {"holder": account.holder_name}, counterpart=entry)
    return entry, kept


def cap_pool(scheme: Scheme) -> Account | None:
    """The pool that takes what an account's cap cuts off (None when the scheme has no cap)."""
    return pool_account(scheme) if scheme.account_cap is not None else None


# ---- opening accounts ----------------------------------------------------------------------


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
        append(account, EntryKind.GRANT, scheme.signup_grant, user=user, ref=ref_of(account))
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
