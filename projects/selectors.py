"""Reads of projects, always through the access layer."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from needs.meetings.models import Meeting
from needs.models import Need
from needs.workflow import LISTED
from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.charity.models import Donor
from wuse.registry.organizations.access import member_organization_ids
from wuse.registry.organizations.models import (
    Organization,
    OrgStatus,
    ServiceArea,
    SocialWorker,
)
from wuse.registry.volunteers.models import VolunteerTeam

from .choices import ParticipantKind
from .models import CoDesignRecord, Participant, Project, ProjectNeed
from .workflow import PROJECT_PROCESS, PUBLIC_STATES

# How many choices a "link" select offers (the unit's newest first; narrow by the unit's page otherwise).
CHOICE_LIMIT = 200


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    status: str = ""
    vehicle: str = ""
    focus_area: str = ""
    linkage_mode: str = ""
    undertaker: int | None = None
    year: int | None = None
    region: Region | None = None


def list_scope(user, region: Region | None = None) -> access.ScopeParts:
    """Where the list reads for the user (``region``: the authorized drill-down), for ``keyset_page``."""
    parts = access.scope_parts(user, "project.view", Project)
    return parts.within(region.prefix) if region is not None else parts


def projects_filtered(f: ProjectFilters):
    """The list's filters on all projects, the scope not applied (``list_scope`` says where to read)."""
    projects = Project.objects.for_table()
    if f.q:
        projects = projects.filter(Q(title__icontains=f.q) | Q(code__icontains=f.q))
    exact = {"status": f.status, "vehicle": f.vehicle, "focus_area": f.focus_area, "linkage_mode": f.linkage_mode,
             "undertaker_id": f.undertaker, "year": f.year}
    return projects.filter(**{k: v for k, v in exact.items() if v})


def projects_for_user(user, filters: ProjectFilters | None = None):
    f = filters or ProjectFilters()
    parts = list_scope(user, f.region)
    projects = projects_filtered(f)
    if parts.is_global:
        return projects
    return projects.none() if parts.nothing else projects.filter(parts.condition())


def status_counts(parts: access.ScopeParts) -> list[tuple[str, str, int]]:
    """(state, label, n) of the projects in the scope. A plain GROUP BY over the scoped rows: a unit holds a few
    hundred projects at most and the whole city ~100,000, read through the (region, status, …) index; a summary
    table kept by triggers (as needs have) is the step to take if the city-wide count ever shows in the bench."""
    rows = Project.objects.order_by()
    if not parts.is_global:
        rows = rows.none() if parts.nothing else rows.filter(parts.condition())
    found = dict(rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(code, label, found.get(code, 0)) for code, label in PROJECT_PROCESS.choices]


def waiting(user, action: str, status: str):
    """The projects in ``status`` on which the user holds ``action`` (the home page's queues)."""
    return access.scoped(user, action, Project.objects.filter(status=status))


def mine(user):
    """"My projects": those undertaken by an organization the user is a member of."""
    return Project.objects.for_table().filter(undertaker_id__in=member_organization_ids(user))


def undertaker_choices(user) -> list[tuple[int, str]]:
    """The organizations undertaking some project in the user's scope (the list's filter), by name."""
    parts = list_scope(user)
    projects = Project.objects.filter(undertaker__isnull=False)
    if not parts.is_global:
        projects = projects.none() if parts.nothing else projects.filter(parts.condition())
    return list(Organization.objects.filter(pk__in=projects.values("undertaker")).order_by("name")
                .values_list("id", "name")[:CHOICE_LIMIT])


def units_for_create(user):
    """The communities and streets where the user may plan projects."""
    return access.scoped(user, "project.create", Region.objects.filter(level__in=(Level.COMMUNITY, Level.STREET)))


def _in_units(project_or_units, column: str) -> Q:
    if isinstance(project_or_units, Project):
        low, high = project_or_units.linkable_units()
        return Q(**{f"{column}__gte": low, f"{column}__lte": high})
    condition = Q(pk__in=[])
    for unit in project_or_units:
        condition |= Q(**{f"{column}__gte": unit.prefix.ljust(12, "0"), f"{column}__lte": unit.prefix.ljust(12, "9")})
    return condition


