"""Writes to the service record (民政部令第67号): record services, verify or reject them.

Rules a recorded service must pass (all refused with a message, nothing written):
- it ends after it starts (no zero or negative hours) and lasts at most 24 hours;
- it has taken place (not in the future);
- it overlaps no other recorded or verified service of the same volunteer;
- the volunteer's recorded and verified services starting that calendar day (Asia/Shanghai) add up
  to at most 24 hours with this one.
The volunteers' rows are locked (in id order) before the checks, so two entries recorded at the same
moment cannot both pass. A team activity records one entry per volunteer, all or none.

Verification is by someone other than the recorder; it credits the time bank and points schemes
(``wuse.ledger.services.earn_for_service``) in the same transaction, once per entry.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.ledger.services import LedgerError, earn_for_service, ref_of
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import EntryStatus, ServiceEntry, TeamMembership, Volunteer, VolunteerTeam
from .services import one_line

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MAX_HOURS_PER_DAY = Decimal("24")
MAX_VOLUNTEERS_PER_ACTIVITY = 200
MAX_VERIFY_AT_ONCE = 200
HOUR = Decimal("3600")
CENT = Decimal("0.01")
# The entries that count for overlaps and the daily total.
COUNTED = (EntryStatus.RECORDED, EntryStatus.VERIFIED)


class ServiceEntryError(Exception):
    """A refused service-record action; the message says why, in the user's language."""


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


def local_span(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The aware start and end of a service given as a date and two clock times in Asia/Shanghai."""
    return (dt.datetime.combine(day, start, tzinfo=LOCAL_TZ), dt.datetime.combine(day, end, tzinfo=LOCAL_TZ))


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)
    return start, start + dt.timedelta(days=1)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def hours_between(started_at: dt.datetime, ended_at: dt.datetime) -> Decimal:
    seconds = Decimal((ended_at - started_at).total_seconds())
    return (seconds / HOUR).quantize(CENT, rounding=ROUND_HALF_UP)


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
                                % {"hours": hours})
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
                               "recorded": totals.get(volunteer.pk), "hours": hours})
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


def _verify_locked(user, entry: ServiceEntry) -> ServiceEntry:
    if not access.can(user, "service_entry.verify", entry):
        raise PermissionDenied(_("You may not verify this service."))
    if entry.status == EntryStatus.VERIFIED:
        raise ServiceEntryError(_("This service is already verified."))
    if entry.status == EntryStatus.REJECTED:
        raise ServiceEntryError(_("This service was rejected; it cannot be verified."))
    if entry.recorded_by_id == user.pk:
        raise ServiceEntryError(_("You recorded this service; someone else must verify it."))
    entry.status, entry.verified_by, entry.verified_at = EntryStatus.VERIFIED, user, timezone.now()
    entry.save(update_fields=["status", "verified_by", "verified_at"])
    try:
        earn_for_service(person=entry.volunteer.person, hours=entry.hours, ref=ref_of(entry), user=user,
                         memo=f"{local_date(entry.started_at):%Y-%m-%d} {entry.content}"[:200])
    except LedgerError as exc:
        raise ServiceEntryError(str(exc)) from None
    audit_record(action="service_entry.verify", target=entry, user=user, changed_fields=["status"])
    return entry


def _lock_entry(entry_id: int) -> ServiceEntry:
    return ServiceEntry.objects.select_for_update().select_related("volunteer__person").get(pk=entry_id)


@transaction.atomic
def entry_verify(*, user, entry: ServiceEntry) -> ServiceEntry:
    """Verify a recorded service and credit its hours to the volunteer's schemes (once)."""
    return _verify_locked(user, _lock_entry(entry.pk))


@dataclass
class BulkResult:
    verified: list[ServiceEntry]
    skipped: list[tuple[ServiceEntry, str]]


@transaction.atomic
def entries_verify(*, user, entries) -> BulkResult:
    """Verify several entries ("verify selected"); those the user may not verify are skipped with the reason."""
    ids = sorted({entry.pk for entry in entries})
    if len(ids) > MAX_VERIFY_AT_ONCE:
        raise ServiceEntryError(_("At most %(n)d services can be verified at once.") % {"n": MAX_VERIFY_AT_ONCE})
    result = BulkResult(verified=[], skipped=[])
    for entry_id in ids:
        entry = _lock_entry(entry_id)
        try:
            with transaction.atomic():
                result.verified.append(_verify_locked(user, entry))
        except (ServiceEntryError, PermissionDenied) as exc:
            entry.refresh_from_db()
            result.skipped.append((entry, str(exc)))
    return result


@transaction.atomic
def entry_reject(*, user, entry: ServiceEntry, reason: str) -> ServiceEntry:
    """Reject a recorded service with the reason (the recorder may also withdraw their own entry)."""
    locked = _lock_entry(entry.pk)
    if not access.can(user, "service_entry.verify", locked):
        raise PermissionDenied(_("You may not verify this service."))
    reason = one_line(reason)
    if not reason:
        raise ServiceEntryError(_("Give the reason for rejecting the service."))
    if locked.status != EntryStatus.RECORDED:
        raise ServiceEntryError(_("Only a service awaiting verification can be rejected."))
    locked.status, locked.rejection_reason = EntryStatus.REJECTED, reason[:200]
    locked.verified_by, locked.verified_at = user, timezone.now()
    locked.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
    audit_record(action="service_entry.reject", target=locked, user=user, changed_fields=["status"],
                 detail={"reason": reason[:200]})
    return locked
