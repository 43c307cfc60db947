"""Reads of organizations, always through ``wuse.access`` (the table plus the organizations' reach: the units
they serve and their own members, ``..access``), and the units offered by the forms' choices.

Every list is one query for its rows plus a fixed number of prefetches, whatever the number of rows.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q

from wuse.access import api as access
from wuse.regions.levels import DEPTH, PREFIX_LENGTH, Level
from wuse.regions.models import Region
from wuse.registry.codes import normalize_code

from ..access import ancestor_codes
from ..models import (
    Organization,
    OrganizationDocument,
    OrganizationMember,
    OrgStatus,
    ServiceArea,
    ServiceField,
    SocialWorker,
)
from ..services.organizations import REGISTERING_LEVELS

_LEVEL_OF_LENGTH = {length: level for level, length in PREFIX_LENGTH.items()}


def code_range(prefix: str) -> tuple[str, str]:
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def units_for_choice(user, action: str, *, levels=None, depth: int = 2, include=()):
    """The units where the user holds ``action`` down to ``depth`` levels below each of their units
    (a city: its districts and streets; a street: its communities), for a choice; plus ``include``."""
    is_global, prefixes = access.prefixes(user, action)
    if is_global:
        prefixes = sorted({code[:4] for code in Region.objects.of_level(Level.CITY).values_list("code", flat=True)})
    condition = Q(code__in=[unit.code if isinstance(unit, Region) else unit for unit in include])
    for prefix in prefixes:
        low, high = code_range(prefix)
        top = DEPTH[_LEVEL_OF_LENGTH[len(prefix)]]
        allowed = [level for level, d in DEPTH.items() if top <= d <= top + depth and (not levels or level in levels)]
        condition |= Q(code__gte=low, code__lte=high, level__in=allowed)
    return Region.objects.filter(condition).order_by("code")


# ------------------------------------------------------------------------------------------ organizations


@dataclass(frozen=True)
class OrganizationFilters:
    kind: str = ""
    status: str = ""
    rating: str = ""
    field: ServiceField | None = None
    region: Region | None = None
    relation: str = ""  # "" (registered or serving), "registered", "serving"
    q: str = ""


def serving(region: Region) -> Exists:
    """Organizations serving ``region``: a service area inside it, or above it (a street-wide area serves
    every community of the street)."""
    low, high = code_range(region.prefix)
    areas = ServiceArea.objects.filter(Q(region__gte=low, region__lte=high)
                                       | Q(region__in=ancestor_codes(region.prefix)))
    return Exists(areas.filter(organization=OuterRef("pk")))


def organizations_for_user(user, filters: OrganizationFilters | None = None):
    """The organizations the user may see, narrowed by the list's filters, by name."""
    f = filters or OrganizationFilters()
    organizations = access.scoped(user, "organization.view", Organization.objects.all())
    for name in ("kind", "status", "rating"):
        if getattr(f, name):
            organizations = organizations.filter(**{name: getattr(f, name)})
    if f.field is not None:
        organizations = organizations.filter(Exists(Organization.fields.through.objects.filter(
            organization_id=OuterRef("pk"), servicefield_id=f.field.pk)))
    if f.region is not None:
        low, high = code_range(f.region.prefix)
        registered = Q(region__gte=low, region__lte=high)
        condition = {"registered": registered, "serving": Q(serving(f.region))}.get(
            f.relation, registered | Q(serving(f.region)))
        organizations = organizations.filter(condition)
    if f.q:
        code = normalize_code(f.q)
        organizations = organizations.filter(Q(name__icontains=f.q) | Q(credit_code=code)
                                             | Q(filing_number__icontains=f.q))
    return (organizations.select_related("region")
            .prefetch_related(Prefetch("fields", queryset=ServiceField.objects.order_by("order", "code")),
                              Prefetch("areas", queryset=ServiceArea.objects.select_related("region")
                                       .only("id", "organization_id", "region__code", "region__name",
                                             "region__level").order_by("region_id")))
            .order_by("name", "id"))


def organization_for_user(user, pk: int, *, action: str | None = None) -> Organization:
    """One organization the user may see (404 otherwise, like a missing one), then ``action`` (403)."""
    return access.get_for_user(user, Organization.objects.select_related("region", "created_by"), pk=pk,
                               action=action)


def organization_areas(organization: Organization):
    return ServiceArea.objects.filter(organization=organization).select_related("region").order_by("region_id")


def organization_fields(organization: Organization):
    return organization.fields.order_by("order", "code")


def organization_members(organization: Organization):
    return (OrganizationMember.objects.filter(organization=organization).select_related("user")
            .only("id", "role", "added_at", "organization_id", "user__id", "user__username", "user__full_name")
            .order_by("user__username"))


def organization_documents(organization: Organization):
    return OrganizationDocument.objects.filter(organization=organization).only(
        "id", "kind", "title", "file", "valid_until", "uploaded_at", "organization_id").order_by("-uploaded_at", "-id")


def organization_document(organization: Organization, pk: int) -> OrganizationDocument | None:
    return OrganizationDocument.objects.filter(organization=organization, pk=pk).select_related(
        "organization").first()


def organization_social_workers(user, organization: Organization):
    """The organization's social workers whom the user may see (active first)."""
    return (access.scoped(user, "social_worker.view", SocialWorker.objects.filter(employer=organization))
            .select_related("person", "region").order_by("-active", "region_id", "id"))


def my_memberships(user):
    """The user's OrganizationMember rows with their organizations (the "My organization" page)."""
    return (OrganizationMember.objects.filter(user=user).select_related("organization", "organization__region")
            .order_by("organization__name", "organization_id"))


def registering_units(user, include=()):
    """Units where the user may register organizations: cities, districts, streets."""
    return units_for_choice(user, "organization.create", levels=REGISTERING_LEVELS, include=include)


def service_area_units(user, include=()):
    """Units the user can see, down to two levels below their own, for the service areas."""
    return units_for_choice(user, "region.view", include=include)


def filter_units(user, include=()):
    """Units offered by the list's "unit" filter."""
    return units_for_choice(user, "organization.view", include=include)


def employers_for(user, include=None):
    """Active organizations the user may see, for a social worker's employer (plus the current one)."""
    organizations = access.scoped(user, "organization.view", Organization.objects.filter(status=OrgStatus.ACTIVE))
    if include is not None:
        organizations = organizations | Organization.objects.filter(pk=include.pk)
    return organizations.only("id", "name").order_by("name", "id")