def linkable_needs(user, where) -> list[Need]:
    """Listed needs (纳入清单) of a project's communities — or of the units a new project may be planned in —
    that the user may see, newest first."""
    needs = access.scoped(user, "need.view", Need.objects.filter(_in_units(where, "community"), status=LISTED))
    return list(needs.select_related("community").only("id", "title", "description", "community__name")
                .order_by("-created_at", "-id")[:CHOICE_LIMIT])


def linked_needs(project: Project):
    return (ProjectNeed.objects.filter(project=project).select_related("need__community", "need__category")
            .order_by("released", "id"))


def _bounded(queryset, *order):
    """The first ``CHOICE_LIMIT`` rows of ``queryset`` as a queryset a form field can still validate a choice
    against (a sliced queryset cannot be filtered)."""
    keys = queryset.order_by(*order).values("pk")[:CHOICE_LIMIT]
    return queryset.model._default_manager.filter(pk__in=keys).order_by(*order)


def linkable_meetings(user, project: Project):
    meetings = access.scoped(user, "meeting.view", Meeting.objects.filter(_in_units(project, "community")))
    return _bounded(meetings, "-held_on", "-id").select_related("community")


def codesign_records(project: Project):
    return CoDesignRecord.objects.filter(project=project).select_related("meeting", "recorded_by").order_by(
        "held_on", "id")


def participants(project: Project):
    return (Participant.objects.filter(project=project)
            .select_related("organization", "social_worker__person", "volunteer_team", "donor").order_by("kind", "id"))


def _serving_district(project: Project) -> Q:
    """Organizations registered in the project's district, serving a unit in it, or registered above it."""
    low, high = project.district[:6].ljust(12, "0"), project.district[:6].ljust(12, "9")
    serves = ServiceArea.objects.filter(organization=OuterRef("pk"), region__gte=low, region__lte=high)
    return Q(region__gte=low, region__lte=high) | Q(Exists(serves)) | Q(region__in=project.region.ancestor_codes())


def party_choices(user, project: Project) -> dict[str, object]:
    """What each kind of participant may be chosen from: registry records of the project's district the user
    may see (bounded)."""
    low, high = project.district[:6].ljust(12, "0"), project.district[:6].ljust(12, "9")
    near = {"region__gte": low, "region__lte": high}
    return {
        ParticipantKind.ORGANIZATION: _bounded(access.scoped(user, "organization.view", Organization.objects.filter(
            _serving_district(project))), "name", "id"),
        ParticipantKind.SOCIAL_WORKER: _bounded(access.scoped(user, "social_worker.view", SocialWorker.objects.filter(
            active=True, **near)), "id").select_related("person"),
        ParticipantKind.VOLUNTEER_TEAM: _bounded(access.scoped(user, "volunteer_team.view", VolunteerTeam.objects
                                                               .filter(active=True, **near)), "name", "id"),
        ParticipantKind.DONOR: _bounded(access.scoped(user, "donor.view", Donor.objects.filter(**near)), "name", "id"),
    }


def undertaker_candidates(user, project: Project):
    """Active organizations the user may see, of the project's district (registered in it, serving it, above it)."""
    return _bounded(access.scoped(user, "organization.view", Organization.objects.filter(
        _serving_district(project), status=OrgStatus.ACTIVE)), "name", "id")


def public_projects(community: Region):
    """The community's approved and accepted projects for its 公示 page (no personal data selected)."""
    return (Project.objects.filter(region=community, status__in=PUBLIC_STATES).select_related("undertaker")
            .only("id", "code", "title", "status", "year", "vehicle", "focus_area", "linkage_mode", "target_group",
                  "planned_headcount", "objectives", "period_start", "period_end", "total_budget", "approved_at",
                  "region_id", "undertaker__id", "undertaker__name")
            .order_by("-year", "-approved_at", "-id"))
