"""Reads of the ledgers, always scoped: through the access layer (which includes a scheme's reach to the
units below it, ``wuse.ledger.access``), or, for a volunteer, their own accounts only.

People are never listed to pick from: a holder is found by the exact phone or ID number, through the
blind indexes of ``Person`` (no decryption, no partial match).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from wuse.access import api as access
from wuse.privacy import ID_NUMBER, PHONE, blind_index, id_number_error, normalize_id_number, normalize_phone
from wuse.privacy.phone import phone_error
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.people.models import Person

from .models import (
    ZERO,
    Account,
    AdjustmentStatus,
    CatalogueItem,
    Entry,
    HolderKind,
    Redemption,
    RedemptionStatus,
    Scheme,
)
from .models import Adjustment as AdjustmentModel
from .services import schemes_covering

# Organization accounts offered as donation targets on one account's page.
DONATION_TARGETS_LIMIT = 200
# The volunteer's recent orders on their page.
OWN_ORDERS_LIMIT = 20
# Pending adjustments shown on an account's statement.
ACCOUNT_ADJUSTMENTS_LIMIT = 10

# ---- finding a person by phone or ID number ------------------------------------------------


def contact_filter(text: str, *, prefix: str = "") -> Q | None:
    """An exact match on the phone's or the ID number's blind index, or None when ``text`` is empty.

    A valid phone number is looked up as a phone; anything else as an ID number (a resident ID card
    normalized first; a passport or permit number as typed, upper case).
    """
    text = (text or "").strip()
    if not text:
        return None
    phone = normalize_phone(text)
    if phone and not phone_error(phone):
        return Q(**{f"{prefix}phone_index": blind_index(phone, purpose=PHONE)})
    number = normalize_id_number(text)
    if not number or id_number_error(number):
        number = " ".join(text.split()).upper()
    return Q(**{f"{prefix}id_index": blind_index(number, purpose=ID_NUMBER)})


def people_by_contact(text: str) -> QuerySet:
    """The registered people with this exact phone or ID number (usually one; a phone may be shared)."""
    condition = contact_filter(text)
    return Person.objects.filter(condition) if condition is not None else Person.objects.none()


# ---- schemes -------------------------------------------------------------------------------


def schemes_for_user(user) -> QuerySet:
    """The schemes the user may see: of their units, below them, and the ones that apply to them from above."""
    return (access.scoped(user, "scheme.view", Scheme.objects.all())
            .select_related("region").order_by("-active", "region__code", "kind", "id"))


def scheme_for_user(user, pk: int, *, action: str | None = None) -> Scheme:
    return access.get_for_user(user, Scheme.objects.select_related("region"), action=action, pk=pk)


def regions_for_schemes(user) -> QuerySet:
    """The districts and communities where the user may run a scheme."""
    return access.scoped(user, "scheme.manage", Region.objects.filter(
        level__in=[Level.DISTRICT, Level.COMMUNITY])).order_by("code")


@dataclass(frozen=True)
class SchemeFigures:
    people: int
    organizations: int
    balance: Decimal
    earned: Decimal
    pool: Decimal


def scheme_figures(user, scheme: Scheme) -> SchemeFigures:
    """Counts and sums over the scheme's accounts the user may see, and the pool's balance (2 queries)."""
    accounts = access.scoped(user, "ledger_account.view", Account.objects.filter(scheme=scheme))
    figures = accounts.exclude(holder_kind=HolderKind.POOL).aggregate(
        people=Count("id", filter=Q(holder_kind=HolderKind.PERSON)),
        organizations=Count("id", filter=Q(holder_kind=HolderKind.ORGANIZATION)),
        balance=Sum("balance"), earned=Sum("earned_total"))
    pool = Account.objects.filter(scheme=scheme, holder_kind=HolderKind.POOL).values_list("balance", flat=True).first()
    return SchemeFigures(people=figures["people"], organizations=figures["organizations"],
                         balance=figures["balance"] or ZERO, earned=figures["earned"] or ZERO, pool=pool or ZERO)


# ---- accounts and statements ---------------------------------------------------------------


def _accounts():
    return Account.objects.select_related("person", "organization", "region")


def accounts_for_scheme(user, scheme: Scheme, *, contact: str = "") -> QuerySet:
    """The scheme's accounts the user may see (not the pool), optionally the one(s) of a phone or ID number."""
    accounts = access.scoped(user, "ledger_account.view", _accounts().filter(scheme=scheme)) \
        .exclude(holder_kind=HolderKind.POOL)
    condition = contact_filter(contact, prefix="person__")
    if condition is not None:
        accounts = accounts.filter(condition)
    return accounts.order_by("-opened_at", "-id")


