"""Reads of social workers (社会工作者 and 专职社区工作者), always through the access layer."""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .. import kpi
from ..models import SocialWorker
from .organizations import code_range, units_for_choice


@dataclass(frozen=True)
class WorkerFilters:
    level: str = ""
    certified: str = ""  # "yes" / "no"
    community_worker: str = ""  # "yes" / "no"
    active: str = ""  # "yes" / "no"
    region: Region | None = None
    q: str = ""


def workers_for_user(user, filters: WorkerFilters | None = None):
    """The social workers the user may see, narrowed by the list's filters."""
    f = filters or WorkerFilters()
    workers = access.scoped(user, "social_worker.view", SocialWorker.objects.all())
    if f.level:
        workers = workers.filter(certificate_level=f.level)
    if f.certified:
        workers = workers.exclude(certificate_level="") if f.certified == "yes" else workers.filter(
            certificate_level="")
    if f.community_worker:
        workers = workers.filter(is_community_worker=f.community_worker == "yes")
    if f.active:
        workers = workers.filter(active=f.active == "yes")
    if f.region is not None:
        low, high = code_range(f.region.prefix)
        workers = workers.filter(region__gte=low, region__lte=high)
    if f.q:
        workers = workers.filter(person__name__icontains=f.q)
    return (workers.select_related("person", "region", "employer")
            .only("id", "region_id", "is_community_worker", "certificate_level", "certified_year", "active",
                  "person__id", "person__name", "person__region_id", "region__code", "region__name",
                  "region__level", "employer__id", "employer__name")
            .order_by("region_id", "person__name", "id"))


def worker_for_user(user, pk: int, *, action: str | None = None) -> SocialWorker:
    return access.get_for_user(user, SocialWorker.objects.select_related("person", "person__region", "region",
                                                                         "employer", "created_by"),
                               pk=pk, action=action)


def workplaces_for(user, action: str = "social_worker.create", include=()):
    """Stations (streets) and communities where the user may register social workers."""
    return units_for_choice(user, action, levels=(Level.STREET, Level.COMMUNITY), include=include)


def home_communities_for(user, action: str = "social_worker.create", include=()):
    """Communities where the user may register a person (the person's home community)."""
    communities = access.scoped(user, action, Region.objects.of_level(Level.COMMUNITY))
    if include:
        communities = communities | Region.objects.filter(code__in=[u.code for u in include])
    return communities.order_by("code")


def filter_units(user, include=()):
    return units_for_choice(user, "social_worker.view", include=include)


def certified_share_rows(user, region: Region | None = None) -> list:
    """The KPI table: the chosen unit, or the user's own units, each followed by the units just below it
    that have community workers; each counted at its own level (``kpi.certified_share_rows``)."""
    if region is not None:
        tops = [region]
    else:
        _global, prefixes = access.prefixes(user, "social_worker.view")
        tops = list(Region.objects.filter(code__in=[prefix.ljust(12, "0") for prefix in prefixes]).order_by("code"))
    children = defaultdict(list)
    for unit in Region.objects.filter(parent_id__in=[top.code for top in tops]).order_by("code"):
        children[unit.parent_id].append(unit)
    rows = []
    for top in tops:
        rows += [(unit, cell) for unit, cell in kpi.certified_share_rows(top, children[top.code])
                 if cell.value.whole or unit is top]
    return rows


@dataclass(frozen=True)
class Links:
    """What a social worker is linked to in the volunteer registry, as far as it exists (no made-up figures)."""

    is_volunteer: bool = False
    team_count: int = 0  # active teams the worker belongs to (or leads) as a registered volunteer
    employer_team_count: int = 0  # volunteer teams run by the worker's employer
    available: bool = False  # whether the volunteer registry is installed at all


def worker_links(worker: SocialWorker) -> Links:
    """The worker's own volunteer record and teams, and the volunteer teams of their employer (≤ 3 queries)."""
    if not apps.is_installed("wuse.registry.volunteers"):
        return Links()
    volunteer_model = apps.get_model("volunteers", "Volunteer")
    team_model = apps.get_model("volunteers", "VolunteerTeam")
    volunteer = volunteer_model.objects.filter(person_id=worker.person_id).only("id").first()
    teams = team_model.objects.filter(
        Q(memberships__volunteer=volunteer, memberships__left_on__isnull=True) | Q(leader=volunteer),
        active=True).distinct().count() if volunteer else 0
    employer_teams = team_model.objects.filter(organization_id=worker.employer_id, active=True).count() \
        if worker.employer_id else 0
    return Links(is_volunteer=volunteer is not None, team_count=teams, employer_team_count=employer_teams,
                 available=True)
