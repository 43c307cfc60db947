"""Reads of the volunteer registry, always through the access layer.

For the linkage summary (``volunteer_figures`` and ``volunteer_figures_by_unit``), per unit and year:

- ``registered``: active volunteers whose registering community is in the unit and who were
  registered by the end of the year;
- ``served``: distinct volunteers with at least one verified service given in the unit that year
  (by where the service took place, whatever their home community);
- ``hours``: the verified hours of the services given in the unit that year.
A service belongs to the year (Asia/Shanghai) in which it started.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from wuse.access import api as access
from wuse.ledger.models import Account, HolderKind
from wuse.regions.levels import ORDER, PREFIX_LENGTH, Level
from wuse.regions.models import Region

from .local_time import LOCAL_TZ
from .models import Certificate, EntryStatus, RecordNote, ServiceEntry, TeamMembership, Volunteer, VolunteerTeam

ZERO = Decimal("0")
CENT = Decimal("0.01")


# ---- volunteers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerFilters:
    skill: str = ""
    availability: str = ""
    team: VolunteerTeam | None = None
    active: str = "1"  # "1" active, "0" inactive, "" all
    q: str = ""


def _verified_hours(year: int | None = None):
    entries = ServiceEntry.objects.filter(volunteer=OuterRef("pk"), status=EntryStatus.VERIFIED)
    if year is not None:
        entries = entries.filter(started_at__gte=year_start(year), started_at__lt=year_start(year + 1))
    return Coalesce(Subquery(entries.order_by().values("volunteer").annotate(total=Sum("hours")).values("total")),
                    Value(ZERO), output_field=DecimalField(max_digits=10, decimal_places=2))


def volunteers_for_user(user, filters: VolunteerFilters | None = None):
    """The volunteers the user may see, narrowed by the list's filters, with their verified hours."""
    f = filters or VolunteerFilters()
    volunteers = access.scoped(user, "volunteer.view", Volunteer.objects.all())
    if f.skill:
        volunteers = volunteers.filter(skills=f.skill)
    if f.availability:
        volunteers = volunteers.filter(availability=f.availability)
    if f.team is not None:
        volunteers = volunteers.filter(team_memberships__team=f.team, team_memberships__left_on=None)
    if f.active in ("0", "1"):
        volunteers = volunteers.filter(active=f.active == "1")
    if f.q:
        volunteers = volunteers.filter(Q(person__name__icontains=f.q) | Q(number__iexact=f.q))
    return (volunteers.select_related("person", "region").prefetch_related("skills")
            .annotate(verified_hours=_verified_hours()).order_by("region", "number"))


def volunteers_for_detail():
    return Volunteer.objects.select_related("person", "region", "person__region")


def volunteer_by_number(user, number: str) -> Volunteer | None:
    """The volunteer with this number, if the user may see them (a form's "volunteer no." field)."""
    number = (number or "").strip().upper()
    if not number:
        return None
    return (access.scoped(user, "volunteer.view", Volunteer.objects.filter(number=number))
            .select_related("person").first())


def communities_for(user, action: str):
    """The communities where the user holds ``action`` (registration, recording, issuing)."""
    return access.scoped(user, action, Region.objects.of_level(Level.COMMUNITY)).order_by("code")


def team_units_for(user):
    """The units (streets and communities) where the user may register a team."""
    return access.scoped(user, "volunteer_team.create",
                         Region.objects.filter(level__in=[Level.STREET, Level.COMMUNITY])).order_by("code")


def hours_summary(volunteer: Volunteer) -> dict:
    """Verified hours in all and this year, and hours awaiting verification (one query)."""
    this_year = timezone.localdate(timezone.now(), LOCAL_TZ).year
    verified = Q(status=EntryStatus.VERIFIED)
    this = Q(started_at__gte=year_start(this_year), started_at__lt=year_start(this_year + 1))
    sums = ServiceEntry.objects.filter(volunteer=volunteer).aggregate(
        verified=Sum("hours", filter=verified), this_year=Sum("hours", filter=verified & this),
        pending=Sum("hours", filter=Q(status=EntryStatus.RECORDED)), services=Count("id", filter=verified))
    return {key: value or 0 if key == "services" else (value or ZERO).quantize(CENT) for key, value in sums.items()}


def volunteer_entries(volunteer: Volunteer):
    return (ServiceEntry.objects.filter(volunteer=volunteer).select_related("region", "team", "verified_by")
            .order_by("-started_at", "-id"))


def volunteer_notes(volunteer: Volunteer):
    return RecordNote.objects.filter(volunteer=volunteer).order_by("kind", "-date", "-id")


def volunteer_teams(volunteer: Volunteer):
    return (TeamMembership.objects.filter(volunteer=volunteer, left_on=None).select_related("team", "team__region")
            .order_by("team__name"))


def volunteer_certificates(volunteer: Volunteer):
    return Certificate.objects.filter(volunteer=volunteer).order_by("-issued_on", "-id")


def balances(person) -> list[Account]:
    """The person's time-bank and points accounts (read-only here; the ledger pages operate them)."""
    return list(Account.objects.filter(person=person, holder_kind=HolderKind.PERSON).select_related("scheme")
                .order_by("scheme__kind", "scheme_id"))


