"""Reads of the open calls, always scoped by the access layer."""

from django.db.models import Q

from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.organizations.access import member_organization_ids
from wuse.registry.organizations.models import Organization, OrgStatus

from .models import Bid, Call
from .workflow import POSTED, PUBLIC_STATES, PUBLISHED, SHORTLISTED

LIST_FIELDS = ("id", "kind", "title", "status", "budget", "deadline", "created_at", "region__code", "region__name",
               "region__level")


def within(region: Region, field: str = "region") -> dict:
    """The lookups of the rows whose unit is ``region`` or below (a range of codes: no join)."""
    return {f"{field}__gte": region.prefix.ljust(12, "0"), f"{field}__lte": region.prefix.ljust(12, "9")}


def call_scope(user, region: Region | None = None) -> access.ScopeParts:
    parts = access.scope_parts(user, "call.view", Call)
    return parts.within(region.prefix) if region is not None else parts


def calls_filtered(*, status: str = "", q: str = "", kind: str = ""):
    calls = Call.objects.select_related("region").only(*LIST_FIELDS)
    if kind:
        calls = calls.filter(kind=kind)
    if status:
        calls = calls.filter(status=status)
    if q:
        calls = calls.filter(title__icontains=q)
    return calls


def call_visible(user, pk):
    """The call if the user sees it: in their unit and below; posted and later ones also for organization
    members."""
    if not str(pk).isdigit() or len(str(pk)) > 12:
        return None
    calls = Call.objects.select_related("region", "project", "winner__organization", "winner__volunteer_team",
                                        "poster_organization")
    found = access.scoped(user, "call.view", calls).filter(pk=pk).first()
    if found is not None and found.status == "draft" and not access.can(user, "call.manage", found):
        return None
    return found


def bids_for(user, call: Call):
    """The bids of a call: all of them for the poster's unit, only their own organizations' for members."""
    bids = Bid.objects.filter(call=call).select_related("organization", "volunteer_team").order_by("id")
    if access.can(user, "call_bid.view", call):
        return bids
    return bids.filter(organization_id__in=member_organization_ids(user))


def my_organizations(user):
    return Organization.objects.filter(pk__in=member_organization_ids(user), status=OrgStatus.ACTIVE).order_by("name")


def bidders_for(user, call: Call):
    """The user's active organizations that may answer ``call`` (never the organization that posted it)."""
    return my_organizations(user).exclude(pk=call.poster_organization_id or 0)


def teams_to_record(user, call: Call):
    """The active volunteer teams of the call's unit and below that the user sees (their bids are recorded by the
    poster's unit)."""
    from wuse.registry.volunteers.models import VolunteerTeam

    teams = VolunteerTeam.objects.filter(active=True, **within(call.region)).order_by("name")
    return access.scoped(user, "volunteer_team.view", teams).only("id", "name")


def units_to_post(user):
    """The communities and streets the user may post calls for."""
    is_global, found = access.prefixes(user, "call.manage")
    units = Region.objects.filter(level__in=(Level.COMMUNITY, Level.STREET)).order_by("code")
    if is_global:
        return units
    condition = Q(pk__in=[])
    for prefix in found:
        condition |= Q(code__startswith=prefix)
    return units.filter(condition)


def waiting_for_poster(user):
    """Calls to shortlist or select (posted, or shortlisted) that the user decides on: the unit's own calls, and
    the calls for partners of the user's organizations."""
    mine = member_organization_ids(user)
    calls = Call.objects.filter(status__in=(POSTED, SHORTLISTED)).filter(
        Q(poster_organization=None) | Q(poster_organization_id__in=mine))
    return access.scoped(user, "call.manage", calls)


def partner_calls_to_decide(user):
    """The calls for partners of the user's organizations that are open or shortlisted."""
    mine = member_organization_ids(user)
    if not mine:
        return Call.objects.none()
    return Call.objects.filter(status__in=(POSTED, SHORTLISTED), poster_organization_id__in=mine)


def open_for_members(user):
    if not member_organization_ids(user):
        return Call.objects.none()
    calls = Call.objects.filter(status=POSTED).exclude(poster_organization_id__in=member_organization_ids(user))
    return access.scoped(user, "call.view", calls)


def public_calls():
    return Call.objects.filter(status__in=PUBLIC_STATES).select_related("region").only(*LIST_FIELDS).order_by("-id")


def public_results():
    """The calls whose result is published (公示): the winner and its price."""
    return (Call.objects.filter(status=PUBLISHED)
            .select_related("region", "winner__organization", "winner__volunteer_team")
            .only(*LIST_FIELDS, "winner__price", "winner__organization__name", "winner__volunteer_team__name")
            .order_by("-id"))