def account_for_user(user, pk: int, *, action: str | None = None) -> Account:
    return access.get_for_user(user, _accounts().select_related("scheme", "scheme__region"), action=action, pk=pk)


def account_entries(account: Account) -> QuerySet:
    """The statement: the account's entries, newest first, with who wrote each (one query per page)."""
    return (Entry.objects.filter(account=account).select_related("created_by", "approved_by")
            .only("id", "account_id", "seq", "kind", "amount", "balance_after", "ref", "memo", "created_at",
                  "created_by__id", "created_by__username", "created_by__full_name",
                  "approved_by__id", "approved_by__username", "approved_by__full_name")
            .order_by("-seq"))


def cause_label(ref: str) -> str:
    """``volunteers.serviceentry:12`` → ``service entry #12`` (the model's name; no query)."""
    if not ref:
        return ""
    label, _sep, rest = ref.partition(":")
    if "." not in label:
        return ""  # a form's own token (a debit at the counter sent once), not a record
    pk = rest.split("/", 1)[0]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return ref
    return f"{model._meta.verbose_name} #{pk}"


def with_causes(entries):
    """The entries of a page, each with ``cause`` (its reference in words) for the template."""
    rows = list(entries)
    for entry in rows:
        entry.cause = cause_label(entry.ref)
    return rows


def account_pending_adjustments(account: Account) -> list:
    return list(AdjustmentModel.objects.filter(account=account, status=AdjustmentStatus.PENDING)
                .select_related("requested_by").order_by("-requested_at", "-id")[:ACCOUNT_ADJUSTMENTS_LIMIT])


def donation_targets(account: Account) -> list[Account]:
    """Organization accounts of the scheme a balance may be donated to (the pool is offered separately)."""
    return list(Account.objects.filter(scheme_id=account.scheme_id, holder_kind=HolderKind.ORGANIZATION)
                .select_related("organization").only("id", "organization__id", "organization__name")
                .order_by("organization__name", "id")[:DONATION_TARGETS_LIMIT])


def scheme_accounts_by_contact(scheme: Scheme, contact: str) -> list[Account]:
    """The person accounts of the scheme held by whoever has this exact phone or ID number (any unit:
    a transfer goes to a family member wherever they live; only the masked name is shown)."""
    condition = contact_filter(contact, prefix="person__")
    if condition is None:
        return []
    return list(Account.objects.filter(condition, scheme=scheme, holder_kind=HolderKind.PERSON)
                .select_related("person", "scheme")[:2])


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass(frozen=True)
class YearStatement:
    year: int
    opening: Decimal
    entries: list
    closing: Decimal


def year_statement(account: Account, year: int) -> YearStatement:
    """The opening balance (after the last entry before the year), the year's entries, the closing balance."""
    start, end = year_bounds(year)
    before = (Entry.objects.filter(account=account, created_at__lt=start).order_by("-seq")
              .values_list("balance_after", flat=True).first())
    entries = with_causes(account_entries(account).filter(created_at__gte=start, created_at__lt=end)
                          .order_by("seq"))
    opening = before if before is not None else ZERO
    closing = entries[-1].balance_after if entries else opening
    return YearStatement(year=year, opening=opening, entries=entries, closing=closing)


# ---- a volunteer's own accounts ------------------------------------------------------------


