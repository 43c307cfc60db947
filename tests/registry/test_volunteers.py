"""Volunteers and volunteer teams: registration and numbering, scoping by role, the volunteer record
(masked basics, audited reveal, notes, balances), teams and members, the hub, the linkage figures,
constant query counts, and the demo."""

import datetime as dt
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region
from wuse.registry.people.models import Person
from wuse.registry.volunteers import selectors, services
from wuse.registry.volunteers.local_time import LOCAL_TZ
from wuse.registry.volunteers.models import RecordNote, TeamMembership, Volunteer, VolunteerTeam
from wuse.registry.volunteers.services import entry_verify
from wuse.registry.volunteers.skills import ensure_default_skills

from ..concurrency import race, winners
from ..helpers import C111, C112, C121, C211, CITY, D1, S11, make_user, require_postgres
from .volunteer_support import id_number, person_data, points_scheme, record, register

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def staff(tree):
    ensure_default_skills()
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def spread(staff):
    """One volunteer in each placement relative to C111: own, sibling, other street, other district."""
    others = {code: make_user(f"staff{code}", Role.COMMUNITY_STAFF, code) for code in (C112, C121, C211)}
    volunteers = {C111: register(staff, "甲一")}
    for code, user in others.items():
        volunteers[code] = register(user, f"乙{code[-3:]}", region=code)
    return volunteers


def form_data(**extra) -> dict:
    data = {"name": "王秀英", "region": C111, "gender": "f", "birth_year": "", "id_type": "resident",
            "id_number": id_number(dt.date(1958, 3, 12)), "phone": "13857100001", "skills": ["elderly", "haircut"],
            "availability": "weekday"}
    data.update(extra)
    return data


# --- registration ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_numbers_are_per_community_and_sequential(staff):
    other = make_user("other", Role.COMMUNITY_STAFF, C112)
    first, second = register(staff, "甲"), register(staff, "乙")
    elsewhere = register(other, "丙", region=C112)
    assert [first.number, second.number] == [f"V{C111}-00001", f"V{C111}-00002"]
    assert elsewhere.number == f"V{C112}-00001"
    assert first.region_id == C111 and first.person.region_id == C111


@pytest.mark.django_db
def test_register_through_the_form(client, staff):
    client.force_login(staff)
    assert client.get("/registry/volunteers/new/").status_code == 200
    response = client.post("/registry/volunteers/new/", form_data())
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/volunteers/{volunteer.pk}/"
    assert set(volunteer.skills.values_list("code", flat=True)) == {"elderly", "haircut"}
    assert volunteer.availability == "weekday" and volunteer.person.birth_year == 1958
    assert AuditEntry.objects.filter(action="volunteer.create", object_id=str(volunteer.pk)).exists()


@pytest.mark.django_db
def test_bad_input_writes_nothing(client, staff):
    client.force_login(staff)
    bad = form_data(id_number="410101195803121230")  # wrong check character
    response = client.post("/registry/volunteers/new/", bad)
    assert response.status_code == 200 and response.context["form"].errors["id_number"]
    foreign = form_data(region=C211)  # not a community of the user
    assert client.post("/registry/volunteers/new/", foreign).context["form"].errors["region"]
    assert not Volunteer.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_the_same_person_cannot_be_registered_twice(client, staff):
    client.force_login(staff)
    data = form_data()
    client.post("/registry/volunteers/new/", data)
    with translation.override("en"):
        response = client.post("/registry/volunteers/new/", data)
    assert "already registered as volunteer" in str(response.context["form"].non_field_errors())
    assert Volunteer.objects.count() == 1 and Person.objects.count() == 1


@pytest.mark.django_db
def test_a_person_found_again_becomes_a_volunteer_keeping_their_record(staff):
    data = person_data("李四")
    person = Person.objects.create(name="李四", region_id=C111)
    person.set_contact(phone=data.phone, id_number=data.id_number)
    person.save()
    volunteer = services.volunteer_register(user=staff, data=data)
    assert volunteer.person_id == person.pk and Person.objects.count() == 1


@pytest.mark.django_db
def test_only_staff_and_street_register(staff):
    for role, unit in ((Role.DISTRICT_REVIEWER, D1), (Role.VOLUNTEER, C111), (Role.ORG_MEMBER, D1)):
        with pytest.raises(PermissionDenied):
            register(make_user(f"u{role}", role, unit), "无权")
    register(make_user("officer", Role.STREET_OFFICER, S11), "街道登记", region=C112)
    assert Volunteer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_never_share_a_number(tree):
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    data = [person_data(f"并发{i}") for i in range(2)]
    outcomes = race(*(partial(services.volunteer_register, user=staff, data=item) for item in data), refused=())
    assert winners(outcomes) == 2
    assert sorted(outcome.value.number for outcome in outcomes) == [f"V{C111}-00001", f"V{C111}-00002"]


