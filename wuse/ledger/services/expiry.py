"""Expiry: credits older than the scheme's expiry that were not used are written off, oldest first."""

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record

from ..models import ZERO, Account, Entry, EntryKind, HolderKind
from .accounts import append, lock


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
    account = lock(account)[account.pk]
    cutoff = months_before(now or timezone.now(), months)
    sums = Entry.objects.filter(account=account).aggregate(
        old_credits=Sum("amount", filter=Q(amount__gt=0, created_at__lte=cutoff)),
        debits=Sum("amount", filter=Q(amount__lt=0)))
    unused = (sums["old_credits"] or ZERO) + (sums["debits"] or ZERO)
    amount = min(unused, account.balance)
    if amount <= 0:
        return None
    entry = append(account, EntryKind.EXPIRE, -amount, user=user,
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