def own_accounts(user) -> QuerySet:
    """The accounts of the person linked to the user's sign-in (none for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return Account.objects.none()
    return (_accounts().select_related("scheme", "scheme__region")
            .filter(holder_kind=HolderKind.PERSON, person__user=user).order_by("scheme__kind", "scheme_id"))


def own_account(user, pk: int) -> Account:
    account = own_accounts(user).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def own_shop_items(user) -> QuerySet:
    """Items on offer in the schemes the user holds an account in, in the shops within each scheme's unit."""
    accounts = list(own_accounts(user).values_list("scheme_id", "scheme__region__code", "scheme__region__level"))
    conditions = Q(pk__in=[])
    for scheme_id, code, level in accounts:
        prefix = Region(code=code, level=level).prefix
        conditions |= Q(scheme_id=scheme_id, region__gte=prefix.ljust(12, "0"), region__lte=prefix.ljust(12, "9"))
    return (CatalogueItem.objects.filter(conditions, active=True).select_related("scheme", "region")
            .order_by("region__code", "price", "name", "id"))


def own_redemptions(user) -> list[Redemption]:
    return list(Redemption.objects.filter(account__in=own_accounts(user).values("pk"))
                .select_related("item", "region").order_by("-placed_at", "-id")[:OWN_ORDERS_LIMIT])


# ---- the shop ------------------------------------------------------------------------------


def shop_items(user, *, show: str = "offer") -> QuerySet:
    """The catalogue items of the user's shops: on offer (default), off offer, or all."""
    items = access.scoped(user, "catalogue_item.view", CatalogueItem.objects.select_related("scheme", "region"))
    if show == "offer":
        items = items.filter(active=True)
    elif show == "off":
        items = items.filter(active=False)
    return items.order_by("region__code", "-active", "price", "name", "id")


def item_for_user(user, pk: int, *, action: str | None = None) -> CatalogueItem:
    return access.get_for_user(user, CatalogueItem.objects.select_related("scheme", "scheme__region", "region"),
                               action=action, pk=pk)


def shops_for_user(user) -> QuerySet:
    """The communities whose shop the user runs."""
    return access.scoped(user, "catalogue_item.manage", Region.objects.of_level(Level.COMMUNITY)).order_by("code")


def schemes_for_shops(regions) -> list[Scheme]:
    """The active schemes that apply in any of these communities (their items are priced in one of them)."""
    found: dict[int, Scheme] = {}
    for region in regions:
        for scheme in schemes_covering(region):
            found.setdefault(scheme.pk, scheme)
    return sorted(found.values(), key=lambda scheme: (scheme.region_id, scheme.kind))


def counter_account(user, item: CatalogueItem, contact: str) -> list[Account]:
    """The resident accounts in the item's scheme with this phone or ID number that the user may serve."""
    condition = contact_filter(contact, prefix="person__")
    if condition is None:
        return []
    accounts = Account.objects.filter(condition, scheme_id=item.scheme_id, holder_kind=HolderKind.PERSON)
    return list(access.scoped(user, "ledger_account.view", accounts).select_related("person", "scheme")[:2])


def redemptions_for_user(user, *, status: str = "") -> QuerySet:
    orders = access.scoped(user, "redemption.view", Redemption.objects.select_related(
        "item", "region", "account", "account__person", "account__scheme", "placed_by"))
    if status in RedemptionStatus.values:
        orders = orders.filter(status=status)
    return orders.order_by("-placed_at", "-id")


def redemption_for_user(user, pk: int, *, action: str | None = None) -> Redemption:
    return access.get_for_user(user, Redemption.objects.select_related("item", "account", "account__scheme",
                                                                       "account__person"), action=action, pk=pk)


# ---- adjustments ---------------------------------------------------------------------------


def adjustments_for_user(user, *, status: str = AdjustmentStatus.PENDING) -> QuerySet:
    adjustments = access.scoped(user, "ledger_adjustment.view", AdjustmentModel.objects.select_related(
        "account", "account__person", "account__organization", "account__scheme", "requested_by", "decided_by"))
    if status in AdjustmentStatus.values:
        adjustments = adjustments.filter(status=status)
    return adjustments.order_by("-requested_at", "-id")


def adjustment_for_user(user, pk: int, *, action: str | None = None):
    return access.get_for_user(user, AdjustmentModel.objects.select_related("account", "account__scheme"),
                               action=action, pk=pk)