# --- scope ----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("role", "unit", "visible"), [
    (Role.COMMUNITY_STAFF, C111, {C111}),
    (Role.STREET_OFFICER, S11, {C111, C112}),
    (Role.DISTRICT_REVIEWER, D1, {C111, C112, C121}),
    (Role.CITY_ADMIN, CITY, {C111, C112, C121, C211}),
    (Role.VOLUNTEER, C111, set()),
    (Role.ORG_MEMBER, D1, set()),
    (Role.AUDIT_ADMIN, CITY, set()),
])
def test_each_role_sees_its_area_and_out_of_scope_is_404(client, spread, role, unit, visible):
    client.force_login(make_user("viewer", role, unit))
    response = client.get("/registry/volunteers/")
    if visible:
        assert {v.region_id for v in response.context["page"]} == visible
    else:
        assert response.status_code == 403
    for code, volunteer in spread.items():
        assert client.get(f"/registry/volunteers/{volunteer.pk}/").status_code == (200 if code in visible else 404)


@pytest.mark.django_db
def test_an_out_of_scope_look_is_audited(client, spread):
    client.force_login(make_user("viewer", Role.COMMUNITY_STAFF, C112))
    assert client.get(f"/registry/volunteers/{spread[C111].pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="volunteer.out_of_scope", object_id=str(spread[C111].pk)).exists()


@pytest.mark.django_db
def test_list_filters(client, staff):
    knits = register(staff, "王一", skills=["elderly"])
    register(staff, "李二", skills=["it"])
    quiet = register(staff, "赵三", skills=["it"])
    services.volunteer_update(user=staff, volunteer=quiet, skills=[], availability="weekend", active=False)
    team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="银龄互助队")
    services.team_member_add(user=staff, team=team, volunteer=knits)
    client.force_login(staff)

    def names(query):
        return sorted(v.person.name for v in client.get(f"/registry/volunteers/?{query}").context["page"])

    assert names("") == ["李二", "王一"]
    assert names("skill=elderly&active=1") == ["王一"]
    assert names(f"team={team.pk}&active=1") == ["王一"]
    assert names("active=0") == ["赵三"]
    assert names("active=&q=赵") == ["赵三"]
    assert names(f"active=&q={knits.number.lower()}") == ["王一"]
    assert names("availability=evening&active=") == []


@pytest.mark.django_db
def test_the_volunteer_list_runs_a_constant_number_of_queries(client, staff):
    client.force_login(staff)
    register(staff, "一号", skills=["it"])
    client.get("/registry/volunteers/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/registry/volunteers/").status_code == 200
    for i in range(12):
        volunteer = register(staff, f"多{i}", skills=["it", "elderly"])
        record(make_user(f"r{i}", Role.COMMUNITY_STAFF, C111), volunteer, days_ago=2 + i)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/registry/volunteers/")
    assert len(response.context["page"]) == 13
    assert len(many) == len(one)


# --- the record -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_record_masks_personal_data_and_reveals_with_an_audit_row(client, staff):
    volunteer = register(staff, "王秀英", phone="13857100001")
    client.force_login(staff)
    page = client.get(f"/registry/volunteers/{volunteer.pk}/").content.decode()
    full_id = volunteer.person.id_number
    assert "138****0001" in page and "13857100001" not in page and full_id not in page
    revealed = client.post(f"/registry/volunteers/{volunteer.pk}/reveal/")
    assert "13857100001" in revealed.content.decode() and full_id in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="person.reveal", object_id=str(volunteer.person_id)).count() == 1
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    assert client.post(f"/registry/volunteers/{volunteer.pk}/reveal/").status_code == 403


@pytest.mark.django_db
def test_the_record_shows_hours_notes_teams_and_balances(client, staff):
    volunteer = register(staff, "王秀英")
    scheme = points_scheme(D1)
    other = make_user("other", Role.COMMUNITY_STAFF, C111)
    [entry] = record(staff, volunteer, days_ago=3, start=(9, 0), end=(11, 30))
    entry_verify(user=other, entry=entry)
    record(staff, volunteer, days_ago=2)  # awaiting verification
    team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="银龄互助队")
    services.team_member_add(user=staff, team=team, volunteer=volunteer)
    client.force_login(staff)
    response = client.post(f"/registry/volunteers/{volunteer.pk}/notes/add/", {
        "note-kind": "training", "note-date": "2026-01-05", "note-title": "急救培训", "note-issuer": "区红十字会"})
    assert response.status_code == 302 and RecordNote.objects.filter(volunteer=volunteer, title="急救培训").exists()
    context = client.get(f"/registry/volunteers/{volunteer.pk}/").context
    assert context["hours"]["verified"] == Decimal("2.50") and context["hours"]["pending"] == Decimal("2.00")
    assert [m.team for m in context["memberships"]] == [team]
    assert [(a.scheme, a.balance) for a in context["balances"]] == [(scheme, Decimal("2.50"))]
    assert [n.title for n in context["notes"]] == ["急救培训"]


