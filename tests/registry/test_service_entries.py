"""Service records (民政部令第67号): hours from local times, every refusal with nothing written, team
activities all or none, verification by someone else crediting the ledger once, bulk verification,
rejection, the list (awaiting verification first, constant queries), scope, and PostgreSQL concurrency."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.ledger.models import Account, Entry, EntryKind
from wuse.ledger.services import ref_of
from wuse.regions.models import Region
from wuse.registry.volunteers import services
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry
from wuse.registry.volunteers.services import entries as svc
from wuse.registry.volunteers.skills import ensure_default_skills

from ..concurrency import race, winners
from ..helpers import C111, C112, C211, D1, S11, make_user, require_postgres
from .volunteer_support import local, points_scheme, record, register, service


@pytest.fixture
def staff(tree):
    ensure_default_skills()
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def verifier(tree):
    return make_user("verifier", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def volunteer(staff):
    return register(staff, "王秀英")


def refused(user, volunteers, match: str, **kwargs) -> None:
    """The service refuses with a message containing ``match`` and writes nothing."""
    before = (ServiceEntry.objects.count(), AuditEntry.objects.filter(action="service_entry.create").count())
    with translation.override("en"), pytest.raises(svc.ServiceEntryError, match=match):
        record(user, volunteers, **kwargs)
    after = (ServiceEntry.objects.count(), AuditEntry.objects.filter(action="service_entry.create").count())
    assert after == before


def form(number: str, day: dt.date, start="09:00", end="11:00", **extra) -> dict:
    data = {"number": number, "date": day.isoformat(), "start": start, "end": end, "content": "探访独居老人",
            "organizer": "社区居委会", "region": C111, "team": ""}
    data.update(extra)
    return data


# --- hours and the rules ------------------------------------------------------------------

@pytest.mark.django_db
def test_hours_come_from_the_local_start_and_end(client, staff, volunteer):
    client.force_login(staff)
    day = timezone.localdate() - dt.timedelta(days=2)
    response = client.post("/registry/volunteers/entries/new/", form(volunteer.number, day, "08:40", "11:00"))
    assert response.status_code == 302
    entry = ServiceEntry.objects.get()
    assert entry.hours == Decimal("2.33") and entry.status == EntryStatus.RECORDED
    assert entry.started_at == dt.datetime.combine(day, dt.time(0, 40), tzinfo=dt.UTC)  # 08:40 in Shanghai
    assert entry.recorded_by == staff and entry.region_id == C111


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end", "message"), [
    ("11:00", "09:00", "must end after it starts"),
    ("09:00", "09:00", "must end after it starts"),
])
def test_zero_or_negative_hours_are_refused(client, staff, volunteer, start, end, message):
    client.force_login(staff)
    day = timezone.localdate() - dt.timedelta(days=2)
    with translation.override("en"):
        response = client.post("/registry/volunteers/entries/new/", form(volunteer.number, day, start, end))
    assert response.status_code == 200 and message in str(response.context["form"].non_field_errors())
    assert not ServiceEntry.objects.exists()
    refused(staff, volunteer, message, start=(11, 0), end=(9, 0))


@pytest.mark.django_db
def test_a_service_in_the_future_is_refused(client, staff, volunteer):
    client.force_login(staff)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with translation.override("en"):
        response = client.post("/registry/volunteers/entries/new/", form(volunteer.number, tomorrow))
    assert "cannot be in the future" in str(response.context["form"].non_field_errors())
    refused(staff, volunteer, "in the future", days_ago=-1)
    now = timezone.now()
    with translation.override("en"), pytest.raises(svc.ServiceEntryError, match="in the future"):
        svc.entries_record(user=staff, volunteers=[volunteer], data=service(
            started_at=now - dt.timedelta(hours=1), ended_at=now + dt.timedelta(hours=1)))
    assert not ServiceEntry.objects.exists()


@pytest.mark.django_db
def test_an_overlapping_service_is_refused_and_adjacent_ones_are_not(staff, volunteer):
    record(staff, volunteer, days_ago=3, start=(9, 0), end=(11, 0))
    refused(staff, volunteer, "overlapping time", days_ago=3, start=(10, 30), end=(12, 0))
    refused(staff, volunteer, "overlapping time", days_ago=3, start=(8, 0), end=(13, 0))
    refused(staff, volunteer, "overlapping time", days_ago=3, start=(9, 30), end=(10, 0))
    record(staff, volunteer, days_ago=3, start=(11, 0), end=(12, 0))  # starts when the other ends
    other = register(staff, "李建国")
    record(staff, other, days_ago=3, start=(9, 0), end=(11, 0))  # another person at the same time
    assert ServiceEntry.objects.count() == 3


@pytest.mark.django_db
def test_a_rejected_service_no_longer_blocks_its_time(staff, verifier, volunteer):
    [entry] = record(staff, volunteer, days_ago=3)
    svc.entry_reject(user=verifier, entry=entry, reason="时间登记错误")
    record(staff, volunteer, days_ago=3)
    assert ServiceEntry.objects.filter(status=EntryStatus.RECORDED).count() == 1


@pytest.mark.django_db
def test_more_than_24_hours_in_a_day_is_refused(staff, volunteer):
    record(staff, volunteer, days_ago=3, start=(0, 0), end=(12, 0))
    record(staff, volunteer, days_ago=3, start=(12, 0), end=(20, 0))
    # An overnight service starting the same day: 20 + 10 = 30 hours that day.
    refused(staff, volunteer, "more than 24 hours", days_ago=3, start=(20, 0), end=local(2, 6))
    record(staff, volunteer, days_ago=3, start=(20, 0), end=local(3, 23, 30))  # 23.5 hours: allowed
    with translation.override("en"), pytest.raises(svc.ServiceEntryError, match="at most 24 hours"):
        record(staff, volunteer, days_ago=6, start=(8, 0), end=local(5, 9))  # one service of 25 hours
    assert ServiceEntry.objects.count() == 3


@pytest.mark.django_db
def test_content_organizer_and_place_are_required(staff, volunteer):
    refused(staff, volunteer, "Enter what the service was", content="   ")
    refused(staff, volunteer, "Enter who organized", organizer="")
    with pytest.raises(svc.ServiceEntryError):
        record(staff, volunteer, region=S11)  # a street is not where a service is recorded
    with pytest.raises(PermissionDenied):
        record(staff, volunteer, region=C112)  # not the user's community
    assert not ServiceEntry.objects.exists()


@pytest.mark.django_db
def test_an_inactive_volunteer_gets_no_new_service(staff, volunteer):
    services.volunteer_update(user=staff, volunteer=volunteer, skills=[], availability="weekend", active=False)
    refused(staff, volunteer, "no longer an active volunteer")


# --- team activities ----------------------------------------------------------------------

@pytest.fixture
def team(staff):
    team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="银龄互助队")
    for name in ("王秀英", "李建国", "张丽华"):
        services.team_member_add(user=staff, team=team, volunteer=register(staff, name))
    return team


def activity(team, members, day, start="09:00", end="13:00") -> dict:
    return {"date": day.isoformat(), "start": start, "end": end, "content": "助老陪伴", "organizer": team.name,
            "region": C111, "members": [m.pk for m in members]}


@pytest.mark.django_db
def test_a_team_activity_records_one_entry_per_ticked_member(client, staff, team):
    members = [m.volunteer for m in team.memberships.order_by("id")]
    client.force_login(staff)
    url = f"/registry/volunteers/teams/{team.pk}/activity/"
    assert client.get(url).status_code == 200
    day = timezone.localdate() - dt.timedelta(days=5)
    response = client.post(url, activity(team, members[:2], day))
    assert response.status_code == 302
    entries = ServiceEntry.objects.order_by("volunteer_id")
    assert [(e.volunteer, e.team, e.hours) for e in entries] == [(m, team, Decimal("4.00")) for m in members[:2]]


@pytest.mark.django_db
def test_a_team_activity_is_all_or_nothing(client, staff, team):
    members = [m.volunteer for m in team.memberships.order_by("id")]
    record(staff, members[2], days_ago=5, start=(12, 0), end=(14, 0))
    client.force_login(staff)
    with translation.override("en"):
        response = client.post(f"/registry/volunteers/teams/{team.pk}/activity/",
                               activity(team, members, timezone.localdate() - dt.timedelta(days=5)))
    errors = str(response.context["form"].non_field_errors())
    assert "Nothing was recorded" in errors and members[2].number in errors
    assert ServiceEntry.objects.count() == 1


@pytest.mark.django_db
def test_only_current_members_take_part_in_a_team_activity(staff, team):
    outsider = register(staff, "赵磊")
    refused(staff, [outsider], "not a member of the team", team=team)


# --- verification -------------------------------------------------------------------------

@pytest.mark.django_db
def test_verification_by_someone_else_credits_the_ledger_once(client, staff, verifier, volunteer):
    scheme = points_scheme(D1, per_hour="2")
    [entry] = record(staff, volunteer, days_ago=3, start=(9, 0), end=(11, 30))
    client.force_login(verifier)
    assert client.post(f"/registry/volunteers/entries/{entry.pk}/verify/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.VERIFIED and entry.verified_by == verifier and entry.verified_at
    account = Account.objects.get(scheme=scheme, person=volunteer.person)
    assert account.balance == Decimal("5.00")
    [earned] = Entry.objects.filter(account=account, kind=EntryKind.EARN)
    assert earned.ref == ref_of(entry) == f"volunteers.serviceentry:{entry.pk}"
    # Twice: refused, and the ledger is credited once.
    client.post(f"/registry/volunteers/entries/{entry.pk}/verify/")
    with translation.override("en"), pytest.raises(svc.ServiceEntryError, match="already verified"):
        svc.entry_verify(user=verifier, entry=entry)
    account.refresh_from_db()
    assert account.balance == Decimal("5.00") and Entry.objects.filter(account=account).count() == 1
    # Verified once; the two refused attempts are audited as "denied" by the workflow kernel.
    assert AuditEntry.objects.filter(action="service_entry.verify", object_id=str(entry.pk),
                                     outcome=Outcome.SUCCESS).count() == 1


@pytest.mark.django_db
def test_the_recorder_cannot_verify_their_own_service(client, staff, volunteer):
    points_scheme(D1)
    [entry] = record(staff, volunteer)
    with translation.override("en"), pytest.raises(svc.ServiceEntryError, match="someone else must verify"):
        svc.entry_verify(user=staff, entry=entry)
    client.force_login(staff)
    client.post(f"/registry/volunteers/entries/{entry.pk}/verify/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECORDED and entry.verified_by is None
    assert not Account.objects.exists() and not Entry.objects.exists()


@pytest.mark.django_db
def test_only_the_unit_where_the_service_took_place_verifies(staff, volunteer):
    [entry] = record(staff, volunteer)
    for role, unit in ((Role.COMMUNITY_STAFF, C112), (Role.DISTRICT_REVIEWER, D1), (Role.VOLUNTEER, C111)):
        with pytest.raises(PermissionDenied):
            svc.entry_verify(user=make_user(f"u{role}{unit}", role, unit), entry=entry)
    svc.entry_verify(user=make_user("officer", Role.STREET_OFFICER, S11), entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.VERIFIED


@pytest.mark.django_db
def test_verify_selected_skips_own_entries_and_credits_the_rest(client, staff, verifier):
    scheme = points_scheme(D1)
    a, b = register(staff, "甲"), register(staff, "乙")
    theirs = record(staff, [a, b], days_ago=4)
    [own] = record(verifier, a, days_ago=3)
    client.force_login(verifier)
    response = client.get("/registry/volunteers/entries/")
    assert response.context["any_verifiable"] and [e.can_verify for e in response.context["page"]] == [
        False, True, True]  # the newest (own) first among the waiting ones
    client.post("/registry/volunteers/entries/verify/", {"entry": [e.pk for e in [*theirs, own]]})
    statuses = dict(ServiceEntry.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in theirs] == [EntryStatus.VERIFIED] * 2 and statuses[own.pk] == EntryStatus.RECORDED
    assert sorted(Account.objects.filter(scheme=scheme).values_list("balance", flat=True)) == [Decimal("2.00")] * 2


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_a_rejected_service_is_never_verified(client, staff, verifier, volunteer):
    [entry] = record(staff, volunteer)
    client.force_login(verifier)
    response = client.post(f"/registry/volunteers/entries/{entry.pk}/reject/", {"reject-reason": "  "})
    entry.refresh_from_db()
    assert response.status_code == 400 and entry.status == EntryStatus.RECORDED
    client.post(f"/registry/volunteers/entries/{entry.pk}/reject/", {"reject-reason": "未实际参加"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REJECTED and entry.rejection_reason == "未实际参加"
    page = client.get(f"/registry/volunteers/entries/{entry.pk}/").content.decode()
    assert "Reject the service：未实际参加" in page  # the entry's timeline
    with pytest.raises(svc.ServiceEntryError):
        svc.entry_verify(user=verifier, entry=entry)
    assert not Entry.objects.exists()


# --- the list and scope -------------------------------------------------------------------

@pytest.mark.django_db
def test_the_list_puts_waiting_entries_first_and_runs_constant_queries(client, staff, verifier):
    client.force_login(verifier)
    a = register(staff, "甲")
    svc.entry_verify(user=verifier, entry=record(staff, a, days_ago=1)[0])
    record(staff, a, days_ago=9)
    client.get("/registry/volunteers/entries/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/registry/volunteers/entries/").context["page"]
    assert [e.status for e in page] == [EntryStatus.RECORDED, EntryStatus.VERIFIED]
    team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="队")
    for i in range(10):
        volunteer = register(staff, f"多{i}")
        services.team_member_add(user=staff, team=team, volunteer=volunteer)
        record(staff, volunteer, days_ago=2 + i, team=team)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/registry/volunteers/entries/").context["page"]
    assert len(page) == 12 and len(many) == len(few)
    assert client.get("/registry/volunteers/entries/?status=verified").context["page"].paginator.count == 1


@pytest.mark.django_db
def test_entries_are_scoped_by_where_the_service_took_place(client, staff, volunteer):
    far = make_user("far", Role.COMMUNITY_STAFF, C211)
    [mine] = record(staff, volunteer)
    [theirs] = record(far, register(far, "外区", region=C211), region=C211)
    client.force_login(staff)
    assert [e.pk for e in client.get("/registry/volunteers/entries/").context["page"]] == [mine.pk]
    assert client.get(f"/registry/volunteers/entries/{theirs.pk}/").status_code == 404
    client.force_login(make_user("vol", Role.VOLUNTEER, C111))
    assert client.get("/registry/volunteers/entries/").status_code == 403
    assert client.get(f"/registry/volunteers/entries/{mine.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_volunteer_not_visible_cannot_be_recorded(client, staff):
    other = register(make_user("other", Role.COMMUNITY_STAFF, C112), "外社区", region=C112)
    client.force_login(staff)
    day = timezone.localdate() - dt.timedelta(days=2)
    response = client.post("/registry/volunteers/entries/new/", form(other.number, day))
    assert response.context["form"].errors["number"] and not ServiceEntry.objects.exists()


# --- concurrency ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_overlapping_entries_at_the_same_moment_exactly_one_wins(tree):
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    volunteer = register(staff, "并发")
    spans = [((9, 0), (11, 0)), ((10, 0), (12, 0))]
    for _round in range(3):
        ServiceEntry.objects.all().delete()
        outcomes = race(*(partial(record, staff, volunteer, days_ago=3, start=start, end=end) for start, end in spans),
                        refused=(svc.ServiceEntryError,))
        assert winners(outcomes) == 1
        assert ServiceEntry.objects.count() == 1