def volunteer_of_user(user) -> Volunteer | None:
    """The volunteer record of the signed-in person (Person.user), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return volunteers_for_detail().filter(person__user=user).first()


# ---- teams ---------------------------------------------------------------------------------


def teams_for_user(user, action: str = "volunteer_team.view", *, q: str = ""):
    """The teams the user may see, with their current member count and leader."""
    members = (TeamMembership.objects.filter(team=OuterRef("pk"), left_on=None).order_by()
               .values("team").annotate(n=Count("id")).values("n"))
    teams = access.scoped(user, action, VolunteerTeam.objects.all())
    if q:
        teams = teams.filter(name__icontains=q)
    return (teams.select_related("region", "leader__person")
            .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)))
            .order_by("region", "name"))


def team_members(team: VolunteerTeam):
    return (TeamMembership.objects.filter(team=team, left_on=None)
            .select_related("volunteer__person", "volunteer__region").order_by("volunteer__number"))


def team_member_candidates(user, team: VolunteerTeam, limit: int = 200) -> list[Volunteer]:
    """Active volunteers of the team's area the user may see who are not members yet (for the datalist)."""
    current = TeamMembership.objects.filter(team=team, left_on=None).values("volunteer_id")
    low, high = team.region.prefix.ljust(12, "0"), team.region.prefix.ljust(12, "9")
    return list(access.scoped(user, "volunteer.view", Volunteer.objects.filter(
        active=True, region__gte=low, region__lte=high)).exclude(pk__in=current)
                .select_related("person").order_by("number")[:limit])


# ---- service entries -----------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFilters:
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    team: VolunteerTeam | None = None
    q: str = ""


def entries_for_user(user, filters: EntryFilters | None = None):
    """The service entries the user may see: awaiting verification first, then newest first."""
    f = filters or EntryFilters()
    entries = access.scoped(user, "service_entry.view", ServiceEntry.objects.all())
    if f.status:
        entries = entries.filter(status=f.status)
    if f.date_from:
        entries = entries.filter(started_at__gte=local_midnight(f.date_from))
    if f.date_to:
        entries = entries.filter(started_at__lt=local_midnight(f.date_to + dt.timedelta(days=1)))
    if f.team is not None:
        entries = entries.filter(team=f.team)
    if f.q:
        entries = entries.filter(Q(volunteer__number__iexact=f.q) | Q(volunteer__person__name__icontains=f.q))
    waiting_first = Case(When(status=EntryStatus.RECORDED, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (entries.select_related("volunteer__person", "region", "team", "recorded_by", "verified_by")
            .order_by(waiting_first, "-started_at", "-id"))


def entries_for_detail():
    return ServiceEntry.objects.select_related("volunteer__person", "volunteer__region", "region", "team",
                                               "recorded_by", "verified_by")


# ---- certificates --------------------------------------------------------------------------


def certificates_for_detail():
    return Certificate.objects.select_related("volunteer__person", "region", "issued_by")


# ---- linkage figures -----------------------------------------------------------------------


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def year_start(year: int) -> dt.datetime:
    return local_midnight(dt.date(year, 1, 1))


@dataclass(frozen=True)
class VolunteerFigures:
    registered: int = 0
    served: int = 0
    hours: Decimal = ZERO


def _in_unit(field: str, prefix: str) -> Q:
    return Q(**{f"{field}__gte": prefix.ljust(12, "0"), f"{field}__lte": prefix.ljust(12, "9")})


def _year_rows(prefix: str, year: int, user=None):
    volunteers = Volunteer.objects.filter(_in_unit("region", prefix), active=True,
                                          registered_on__lte=dt.date(year, 12, 31))
    entries = ServiceEntry.objects.filter(_in_unit("region", prefix), status=EntryStatus.VERIFIED,
                                          started_at__gte=year_start(year), started_at__lt=year_start(year + 1))
    if user is not None:
        volunteers = access.scoped(user, "volunteer.view", volunteers)
        entries = access.scoped(user, "service_entry.view", entries)
    return volunteers, entries


def volunteer_figures(region: Region, year: int, *, user=None) -> VolunteerFigures:
    """The unit's volunteer figures for the year (two queries); with ``user``, only what they may see."""
    volunteers, entries = _year_rows(region.prefix, year, user)
    sums = entries.aggregate(served=Count("volunteer", distinct=True), hours=Sum("hours"))
    return VolunteerFigures(registered=volunteers.count(), served=sums["served"] or 0, hours=sums["hours"] or ZERO)


def volunteer_figures_by_unit(region: Region, year: int, *, user=None) -> dict[str, VolunteerFigures]:
    """The figures of each unit one level below ``region`` (keyed by its 12-digit code; two queries).

    For a community (no level below) the result has the community alone.
    """
    depth = ORDER.index(Level(region.level))
    length = PREFIX_LENGTH[ORDER[depth + 1]] if depth + 1 < len(ORDER) else PREFIX_LENGTH[Level.COMMUNITY]
    volunteers, entries = _year_rows(region.prefix, year, user)
    unit = Substr("region_id", 1, length)
    figures: dict[str, dict] = {}
    for row in volunteers.order_by().annotate(unit=unit).values("unit").annotate(n=Count("id")):
        figures.setdefault(row["unit"].ljust(12, "0"), {})["registered"] = row["n"]
    for row in (entries.order_by().annotate(unit=unit).values("unit")
                .annotate(served=Count("volunteer", distinct=True), hours=Sum("hours"))):
        figures.setdefault(row["unit"].ljust(12, "0"), {}).update(served=row["served"], hours=row["hours"])
    return {code: VolunteerFigures(**values) for code, values in sorted(figures.items())}
