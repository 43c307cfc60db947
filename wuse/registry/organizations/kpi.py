"""Figures per unit for the linkage summary and the social-worker KPI.

The caller authorizes: pass a prefix (or a queryset already scoped with ``wuse.access``) of units the
user may see (``organization.view`` / ``social_worker.view``). Each function runs one or two queries
whatever the number of units, and returns ``{unit code: figure}`` keyed by the full 12-digit code of
the unit at ``level`` (units with nothing to count are absent: read them as 0).

- ``certified_share(scope, level=…, year=…)`` → ``{code: Share(certified, total)}``: full-time community
  workers (专职社区工作者) in post, and those of them holding a social-work certificate. Zhejiang's target
  is a certified share of at least 60 % (``TARGET``).
- ``certified_share_of_units(units, scope=…)`` → ``[(unit, Share)]``: the same for each given unit and
  everything below it (one query), as on the social-worker list.
- ``organizations_registered(prefix, level=…, year=…)``: active organizations registered (or filed) with
  the unit or below it.
- ``organizations_serving(prefix, level=…, year=…)``: active organizations serving the unit: a service
  area inside it or above it (a street-wide organization counts for each of the street's communities).
- ``certified_social_workers(prefix, level=…, year=…)``: social workers in post holding a certificate
  obtained in ``year`` or before (community workers and the others).
- ``community_workers(prefix, level=…, year=…)``: full-time community workers in post.
- ``linkage_counts(prefix, level=…, year=…)`` → ``{code: UnitFigures}``: all of the above at once.

``year``: records registered in wuse by the end of that year (and certificates obtained by then). The
registry keeps the *current* status and post, not their history: an organization suspended today is not
counted in past years either; the figures of a closed year are frozen by the annual assessment's summary
tables, not here.

Records kept at a unit above ``level`` appear under that unit's own code: social workers of a street's
station, grouped by community, under the street's code; an organization registered with the city,
grouped by district, under the city's code.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from wuse.regions.levels import PREFIX_LENGTH, Level
from wuse.regions.models import Region

from .access import ancestor_codes
from .models import Organization, OrgStatus, ServiceArea, SocialWorker

TARGET = 0.6  # Zhejiang: at least 60 % of full-time community workers hold a social-work certificate


@dataclass(frozen=True)
class Share:
    certified: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return self.certified / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return None if self.total == 0 else round(100 * self.certified / self.total)

    @property
    def meets_target(self) -> bool:
        return self.total > 0 and self.certified >= TARGET * self.total

    def __iter__(self):  # (certified, total, share), as a tuple
        return iter((self.certified, self.total, self.share))


@dataclass(frozen=True)
class UnitFigures:
    organizations_registered: int = 0
    organizations_serving: int = 0
    certified_social_workers: int = 0
    community_workers: int = 0
    certified_community_workers: int = 0


def _range(prefix: str) -> tuple[str, str]:
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def _year_end(year: int | None):
    """The first moment after ``year`` (records created before it count), or None for "now"."""
    if year is None:
        return None
    return timezone.make_aware(dt.datetime(year + 1, 1, 1))


def _grouped(queryset: QuerySet, field: str, level: str, **aggregates) -> dict[str, dict]:
    length = PREFIX_LENGTH[level]
    rows = (queryset.order_by().annotate(_unit=Substr(field, 1, length)).values("_unit")
            .annotate(**aggregates))
    return {row["_unit"].ljust(12, "0"): row for row in rows}


def _workers(scope, year: int | None) -> QuerySet:
    workers = scope if isinstance(scope, QuerySet) else SocialWorker.objects.filter(
        region__gte=_range(scope)[0], region__lte=_range(scope)[1])
    workers = workers.filter(active=True)
    if (end := _year_end(year)) is not None:
        workers = workers.filter(created_at__lt=end)
    return workers


def _certified(year: int | None) -> Q:
    certified = ~Q(certificate_level="")
    return certified & Q(certified_year__lte=year) if year is not None else certified


def certified_share(scope, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, Share]:
    """Certified full-time community workers per unit at ``level``: ``{code: Share}`` (one query).

    ``scope``: a SocialWorker queryset already scoped for the user, or a division-code prefix."""
    workers = _workers(scope, year).filter(is_community_worker=True)
    rows = _grouped(workers, "region_id", level, total=Count("id"), certified=Count("id", filter=_certified(year)))
    return {code: Share(row["certified"], row["total"]) for code, row in rows.items()}


def certified_share_of_units(units, *, scope: QuerySet | None = None, year: int | None = None
                             ) -> list[tuple[Region, Share]]:
    """``[(unit, Share)]`` for each unit and everything below it, in one query."""
    units = list(units)
    if not units:
        return []
    workers = _workers(scope if scope is not None else SocialWorker.objects.all(), year).filter(
        is_community_worker=True)
    aggregates = {}
    for index, unit in enumerate(units):
        low, high = _range(unit.prefix)
        inside = Q(region__gte=low, region__lte=high)
        aggregates[f"t{index}"] = Count("id", filter=inside)
        aggregates[f"c{index}"] = Count("id", filter=inside & _certified(year))
    totals = workers.order_by().aggregate(**aggregates)
    return [(unit, Share(totals[f"c{index}"], totals[f"t{index}"])) for index, unit in enumerate(units)]


def _active_organizations(year: int | None, path: str = "") -> dict:
    """Lookups for active organizations registered by the end of ``year`` (``path``: the way to them)."""
    lookups = {f"{path}status": OrgStatus.ACTIVE}
    if (end := _year_end(year)) is not None:
        lookups[f"{path}created_at__lt"] = end
    return lookups


def organizations_registered(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    low, high = _range(prefix)
    organizations = Organization.objects.filter(**_active_organizations(year), region__gte=low, region__lte=high)
    return {code: row["n"] for code, row in _grouped(organizations, "region_id", level, n=Count("id")).items()}


def organizations_serving(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    """Distinct active organizations serving each unit at ``level`` under ``prefix`` (two queries)."""
    length = PREFIX_LENGTH[level]
    low, high = _range(prefix)
    areas = (ServiceArea.objects.filter(Q(region__gte=low, region__lte=high) | Q(region__in=ancestor_codes(prefix)))
             .filter(**_active_organizations(year, "organization__"))
             .values_list("organization_id", "region_id", "region__level"))
    below: dict[str, set[int]] = defaultdict(set)  # unit prefix at `level` → organizations serving inside it
    above: dict[str, set[int]] = defaultdict(set)  # unit code above `level` → organizations serving all of it
    for organization, code, area_level in areas:
        if PREFIX_LENGTH[area_level] >= length:
            below[code[:length]].add(organization)
        else:
            above[code].add(organization)
    units = Region.objects.filter(level=level, code__gte=low, code__lte=high).values_list("code", flat=True)
    result = {}
    for code in units:
        found = set(below.get(code[:length], ()))
        for ancestor in ancestor_codes(code[:length]):
            found |= above.get(ancestor, set())
        if found:
            result[code] = len(found)
    return result


def certified_social_workers(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None
                             ) -> dict[str, int]:
    workers = _workers(prefix, year).filter(_certified(year))
    return {code: row["n"] for code, row in _grouped(workers, "region_id", level, n=Count("id")).items()}


def community_workers(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None) -> dict[str, int]:
    workers = _workers(prefix, year).filter(is_community_worker=True)
    return {code: row["n"] for code, row in _grouped(workers, "region_id", level, n=Count("id")).items()}


def linkage_counts(prefix: str, *, level: str = Level.COMMUNITY, year: int | None = None
                   ) -> dict[str, UnitFigures]:
    """Every figure above per unit at ``level`` under ``prefix`` (five queries)."""
    registered = organizations_registered(prefix, level=level, year=year)
    served = organizations_serving(prefix, level=level, year=year)
    certified = certified_social_workers(prefix, level=level, year=year)
    shares = certified_share(prefix, level=level, year=year)
    codes = set(registered) | set(served) | set(certified) | set(shares)
    return {code: UnitFigures(
        organizations_registered=registered.get(code, 0), organizations_serving=served.get(code, 0),
        certified_social_workers=certified.get(code, 0), community_workers=shares.get(code, Share()).total,
        certified_community_workers=shares.get(code, Share()).certified) for code in sorted(codes)}