@pytest.mark.django_db
def test_a_bad_note_writes_nothing(client, staff):
    volunteer = register(staff)
    client.force_login(staff)
    response = client.post(f"/registry/volunteers/{volunteer.pk}/notes/add/", {
        "note-kind": "award", "note-date": "2999-01-01", "note-title": "表彰", "note-issuer": "街道"})
    assert response.status_code == 400 and not RecordNote.objects.exists()


@pytest.mark.django_db
def test_edit_skills_availability_and_active(client, staff):
    volunteer = register(staff, skills=["it"])
    client.force_login(staff)
    response = client.post(f"/registry/volunteers/{volunteer.pk}/edit/", {"skills": ["legal"],
                                                                          "availability": "anytime"})
    volunteer.refresh_from_db()
    assert response.status_code == 302 and not volunteer.active and volunteer.availability == "anytime"
    assert list(volunteer.skills.values_list("code", flat=True)) == ["legal"] and volunteer.version == 2
    client.force_login(make_user("reviewer", Role.DISTRICT_REVIEWER, D1))
    assert client.get(f"/registry/volunteers/{volunteer.pk}/edit/").status_code == 403


# --- teams ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_team_names_are_unique_per_unit_with_a_clear_error(client, staff):
    client.force_login(staff)
    assert client.post("/registry/volunteers/teams/new/", {"name": "银龄互助队", "region": C111}).status_code == 302
    with translation.override("en"):
        response = client.post("/registry/volunteers/teams/new/", {"name": " 银龄互助队 ", "region": C111})
    assert "already exists" in str(response.context["form"].errors["name"])
    assert VolunteerTeam.objects.count() == 1
    other = make_user("other", Role.COMMUNITY_STAFF, C112)
    services.team_create(user=other, region=Region.objects.get(code=C112), name="银龄互助队")
    assert VolunteerTeam.objects.count() == 2


@pytest.mark.django_db
def test_members_join_leave_and_lead(client, spread, staff):
    team = services.team_create(user=staff, region=Region.objects.get(code=C111), name="银龄互助队")
    mine, foreign = spread[C111], spread[C112]
    client.force_login(staff)
    url = f"/registry/volunteers/teams/{team.pk}/"
    assert client.post(url + "members/add/", {"member-number": mine.number}).status_code == 302
    refused = client.post(url + "members/add/", {"member-number": foreign.number})  # not visible to C111 staff
    assert refused.status_code == 400 and refused.context["member_form"].errors["number"]
    assert client.post(url + "leader/", {"leader-leader": foreign.pk}).status_code == 400
    assert client.post(url + "leader/", {"leader-leader": mine.pk}).status_code == 302
    team.refresh_from_db()
    assert team.leader == mine and list(client.get(url).context["members"])[0].volunteer == mine
    assert client.post(url + f"members/{mine.pk}/remove/").status_code == 302
    team.refresh_from_db()
    membership = TeamMembership.objects.get(team=team, volunteer=mine)
    assert team.leader is None and membership.left_on is not None
    assert list(client.get(url).context["members"]) == []
    client.post(url + "members/add/", {"member-number": mine.number})  # joins again
    membership.refresh_from_db()
    assert membership.left_on is None


@pytest.mark.django_db
def test_a_street_team_takes_members_from_its_communities(spread):
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    team = services.team_create(user=officer, region=Region.objects.get(code=S11), name="北山街道志愿服务队")
    services.team_member_add(user=officer, team=team, volunteer=spread[C111])
    services.team_member_add(user=officer, team=team, volunteer=spread[C112])
    with pytest.raises(PermissionDenied):
        services.team_member_add(user=officer, team=team, volunteer=spread[C121])
    assert team.memberships.count() == 2


