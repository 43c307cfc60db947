"""The five-society linkage summary: per unit and year, what each society brought.

For a unit the user may see and a year, one row per child unit (districts of the city, streets of a
district, communities of a street) plus the unit's own total:

- social organizations active and linked to the unit (registered in it or with a service area in it);
- social workers certified, and full-time community workers with the certified share (Zhejiang: ≥ 60 %);
- volunteers registered (active), volunteers who served in the year, verified service hours;
- time-bank hours and charity points credited in the year;
- donations received in the year: money, goods and services (estimated value), committed and used.

A linkage counts at the level where it is recorded: an organization serving a whole street is counted
in the street's row, not in each community's. Each figure is one grouped query over the unit's code
range (a constant number of queries whatever the number of units). The projects step will add the
societies' participation in projects; the annual assessment (``evaluation``) reads these figures.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from wuse.ledger.models import Entry, EntryKind, SchemeKind
from wuse.regions.levels import ORDER, PREFIX_LENGTH, Level
from wuse.regions.models import Region
from wuse.registry.charity.models import Allocation, AllocationStatus, Donation, DonationKind
from wuse.registry.organizations.models import Organization, OrgStatus, ServiceArea, SocialWorker
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry, Volunteer

ZERO = Decimal("0")
CERTIFIED_TARGET = Decimal("0.60")  # Zhejiang: > 60 % of full-time community workers certified by 2025


@dataclass
class LinkageRow:
    region: Region
    organizations: int = 0
    certified_workers: int = 0
    community_workers: int = 0
    certified_community_workers: int = 0
    volunteers: int = 0
    volunteers_served: int = 0
    hours: Decimal = ZERO
    time_bank_hours: Decimal = ZERO
    points: Decimal = ZERO
    money: Decimal = ZERO
    goods_value: Decimal = ZERO
    donations: int = 0
    committed: Decimal = ZERO
    used: Decimal = ZERO
    _organization_ids: set = field(default_factory=set, repr=False)

    @property
    def certified_share(self) -> Decimal | None:
        if not self.community_workers:
            return None
        return (Decimal(self.certified_community_workers) / self.community_workers).quantize(Decimal("0.001"))

    @property
    def meets_certified_target(self) -> bool | None:
        share = self.certified_share
        return None if share is None else share >= CERTIFIED_TARGET


def _range(prefix: str, column: str) -> Q:
    return Q(**{f"{column}__gte": prefix.ljust(12, "0"), f"{column}__lte": prefix.ljust(12, "9")})


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def child_level(region: Region) -> str | None:
    index = ORDER.index(Level(region.level))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def linkage_summary(region: Region, year: int) -> tuple[list[LinkageRow], LinkageRow]:
    """(one row per child unit, the unit's total) for ``year``. The caller authorizes ``region``."""
    level = child_level(region)
    children = list(Region.objects.filter(parent=region).order_by("code")) if level else []
    width = PREFIX_LENGTH[level] if level else 12
    rows = {child.code[:width]: LinkageRow(child) for child in children}
    total = LinkageRow(region)

    def add(key: str, name: str, value) -> None:
        """Add ``value`` to the child row of ``key`` (a code prefix) and to the total."""
        row = rows.get(key)
        for target in ([row] if row else []) + [total]:
            setattr(target, name, getattr(target, name) + (value or 0))

    scope = region.prefix
    start, end = _year_bounds(year)
    for name, column, queryset, aggregate in _grouped_counts(scope, start, end, year):
        grouped = (queryset.filter(_range(scope, column)).annotate(key=Substr(column, 1, width))
                   .values("key").order_by("key").annotate(value=aggregate))
        for item in grouped:
            add(item["key"], name, item["value"])
    _count_organizations(scope, width, rows, total)
    return list(rows.values()), total


def _grouped_counts(scope: str, start, end, year: int):
    """(row attribute, code column, queryset, aggregate) of every figure that is a plain grouped sum."""
    workers = SocialWorker.objects.filter(active=True)
    verified = ServiceEntry.objects.filter(status=EntryStatus.VERIFIED, started_at__gte=start, started_at__lt=end)
    earned = Entry.objects.filter(kind=EntryKind.EARN, created_at__gte=start, created_at__lt=end)
    donations = Donation.objects.filter(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))
    live = Allocation.objects.exclude(status=AllocationStatus.RELEASED).filter(created_at__gte=start,
                                                                               created_at__lt=end)
    return [
        ("certified_workers", "region_id", workers.exclude(certificate_level=""), Count("id")),
        ("community_workers", "region_id", workers.filter(is_community_worker=True), Count("id")),
        ("certified_community_workers", "region_id",
         workers.filter(is_community_worker=True).exclude(certificate_level=""), Count("id")),
        ("volunteers", "region_id", Volunteer.objects.filter(active=True), Count("id")),
        ("volunteers_served", "region_id", verified, Count("volunteer", distinct=True)),
        ("hours", "region_id", verified, Sum("hours")),
        ("time_bank_hours", "account__region_id", earned.filter(account__scheme__kind=SchemeKind.TIME_BANK),
         Sum("amount")),
        ("points", "account__region_id", earned.filter(account__scheme__kind=SchemeKind.POINTS), Sum("amount")),
        ("money", "region_id", donations.filter(kind=DonationKind.MONEY), Sum("amount")),
        ("goods_value", "region_id", donations.exclude(kind=DonationKind.MONEY), Sum("amount")),
        ("donations", "region_id", donations, Count("id")),
        ("committed", "region_id", live, Sum("amount")),
        ("used", "region_id", live, Sum("used")),
    ]


def _count_organizations(scope: str, width: int, rows: dict[str, LinkageRow], total: LinkageRow) -> None:
    """Active organizations registered in a unit or serving it, each counted once per row."""
    active = Organization.objects.filter(status=OrgStatus.ACTIVE)
    links = list(active.filter(_range(scope, "region_id")).annotate(key=Substr("region_id", 1, width))
                 .values_list("id", "key"))
    links += list(ServiceArea.objects.filter(_range(scope, "region_id"), organization__status=OrgStatus.ACTIVE)
                  .annotate(key=Substr("region_id", 1, width)).values_list("organization_id", "key"))
    per_row: dict[str, set] = defaultdict(set)
    for org_id, key in links:
        per_row[key].add(org_id)
        total._organization_ids.add(org_id)
    for key, ids in per_row.items():
        if key in rows:
            rows[key].organizations = len(ids)
    total.organizations = len(total._organization_ids)
