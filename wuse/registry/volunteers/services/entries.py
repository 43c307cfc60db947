"""Writes to the service record (民政部令第67号): record services, verify or reject them.

Rules a recorded service must pass (all refused with a message, nothing written):
- it ends after it starts (no zero or negative hours) and lasts at most 24 hours;
- it has taken place (not in the future);
- it overlaps no other recorded or verified service of the same volunteer;
- the volunteer's recorded and verified services starting that calendar day (Asia/Shanghai) add up
  to at most 24 hours with this one.
The volunteers' rows are locked (in id order) before the checks, so two entries recorded at the same
moment cannot both pass. A team activity records one entry per volunteer, all or none.

Verifying and rejecting are the transitions of ``..workflow.SERVICE_ENTRY_PROCESS`` (by someone other
than the recorder; verification credits the ledger in the same transaction, once per entry), fired here
through the workflow kernel.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.numbers import quantity
from wuse.privacy.text import one_line
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import transition_apply

from ..errors import ServiceEntryError
from ..local_time import LOCAL_TZ, hours_between, local_date, local_day_bounds
from ..models import EntryStatus, ServiceEntry, TeamMembership, Volunteer, VolunteerTeam
from ..workflow import REASON_LENGTH, SERVICE_ENTRY_PROCESS

MAX_HOURS_PER_DAY = Decimal("24")
MAX_VOLUNTEERS_PER_ACTIVITY = 200
MAX_VERIFY_AT_ONCE = 200
# The entries that count for overlaps and the daily total.
COUNTED = (EntryStatus.RECORDED, EntryStatus.VERIFIED)


@dataclass(frozen=True)
class ServiceData:
    """One service as the form gives it: where, when, what, organized by whom (times are aware)."""

    region: Region
    started_at: dt.datetime
    ended_at: dt.datetime
    content: str
    organizer: str
    team: VolunteerTeam | None = None
    ref: str = ""


def _span_text(entry: ServiceEntry) -> str:
    start, end = entry.started_at.astimezone(LOCAL_TZ), entry.ended_at.astimezone(LOCAL_TZ)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _check_service(user, data: ServiceData) -> tuple[Decimal, str, str]:
    """The checks that do not depend on the volunteers: returns (hours, content, organizer)."""
    if data.region.level != Level.COMMUNITY:
        raise ServiceEntryError(_("Choose the community where the service took place."))
    if not access.can(user, "service_entry.create", data.region):
        raise PermissionDenied(_("You may not record services in %(unit)s.") % {"unit": data.region.name})
    if data.team is not None and not access.can(user, "volunteer_team.view", data.team):
        raise PermissionDenied(_("You may not see this team."))
    content, organizer = one_line(data.content), one_line(data.organizer)
    if not content:
        raise ServiceEntryError(_("Enter what the service was."))
    if not organizer:
        raise ServiceEntryError(_("Enter who organized the service."))
    if data.ended_at <= data.started_at:
        raise ServiceEntryError(_("The service must end after it starts: the end time is not after the start "
                                  "time, which would give zero or negative hours."))
    hours = hours_between(data.started_at, data.ended_at)
    if hours <= 0:
        raise ServiceEntryError(_("The service must last at least a minute."))
    if hours > MAX_HOURS_PER_DAY:
        raise ServiceEntryError(_("One service can last at most 24 hours; this one lasts %(hours)s.")
                                % {"hours": quantity(hours)})
    if local_date(data.started_at) > timezone.localdate(timezone.now(), LOCAL_TZ) or data.ended_at > timezone.now():
        raise ServiceEntryError(_("A service is recorded after it has taken place; the date and times cannot be "
                                  "in the future."))
    return hours, content[:200], organizer[:100]


def _problems(volunteers: list[Volunteer], data: ServiceData, hours: Decimal) -> list[str]:
    """What stops each (locked) volunteer from getting this entry: inactive, team, overlap, daily total."""
    ids = [v.pk for v in volunteers]
    problems: list[str] = []
    members = set()
    if data.team is not None:
        members = set(TeamMembership.objects.filter(team=data.team, volunteer__in=ids, left_on=None)
                      .values_list("volunteer_id", flat=True))
    overlaps: dict[int, ServiceEntry] = {}
    for entry in (ServiceEntry.objects.filter(volunteer__in=ids, status__in=COUNTED, started_at__lt=data.ended_at,
                                              ended_at__gt=data.started_at).order_by("started_at")):
        overlaps.setdefault(entry.volunteer_id, entry)
    day_start, day_end = local_day_bounds(local_date(data.started_at))
    totals = dict(ServiceEntry.objects.filter(volunteer__in=ids, status__in=COUNTED, started_at__gte=day_start,
                                              started_at__lt=day_end)
                  .values("volunteer").annotate(total=Sum("hours")).values_list("volunteer", "total"))
    for volunteer in volunteers:
        who = {"number": volunteer.number, "name": volunteer.person.name}
        if not volunteer.active:
            problems.append(_("%(number)s %(name)s is no longer an active volunteer.") % who)
        elif data.team is not None and volunteer.pk not in members:
            problems.append(_("%(number)s %(name)s is not a member of the team “%(team)s”.")
                            % {**who, "team": data.team.name})
        elif volunteer.pk in overlaps:
            problems.append(_("%(number)s %(name)s already has a service at an overlapping time (%(span)s).")
                            % {**who, "span": _span_text(overlaps[volunteer.pk])})
        elif (totals.get(volunteer.pk) or 0) + hours > MAX_HOURS_PER_DAY:
            problems.append(_("%(number)s %(name)s would have more than 24 hours of service on %(day)s "
                              "(%(recorded)s already recorded, %(hours)s more).")
                            % {**who, "day": local_date(data.started_at).isoformat(),
                               "recorded": quantity(totals.get(volunteer.pk)), "hours": quantity(hours)})
    return problems


@transaction.atomic
def entries_record(*, user, volunteers, data: ServiceData) -> list[ServiceEntry]:
    """Record one service for each volunteer (a single service, or a team activity): all or none."""
    hours, content, organizer = _check_service(user, data)
    ids = sorted({v.pk for v in volunteers})
    if not ids:
        raise ServiceEntryError(_("Choose at least one volunteer who took part."))
    if len(ids) > MAX_VOLUNTEERS_PER_ACTIVITY:
        raise ServiceEntryError(_("At most %(n)d volunteers can be recorded at once.")
                                % {"n": MAX_VOLUNTEERS_PER_ACTIVITY})
    # Lock the volunteers (id order: no deadlock between two activities) before checking their records.
    locked = list(Volunteer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    people = {v.pk: v.person for v in Volunteer.objects.filter(pk__in=ids).select_related("person")}
    for volunteer in locked:
        volunteer.person = people[volunteer.pk]
        if not access.can(user, "volunteer.view", volunteer):
            raise PermissionDenied(_("You may not see volunteer %(number)s.") % {"number": volunteer.number})
    if len(locked) != len(ids):
        raise ServiceEntryError(_("A chosen volunteer no longer exists."))
    problems = _problems(locked, data, hours)
    if problems:
        raise ServiceEntryError(" ".join([_("Nothing was recorded."), *problems]))
    entries = []
    for volunteer in locked:
        entry = ServiceEntry.objects.create(
            volunteer=volunteer, region=data.region, team=data.team, started_at=data.started_at,
            ended_at=data.ended_at, hours=hours, content=content, organizer=organizer, ref=data.ref[:60],
            recorded_by=user)
        audit_record(action="service_entry.create", target=entry, user=user,
                     changed_fields=["volunteer", "region", "started_at", "ended_at", "hours", "content", "organizer",
                                     *(["team"] if data.team else [])])
        entries.append(entry)
    return entries


def entry_verify(*, user, entry: ServiceEntry) -> ServiceEntry:
    """Verify a recorded service and credit its hours to the volunteer's schemes (once).

    Not wrapped in a transaction of its own: the kernel's is the one, and a refusal keeps its "denied"
    audit row."""
    return transition_apply(process=SERVICE_ENTRY_PROCESS, obj=entry, name="verify", user=user)


@dataclass
class BulkResult:
    verified: list[ServiceEntry]
    skipped: list[tuple[ServiceEntry, str]]


@transaction.atomic
def entries_verify(*, user, entries) -> BulkResult:
    """Verify several entries ("verify selected"); those the user may not verify are skipped with the reason
    (each in its own savepoint; the refusals' audit rows stay)."""
    ids = sorted({entry.pk for entry in entries})
    if len(ids) > MAX_VERIFY_AT_ONCE:
        raise ServiceEntryError(_("At most %(n)d services can be verified at once.") % {"n": MAX_VERIFY_AT_ONCE})
    chosen = ServiceEntry.objects.select_related("volunteer").in_bulk(ids)
    result = BulkResult(verified=[], skipped=[])
    for entry_id in ids:
        entry = chosen[entry_id]
        try:
            result.verified.append(entry_verify(user=user, entry=entry))
        except (ServiceEntryError, PermissionDenied) as exc:
            result.skipped.append((entry, str(exc)))
    return result


def entry_reject(*, user, entry: ServiceEntry, reason: str) -> ServiceEntry:
    """Reject a recorded service with the reason (one line, at most 200 characters); the recorder may also
    withdraw their own entry."""
    return transition_apply(process=SERVICE_ENTRY_PROCESS, obj=entry, name="reject", user=user,
                            reason=one_line(reason)[:REASON_LENGTH])
