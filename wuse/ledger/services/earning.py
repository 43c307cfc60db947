"""Earning for verified service and spending on help received."""

from decimal import ROUND_HALF_UP

from django.db import transaction
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record

from ..models import Account, Entry, EntryKind
from .accounts import (
    CENT,
    account_open,
    append,
    cap_pool,
    check_debit,
    credit_within_cap,
    lock,
    positive_amount,
    require,
    schemes_covering,
)


@transaction.atomic
def earn(account: Account, hours, *, ref: str, user, memo: str = "") -> Entry | None:
    """Credit verified service hours: ``per_hour`` each, up to the activity cap and the account cap.

    What the account cap cuts off goes to the scheme's pool (as in Nanjing's time bank). A second call
    with the same ``ref`` credits nothing and returns the first entry.
    """
    if not ref:
        raise ValueError("earn() needs the reference of the verified service it credits")
    hours = positive_amount(hours, what=_("Hours"))
    scheme = account.scheme
    pool = cap_pool(scheme)
    locked = lock(account, *([pool] if pool else []))
    account = locked[account.pk]
    done = Entry.objects.filter(account=account, kind=EntryKind.EARN, ref=ref).first()
    if done is not None:
        return done
    if pool and Entry.objects.filter(account=pool, kind=EntryKind.DONATE_IN, ref=f"{ref}/{account.pk}").exists():
        return None  # credited before, all of it to the pool (the account was at its cap): nothing again
    credit = (hours * scheme.per_hour).quantize(CENT, rounding=ROUND_HALF_UP)
    if scheme.activity_cap is not None:
        credit = min(credit, scheme.activity_cap)
    entry, kept = credit_within_cap(account, locked.get(pool.pk) if pool else None, EntryKind.EARN, credit,
                                    user=user, ref=ref, memo=memo)
    audit_record(action="ledger.earn", target=account, user=user,
                 detail={"ref": ref, "credited": str(kept), "to_pool": str(credit - kept)})
    return entry


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
    require(user, "ledger_account.operate", account)
    amount = positive_amount(amount, what=_("Amount"))
    account = lock(account)[account.pk]
    if ref:
        done = Entry.objects.filter(account=account, kind=EntryKind.SPEND, ref=ref).first()
        if done is not None:
            return done
    check_debit(account, amount)
    entry = append(account, EntryKind.SPEND, -amount, user=user, ref=ref, memo=memo)
    audit_record(action="ledger.spend", target=account, user=user, detail={"amount": str(amount), "ref": ref})
    return entry
