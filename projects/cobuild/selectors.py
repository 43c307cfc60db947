"""Reads of the co-building lists, always scoped by the access layer."""

from django.db.models import Count, F, Q
from django.utils import timezone

from needs.models import Need
from needs.workflow import ACTIVE_STATES
from projects.models import Project
from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.charity.models import Donor, DonorKind
from wuse.registry.organizations.models import Organization, OrgStatus

from .models import CobuildList, Pledge
from .services.pledges import ENDED_PROJECT_STATES
from .workflow import LIST_PROCESS, PUBLIC_STATES, PUBLISHED

MAX_CHOICES = 300


def list_scope(user, region: Region | None = None) -> access.ScopeParts:
    parts = access.scope_parts(user, "cobuild.view", CobuildList)
    return parts.within(region.prefix) if region is not None else parts


def lists_filtered(*, q: str = "", status: str = "", year: int | None = None):
    lists = CobuildList.objects.for_table()
    if year:
        lists = lists.filter(period_start__year__lte=year, period_end__year__gte=year)
    if q:
        lists = lists.filter(title__icontains=q)
    if status:
        lists = lists.filter(status=status)
    return lists


def lists_for_user(user, region: Region | None = None, **filters):
    parts = list_scope(user, region)
    lists = lists_filtered(**filters)
    if parts.is_global:
        return lists
    return lists.none() if parts.nothing else lists.filter(parts.condition())


def status_counts(parts: access.ScopeParts) -> list[tuple[str, str, int]]:
    rows = CobuildList.objects.order_by()
    if not parts.is_global:
        rows = rows.none() if parts.nothing else rows.filter(parts.condition())
    found = dict(rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(code, label, found.get(code, 0)) for code, label in LIST_PROCESS.choices]


def communities_for(user):
    """The communities where the user may build lists (for the new list's form)."""
    is_global, prefixes = access.prefixes(user, "cobuild.change")
    regions = Region.objects.filter(level=Level.COMMUNITY).order_by("code")
    if is_global:
        return regions[:MAX_CHOICES]
    if not prefixes:
        return regions.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return regions.filter(condition)[:MAX_CHOICES]


def units_for(community_code: str) -> list[tuple[str, str]]:
    """The co-building units a community's list may name: donors (not individuals) and active organizations
    registered in the community or above it, as ``("donor:<id>" | "org:<id>", name)`` choices."""
    chain = [community_code[:n].ljust(12, "0") for n in (4, 6, 9, 12)]
    donors = (Donor.objects.filter(region_id__in=chain).exclude(kind=DonorKind.INDIVIDUAL)
              .order_by("name", "id").values_list("id", "name")[:MAX_CHOICES])
    orgs = (Organization.objects.filter(region_id__in=chain, status=OrgStatus.ACTIVE)
            .order_by("name", "id").values_list("id", "name")[:MAX_CHOICES])
    return [(f"donor:{pk}", name) for pk, name in donors] + [(f"org:{pk}", name) for pk, name in orgs]


def unit_of(choice: str):
    """The Donor or Organization a ``units_for`` choice names, or None."""
    kind, _sep, pk = (choice or "").partition(":")
    if not pk.isdigit():
        return None
    model = {"donor": Donor, "org": Organization}.get(kind)
    return model.objects.filter(pk=int(pk)).select_related("region").first() if model else None


def needs_for(community_code: str):
    return (Need.objects.filter(community_id=community_code, status__in=ACTIVE_STATES)
            .order_by("-created_at", "-id").only("id", "title")[:MAX_CHOICES])


def projects_for(community_code: str):
    return (Project.objects.filter(region_id=community_code).exclude(status__in=ENDED_PROJECT_STATES)
            .order_by("-id").only("id", "title", "code")[:MAX_CHOICES])


def pledges_of(cobuild_list: CobuildList):
    return Pledge.objects.for_table().filter(cobuild_list=cobuild_list).order_by("id")


def due_without_delivery(user):
    """Pledges of published lists whose period has begun and on which nothing was delivered yet."""
    pledges = access.scoped(user, "cobuild.change", Pledge.objects.all())
    return pledges.filter(cobuild_list__status=PUBLISHED, delivered=0,
                          starts_on__lte=timezone.localdate()).order_by("ends_on", "id")


def public_lists_all():
    return CobuildList.objects.filter(status__in=PUBLIC_STATES)


def public_lists(community: Region, *, year: int | None = None):
    """A community's published and closed lists, the newest period first, with their pledges counted (one
    query)."""
    lists = public_lists_all().filter(region=community)
    if year:
        lists = lists.filter(period_start__year__lte=year, period_end__year__gte=year)
    return (lists.annotate(n_pledges=Count("pledges"),
                           n_fulfilled=Count("pledges", filter=Q(pledges__delivered__gte=F("pledges__quantity"))))
            .only("id", "title", "region_id", "period_start", "period_end", "status")
            .order_by("-period_start", "-id"))


def public_pledges(cobuild_list: CobuildList):
    """What the public page shows of each pledge: the unit's public name, never its contact person or phone."""
    return (Pledge.objects.filter(cobuild_list=cobuild_list).select_related("donor", "organization", "need")
            .only("id", "resource", "description", "quantity", "measure", "value", "starts_on", "ends_on",
                  "delivered", "donor__name", "donor__kind", "donor__anonymous", "organization__name",
                  "need__title", "cobuild_list_id").order_by("id"))
