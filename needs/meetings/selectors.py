"""Reads of meetings, always through the access layer."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from needs.models import Need
from needs.workflow import MERGED
from wuse.access import api as access
from wuse.regions.models import Region

from .models import Meeting, MeetingNeed

# How many of the community's recent needs the "link a need" choice offers (older ones: by number).
LINKABLE_LIMIT = 50
# How many meetings the need page lists (newest first).
MEETINGS_PER_NEED = 50


@dataclass(frozen=True)
class MeetingFilters:
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: Region | None = None


def meetings_for_user(user, filters: MeetingFilters | None = None):
    """The meetings the user may see, narrowed by the list's filters, newest first."""
    f = filters or MeetingFilters()
    meetings = access.scoped(user, "meeting.view", Meeting.objects.for_table())
    if f.region is not None:
        low, high = f.region.prefix.ljust(12, "0"), f.region.prefix.ljust(12, "9")
        meetings = meetings.filter(community__gte=low, community__lte=high)
    if f.kind:
        meetings = meetings.filter(kind=f.kind)
    if f.date_from:
        meetings = meetings.filter(held_on__gte=f.date_from)
    if f.date_to:
        meetings = meetings.filter(held_on__lte=f.date_to)
    return meetings.order_by("-held_on", "-id")


def communities_for_create(user):
    """The communities where the user may record meetings."""
    return access.scoped(user, "meeting.create", Region.objects.of_level("community"))


def meeting_representatives(meeting: Meeting):
    return meeting.representatives.order_by("id")


def meeting_needs(meeting: Meeting):
    """The needs raised or discussed at the meeting, with their status (one query). They are of the
    meeting's own community, so whoever may see the meeting may see them."""
    return (MeetingNeed.objects.filter(meeting=meeting)
            .select_related("need", "need__category")
            .only("id", "role", "note", "meeting_id", "need__id", "need__title", "need__status",
                  "need__community_id", "need__created_at",
                  "need__category__code", "need__category__name", "need__category__name_en")
            .order_by("id"))


def linkable_needs(user, meeting: Meeting) -> list[Need]:
    """The community's most recent needs the user may see that are not linked to the meeting yet."""
    linked = MeetingNeed.objects.filter(meeting=meeting).values("need_id")
    needs = access.scoped(user, "need.view", Need.objects.filter(community_id=meeting.community_id))
    return list(needs.exclude(status=MERGED).exclude(pk__in=linked)
                .only("id", "title", "created_at", "status").order_by("-created_at", "-id")[:LINKABLE_LIMIT])


def meetings_for_need(user, need: Need):
    """The meetings where ``need`` was raised or discussed that the user may see, newest first;
    each carries ``link_role`` ("raised" / "discussed") and ``link_note``."""
    meetings = access.scoped(user, "meeting.view", Meeting.objects.filter(need_links__need=need))
    return (meetings.select_related("community")
            .only("id", "kind", "held_on", "place", "community__code", "community__name", "community__level")
            .annotate(link_role=F("need_links__role"), link_note=F("need_links__note"))
            .order_by("-held_on", "-id")[:MEETINGS_PER_NEED])