@pytest.mark.django_db
def test_teams_are_scoped_and_the_list_runs_constant_queries(client, staff):
    other = make_user("other", Role.COMMUNITY_STAFF, C211)
    foreign = services.team_create(user=other, region=Region.objects.get(code=C211), name="外区队")
    client.force_login(staff)
    services.team_create(user=staff, region=Region.objects.get(code=C111), name="队0")
    client.get("/registry/volunteers/teams/")
    with CaptureQueriesContext(connection) as one:
        client.get("/registry/volunteers/teams/")
    for i in range(1, 8):
        team = services.team_create(user=staff, region=Region.objects.get(code=C111), name=f"队{i}")
        volunteer = register(staff, f"队员{i}")
        services.team_member_add(user=staff, team=team, volunteer=volunteer)
        services.team_set_leader(user=staff, team=team, volunteer=volunteer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/registry/volunteers/teams/")
    assert len(response.context["page"]) == 8 and len(many) == len(one)
    assert client.get(f"/registry/volunteers/teams/{foreign.pk}/").status_code == 404


# --- hub, navigation, linkage ---------------------------------------------------------------

@pytest.mark.django_db
def test_the_hub_and_the_navigation(client, staff):
    client.force_login(staff)
    with translation.override("en"):
        page = client.get("/registry/").content.decode()
    for url in ("/registry/volunteers/", "/registry/volunteers/teams/", "/registry/volunteers/entries/"):
        assert f'href="{url}"' in page
    assert 'href="/registry/volunteers/me/"' not in page
    client.force_login(make_user("vol", Role.VOLUNTEER, C111))
    assert 'href="/registry/volunteers/me/"' in client.get("/").content.decode()


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=LOCAL_TZ), tick=False)
def test_linkage_figures_per_unit_and_year(staff):
    points_scheme(D1)
    verifier = make_user("verifier", Role.COMMUNITY_STAFF, C111)
    other = make_user("other", Role.COMMUNITY_STAFF, C112)
    a, b = register(staff, "甲"), register(staff, "乙")
    register(other, "丙", region=C112)
    register(staff, "丁")
    for entry in record(staff, [a, b], days_ago=3, start=(9, 0), end=(12, 0)):
        entry_verify(user=verifier, entry=entry)
    record(staff, a, days_ago=2)  # not verified: not counted
    officer = make_user("officer", Role.STREET_OFFICER, S11)  # sees the volunteers of both communities
    [served_elsewhere] = record(officer, a, region=C112, days_ago=4, start=(14, 0), end=(15, 30))
    entry_verify(user=make_user("other2", Role.COMMUNITY_STAFF, C112), entry=served_elsewhere)
    year = 2026
    street = Region.objects.get(code=S11)
    figures = selectors.volunteer_figures(street, year)
    assert figures == selectors.VolunteerFigures(registered=4, served=2, hours=Decimal("7.50"))
    assert selectors.volunteer_figures(Region.objects.get(code=C112), year) == selectors.VolunteerFigures(
        registered=1, served=1, hours=Decimal("1.50"))
    by_unit = selectors.volunteer_figures_by_unit(street, year)
    assert by_unit[C111] == selectors.VolunteerFigures(registered=3, served=2, hours=Decimal("6.00"))
    assert by_unit[C112].registered == 1 and by_unit[C112].hours == Decimal("1.50")
    district = selectors.volunteer_figures_by_unit(Region.objects.get(code=D1), year)
    assert list(district) == [S11] and district[S11] == figures
    assert selectors.volunteer_figures(street, year - 1).served == 0
    assert selectors.volunteer_figures(street, year, user=other).registered == 1  # what the user may see


# --- demo -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_demo_loads_twice_links_the_volunteer_and_earns_points(client, monkeypatch):
    from django.core.management import call_command

    from wuse.core import demo
    from wuse.ledger.models import Account
    from wuse.regions.importer import import_regions_text
    from wuse.registry.volunteers.demo import load_volunteers_demo
    from wuse.registry.volunteers.models import Certificate, ServiceEntry

    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))
    ensure_default_skills()
    monkeypatch.setattr(demo, "DEMO_LOADERS", [(50, load_volunteers_demo)])
    points_scheme("330106000000")
    call_command("load_demo")
    counts = (Volunteer.objects.count(), ServiceEntry.objects.count(), Certificate.objects.count())
    call_command("load_demo")
    assert (Volunteer.objects.count(), ServiceEntry.objects.count(), Certificate.objects.count()) == counts
    assert counts[0] == 12 and counts[1] >= 30 and counts[2] == 1
    person = Person.objects.get(user__username="volunteer")
    account = Account.objects.get(person=person)
    assert account.balance >= 40
    client.force_login(person.user)
    response = client.get("/registry/volunteers/me/")
    assert response.status_code == 200 and response.context["volunteer"].person == person
    certificate = Certificate.objects.get()
    assert client.get(f"/registry/volunteers/certificates/{certificate.pk}/pdf/").status_code == 200
