"""Reads of the charitable-resource registry, always through the access layer.

For the linkage summary (the lead's per-unit figures), two functions take any queryset of donations
(scope it first: ``access.scoped(user, "donation.view", Donation.objects.all())``, or
``donations_within(region)`` for a unit and everything below it) and a year:

- ``charity_totals(donations, year) -> dict``: ``money`` (Decimal, money donations), ``goods_value``
  (Decimal, estimated value of goods and services), ``value`` (both), ``donations`` (int),
  ``committed`` and ``used`` (Decimal). One query. ``year=None``: all years.
- ``charity_totals_by_unit(donations, year, level) -> {12-digit code: that dict}``: the same figures
  grouped by the receiving unit's ancestor of ``level`` (``"community"``, ``"street"``, ``"district"``,
  ``"city"``), in one query; units without donations are absent.

Example: ``charity_totals(donations_within(street), 2026)`` or
``charity_totals_by_unit(access.scoped(user, "donation.view", Donation.objects.all()), 2026, "street")``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, RPad, Substr

from wuse.access import api as access
from wuse.regions.levels import PREFIX_LENGTH, Level
from wuse.regions.models import Region

from .models import Allocation, Donation, DonationKind, Donor, DonorKind, ResourceList

ZERO = Decimal("0")
DONATIONS_PER_DONOR = 50


def donations_within(region: Region, queryset=None):
    """Donations received by ``region`` or any unit below it (one index range)."""
    queryset = Donation.objects.all() if queryset is None else queryset
    low, high = region.prefix.ljust(12, "0"), region.prefix.ljust(12, "9")
    return queryset.filter(region__gte=low, region__lte=high)


# --- totals for the linkage summary -------------------------------------------------------------

def _money_sum(expression_filter=None):
    field = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Sum("amount", filter=expression_filter, output_field=field), Value(ZERO), output_field=field)


def _aggregates() -> dict:
    field = DecimalField(max_digits=14, decimal_places=2)
    return {
        "money": _money_sum(Q(kind=DonationKind.MONEY)),
        "goods_value": _money_sum(~Q(kind=DonationKind.MONEY)),
        "value": _money_sum(),
        "donations": Count("id"),
        "committed": Coalesce(Sum("committed", output_field=field), Value(ZERO), output_field=field),
        "used": Coalesce(Sum("used", output_field=field), Value(ZERO), output_field=field),
    }


def _in_year(donations, year):
    return donations if year is None else donations.filter(received_on__year=int(year))


def charity_totals(donations, year: int | None = None) -> dict:
    """money, goods_value, value, donations, committed, used of ``donations`` (in ``year``)."""
    return _in_year(donations, year).order_by().aggregate(**_aggregates())


def charity_totals_by_unit(donations, year: int | None, level: str = Level.COMMUNITY) -> dict[str, dict]:
    """The totals per unit of ``level`` (keyed by its 12-digit code)."""
    length = PREFIX_LENGTH[Level(level)]
    rows = (_in_year(donations, year).order_by()
            .annotate(unit_code=RPad(Substr("region_id", 1, length), 12, Value("0")))
            .values("unit_code").annotate(**_aggregates()))
    return {row.pop("unit_code"): row for row in rows}


# --- donors -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonorFilters:
    kind: str = ""
    q: str = ""


def donors_for_user(user, filters: DonorFilters | None = None):
    f = filters or DonorFilters()
    donors = access.scoped(user, "donor.view", Donor.objects.all())
    if f.kind:
        donors = donors.filter(kind=f.kind)
    if f.q:
        donors = donors.filter(Q(name__icontains=f.q) | Q(credit_code=f.q.upper()))
    return donors.select_related("region", "host_foundation").order_by("name", "id")


def donor_detail_queryset():
    return Donor.objects.select_related("region", "host_foundation", "created_by")


def host_foundations(user):
    """The foundations the user may name as the host of a community charity fund."""
    return access.scoped(user, "donor.view", Donor.objects.filter(kind=DonorKind.FOUNDATION)).order_by("name", "id")


def donors_for_donation(user):
    """The donors the user may record a donation from."""
    return access.scoped(user, "donor.view", Donor.objects.all()).order_by("name", "id")


def donor_donations(user, donor: Donor):
    """The donor's donations the user may see, newest first (the first ``DONATIONS_PER_DONOR``)."""
    return (access.scoped(user, "donation.view", Donation.objects.filter(donor=donor))
            .select_related("region").order_by("-received_on", "-id")[:DONATIONS_PER_DONOR])


def hosted_funds(user, donor: Donor):
    return access.scoped(user, "donor.view", donor.hosted_funds.all()).select_related("region").order_by("name")


def units_for(user, action: str):
    """The streets and communities where the user holds ``action`` (receiving units, registers)."""
    return access.scoped(user, action, Region.objects.filter(level__in=[Level.STREET, Level.COMMUNITY])
                         ).order_by("code")


# --- donations ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonationFilters:
    kind: str = ""
    year: int | None = None
    donor: int | None = None


def donations_for_user(user, filters: DonationFilters | None = None):
    f = filters or DonationFilters()
    donations = access.scoped(user, "donation.view", Donation.objects.all())
    if f.kind:
        donations = donations.filter(kind=f.kind)
    if f.year:
        donations = donations.filter(received_on__year=f.year)
    if f.donor:
        donations = donations.filter(donor_id=f.donor)
    return donations


def donations_table(donations):
    return donations.select_related("donor", "region").order_by("-received_on", "-id")


def donation_detail_queryset():
    return Donation.objects.select_related("donor", "donor__host_foundation", "region", "recorded_by")


def donation_allocations(donation: Donation):
    """The donation's allocations, newest first. They lie within the donation's unit, so whoever may
    see the donation may see them."""
    return donation.allocations.select_related("region", "created_by").order_by("-created_at", "-id")


# --- resource lists -----------------------------------------------------------------------------

def units_with_donations(user, year: int):
    """The receiving communities of ``year``'s donations the user may see, with their totals and the number
    of the latest published version of their resource list (``published``, None if not published), in one
    query. Every published list has a row: publishing needs donations of that year, and donations stay."""
    donations = access.scoped(user, "resource_list.view", Donation.objects.filter(
        received_on__year=year, region__level=Level.COMMUNITY))
    latest = (ResourceList.objects.filter(region=OuterRef("region_id"), year=year).order_by("-number")
              .values("number")[:1])
    return (donations.order_by().values("region_id", "region__name")
            .annotate(published=Subquery(latest), **_aggregates()).order_by("region_id"))


def allocations_of(target_model, target_id, user):
    """Allocations made to one target (for a step's page), those the user may see."""
    from django.contrib.contenttypes.models import ContentType

    return (access.scoped(user, "allocation.view", Allocation.objects.filter(
        target_type=ContentType.objects.get_for_model(target_model), target_id=target_id))
        .select_related("donation__donor").order_by("-created_at", "-id"))
