"""Social workers and full-time community workers: registration with the person, certificate rules,
scoping, personal data, the certified-share KPI, the linkage figures, constant query counts and the demo."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.helpers import C111, C112, C121, C211, D1, D2, S11, make_user
from wuse.accounts.models import Membership, User
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.privacy import check_character
from wuse.regions.models import Region
from wuse.registry.codes import make_credit_code
from wuse.registry.organizations import kpi, services
from wuse.registry.organizations.models import Organization, OrgKind, OrgStatus, SocialWorker
from wuse.registry.organizations.services import (
    SocialWorkerError,
    WorkerData,
    social_worker_register,
    social_worker_update,
)
from wuse.registry.people.models import Person
from wuse.registry.people.services import PersonData, person_register

ROOT = Path(__file__).resolve().parent.parent.parent


def url(name: str, *args) -> str:
    return reverse(f"registry:organizations:{name}", args=args)


def id_number(serial: int) -> str:
    first17 = f"11010519800101{serial:03d}"
    return first17 + check_character(first17)


def cert(serial: int, year: int = 2019) -> str:
    return f"{year}{serial:014d}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(tree):
    return make_user("c111", Role.COMMUNITY_STAFF, C111)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def add(user, name, *, home=C111, workplace=None, community=True, level="", number="", phone="", employer=None,
        active=True, year=None) -> SocialWorker:
    serial = SocialWorker.objects.count() + Person.objects.count() + 1
    return social_worker_register(
        user=user, person=PersonData(name=name, region=region(home), phone=phone or f"1390000{serial:04d}"),
        data=WorkerData(region=region(workplace or home), employer=employer, is_community_worker=community,
                        certificate_level=level, certificate_number=number, certified_year=year, active=active))


def form(**changes) -> dict:
    data = {"name": "王丽华", "region": C111, "gender": "f", "birth_year": "", "id_type": "resident",
            "id_number": id_number(1), "phone": "138 1234 5678", "workplace": C111, "employer": "",
            "is_community_worker": "on", "certificate_level": "social_worker", "certificate_number": cert(1),
            "certified_year": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# ------------------------------------------------------------------------------------------ register


@pytest.mark.django_db
def test_community_staff_register_a_certified_community_worker(client, staff):
    client.force_login(staff)
    response = client.post(url("worker_create"), form())
    assert response.status_code == 302, (response.context["form"].errors, response.context["person_form"].errors)
    worker = SocialWorker.objects.select_related("person").get()
    assert worker.person.name == "王丽华" and worker.person.phone == "13812345678"
    assert worker.person.birth_year == 1980  # from the ID number
    assert (worker.certificate_level, worker.certificate_number, worker.certified_year) == (
        "social_worker", cert(1), 2019)
    assert worker.is_community_worker and worker.is_certified and worker.region_id == C111
    assert set(AuditEntry.objects.filter(object_id__in=[str(worker.pk), str(worker.person.pk)])
               .values_list("action", flat=True)) >= {"social_worker.create", "person.create"}
    page = client.get(url("worker_detail", worker.pk)).content.decode()
    assert "138****5678" in page and "13812345678" not in page and id_number(1) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("changes, field, words", [
    ({"certificate_number": ""}, "certificate_number", "Enter the certificate number"),
    ({"certificate_level": ""}, "certificate_level", "Choose the level"),
    ({"certificate_number": "20193301060000000X"}, "certificate_number", "digits only"),
    ({"certificate_number": "2019330106"}, "certificate_number", "18 digits"),
    ({"certificate_number": cert(1, 2005)}, "certificate_number", "starts with the year"),
    ({"certified_year": "2020"}, "certified_year", "starts with 2019"),
    ({"certificate_level": "", "certificate_number": "", "certified_year": "2020"}, "certified_year", "needs a cert"),
])
def test_certificate_rules_give_form_errors_and_write_nothing(client, staff, changes, field, words):
    client.force_login(staff)
    response = client.post(url("worker_create"), form(**changes))
    assert response.status_code == 400
    assert words in str(response.context["form"].errors[field])
    assert not SocialWorker.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_certificate_number_is_refused_and_no_person_is_left_behind(client, staff):
    add(staff, "甲", level="assistant", number=cert(5))
    client.force_login(staff)
    people = Person.objects.count()
    response = client.post(url("worker_create"), form(certificate_number=cert(5)))
    assert response.status_code == 400
    assert "already registered" in str(response.context["form"].errors["certificate_number"])
    assert Person.objects.count() == people and SocialWorker.objects.count() == 1
    with pytest.raises(ValidationError):
        add(staff, "乙", level="assistant", number=cert(5))
    assert Person.objects.count() == people


@pytest.mark.django_db
def test_a_registered_person_is_found_again_but_not_registered_twice_as_a_worker(client, staff):
    person, _created = person_register(user=staff, action="social_worker.create", data=PersonData(
        name="王丽华", region=region(C111), id_number=id_number(1)))  # e.g. registered as a volunteer before
    client.force_login(staff)
    assert client.post(url("worker_create"), form()).status_code == 302
    assert SocialWorker.objects.get().person == person and Person.objects.count() == 1
    response = client.post(url("worker_create"), form(certificate_number=cert(2)))
    assert response.status_code == 400 and "already registered as a social worker" in response.content.decode()
    with pytest.raises(SocialWorkerError):
        social_worker_register(user=staff, data=WorkerData(region=region(C111)),
                               person=PersonData(name="王丽华", region=region(C111), id_number=id_number(1)))
    response = client.post(url("worker_create"), form(name="别人", certificate_number=cert(2)))
    assert response.status_code == 400 and "another name" in response.content.decode()
    assert SocialWorker.objects.count() == 1


@pytest.mark.django_db
def test_workplace_and_employer_are_limited_to_what_the_user_may_use(client, staff, tree):
    reviewer = make_user("d1", Role.DISTRICT_REVIEWER, D1)
    d2 = make_user("d2", Role.DISTRICT_REVIEWER, D2)
    serving = services.organization_create(user=reviewer, name="服务本社区", kind=OrgKind.SOCIAL_WORK_AGENCY,
                                           credit_code=make_credit_code("5", "2", "410101", 1), region=region(D1),
                                           service_areas=[region(S11)])
    elsewhere = services.organization_create(user=d2, name="二区机构", kind=OrgKind.SOCIAL_WORK_AGENCY,
                                             credit_code=make_credit_code("5", "2", "410102", 2), region=region(D2),
                                             service_areas=[region(C211)])
    client.force_login(staff)
    response = client.get(url("worker_create"))
    assert list(response.context["form"].fields["employer"].queryset) == [serving]
    assert [u.code for u in response.context["form"].fields["workplace"].queryset] == [C111]
    assert client.post(url("worker_create"), form(employer=elsewhere.pk)).status_code == 400
    assert client.post(url("worker_create"), form(workplace=C112)).status_code == 400
    with pytest.raises(PermissionDenied):
        add(staff, "甲", employer=elsewhere)
    with pytest.raises(PermissionDenied):
        add(staff, "乙", workplace=C112)
    services.organization_set_status(user=reviewer, organization=serving, status=OrgStatus.SUSPENDED, reason="x")
    with pytest.raises(ValidationError):
        add(staff, "丙", employer=serving)
    assert not SocialWorker.objects.exists()
    assert client.post(url("worker_create"), form(employer="")).status_code == 302
    client.force_login(make_user("city", Role.CITY_ADMIN, "410100000000"))
    assert client.get(url("worker_create")).status_code == 403  # the city views, the units register


# ------------------------------------------------------------------------------------------ scoping


@pytest.mark.django_db
def test_scoping_404_out_of_scope_and_the_station_of_a_street(client, staff, tree):
    officer = make_user("s11", Role.STREET_OFFICER, S11)
    mine = add(staff, "甲")
    station = add(officer, "乙", workplace=S11, community=False)
    other = add(make_user("c121", Role.COMMUNITY_STAFF, C121), "丙", home=C121)
    client.force_login(staff)
    assert client.get(url("worker_detail", mine.pk)).status_code == 200
    assert client.get(url("worker_detail", station.pk)).status_code == 404  # the street's station, above C111
    assert client.get(url("worker_detail", other.pk)).status_code == 404
    assert client.get(url("worker_edit", other.pk)).status_code == 404
    assert AuditEntry.objects.filter(action="social_worker.out_of_scope", object_id=str(other.pk)).exists()
    assert {w.pk for w in client.get(url("workers")).context["page"]} == {mine.pk}
    client.force_login(officer)
    assert {w.pk for w in client.get(url("workers")).context["page"]} == {mine.pk, station.pk}
    client.force_login(make_user("d1", Role.DISTRICT_REVIEWER, D1))
    assert {w.pk for w in client.get(url("workers")).context["page"]} == {mine.pk, station.pk, other.pk}
    for role, unit in ((Role.ORG_MEMBER, D1), (Role.VOLUNTEER, C111)):
        client.force_login(make_user(f"u-{role}", role, unit))
        assert client.get(url("workers")).status_code == 403
        assert client.get(url("worker_detail", mine.pk)).status_code == 404


@pytest.mark.django_db
def test_list_filters(client, staff):
    add(staff, "张一", level="assistant", number=cert(1))
    add(staff, "张二", level="senior", number=cert(2))
    add(staff, "李三", community=False)
    add(staff, "王四", active=False)
    client.force_login(staff)

    def names(**params):
        return {w.person.name for w in client.get(url("workers"), params).context["page"]}

    assert names() == {"张一", "张二", "李三", "王四"}
    assert names(certified="yes") == {"张一", "张二"}
    assert names(certified="no") == {"李三", "王四"}
    assert names(level="senior") == {"张二"}
    assert names(community_worker="no") == {"李三"}
    assert names(active="no") == {"王四"}
    assert names(q="张") == {"张一", "张二"}
    assert names(region=C111) == {"张一", "张二", "李三", "王四"}
    assert client.get(url("workers"), {"region": C121}).status_code == 404


@pytest.mark.django_db
def test_the_list_runs_a_constant_number_of_queries(client, staff, tree):
    officer = make_user("s11", Role.STREET_OFFICER, S11)

    def count(user) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("workers")).status_code == 200
        return len(queries)

    add(staff, "一", level="assistant", number=cert(1))
    one_staff, one_officer = count(staff), count(officer)
    employer = services.organization_create(
        user=make_user("d1", Role.DISTRICT_REVIEWER, D1), name="雇主", kind=OrgKind.SOCIAL_WORK_AGENCY,
        credit_code=make_credit_code("5", "2", "410101", 9), region=region(D1), service_areas=[region(S11)])
    for n in range(2, 12):
        add(staff if n % 2 else make_user(f"c112-{n}", Role.COMMUNITY_STAFF, C112), f"人{n}",
            home=C111 if n % 2 else C112, level="assistant" if n % 3 else "", number=cert(n) if n % 3 else "",
            employer=employer if n % 4 else None)
    assert count(staff) == one_staff
    assert count(officer) == one_officer


# ------------------------------------------------------------------------------------------ edit and reveal


@pytest.mark.django_db
def test_edit_keeps_the_masked_contact_data_when_left_empty_and_refuses_a_stale_version(client, staff):
    worker = add(staff, "甲", phone="13812345678")
    client.force_login(staff)
    page = client.get(url("worker_edit", worker.pk)).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    data = form(name="甲", id_number="", phone="", certificate_level="assistant", certificate_number=cert(3),
                version=worker.version, active="on")
    response = client.post(url("worker_edit", worker.pk), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    worker.refresh_from_db()
    worker.person.refresh_from_db()
    assert worker.person.phone == "13812345678" and worker.certificate_number == cert(3)
    assert worker.version == 2 and worker.certified_year == 2019
    response = client.post(url("worker_edit", worker.pk), {**data, "certificate_number": cert(4)})
    assert response.status_code == 400 and "changed by someone else" in response.content.decode()
    worker.refresh_from_db()
    assert worker.certificate_number == cert(3)
    with pytest.raises(ValidationError):
        social_worker_update(user=staff, worker=worker, version=worker.version, person=None,
                             data=WorkerData(region=worker.region, certificate_level="assistant"))
    with pytest.raises(PermissionDenied):
        social_worker_update(user=make_user("c121", Role.COMMUNITY_STAFF, C121), worker=worker,
                             version=worker.version, person=None, data=WorkerData(region=worker.region))


@pytest.mark.django_db
def test_personal_data_is_revealed_only_to_the_community_and_audited(client, staff):
    worker = add(staff, "甲", phone="13812345678")
    client.force_login(make_user("s11", Role.STREET_OFFICER, S11))
    assert client.post(url("worker_reveal", worker.pk)).status_code == 403
    client.force_login(staff)
    response = client.post(url("worker_reveal", worker.pk))
    assert response.status_code == 200 and "13812345678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="person.reveal", object_id=str(worker.person_id)).count() == 1


@pytest.mark.django_db
def test_the_detail_shows_real_links_only(client, staff):
    from wuse.registry.volunteers.models import TeamMembership, Volunteer, VolunteerTeam

    employer = services.organization_create(
        user=make_user("d1", Role.DISTRICT_REVIEWER, D1), name="雇主", kind=OrgKind.SOCIAL_WORK_AGENCY,
        credit_code=make_credit_code("5", "2", "410101", 9), region=region(D1), service_areas=[region(S11)])
    worker = add(staff, "甲", employer=employer)
    client.force_login(staff)
    page = client.get(url("worker_detail", worker.pk)).content.decode()
    assert "Not registered as a volunteer." in page and "The employer runs 0 active volunteer teams." in page
    main = page[page.index("<main"):page.index("</main>")]
    assert "project" not in main.lower()  # no link to a page that does not exist yet (the navigation has one)
    volunteer = Volunteer.objects.create(person=worker.person, region_id=C111, number="V-1")
    teams = [VolunteerTeam.objects.create(name=f"队{n}", region_id=C111, organization=employer if n else None)
             for n in range(3)]
    TeamMembership.objects.create(team=teams[0], volunteer=volunteer)
    TeamMembership.objects.create(team=teams[1], volunteer=volunteer, left_on=teams[1].created_at.date())
    teams[2].leader = volunteer
    teams[2].save()
    page = client.get(url("worker_detail", worker.pk)).content.decode()
    assert "Registered as a volunteer, in 2 volunteer teams." in page  # the one left is not counted
    assert "The employer runs 2 active volunteer teams." in page


# ------------------------------------------------------------------------------------------ KPI and figures


@pytest.mark.django_db
def test_certified_share_per_unit_and_the_target(client, staff, tree):
    c112 = make_user("c112", Role.COMMUNITY_STAFF, C112)
    add(staff, "甲", level="assistant", number=cert(1))
    add(staff, "乙", level="social_worker", number=cert(2))
    add(staff, "丙")
    add(staff, "丁", level="senior", number=cert(3), community=False)  # not a community worker: not counted
    add(staff, "戊", level="senior", number=cert(4), active=False)  # not in post: not counted
    add(c112, "己", home=C112)
    add(c112, "庚", home=C112, level="assistant", number=cert(5, 2024))
    shares = kpi.certified_share(S11[:9])
    assert shares[C111] == kpi.Share(2, 3) and shares[C112] == kpi.Share(1, 2)
    assert shares[C111].share == Decimal("0.667") and shares[C112].percent == 50
    assert kpi.certified_share(S11[:9], level="street") == {S11: kpi.Share(3, 5)}
    assert kpi.certified_share(S11[:9], level="street", year=2020) == {}  # none registered in wuse by then
    SocialWorker.objects.update(created_at=timezone.make_aware(dt.datetime(2019, 3, 1)))
    assert kpi.certified_share(S11[:9], level="street", year=2020) == {S11: kpi.Share(2, 5)}  # 2024's not yet
    assert kpi.certified_social_workers(S11[:9], level="street") == {S11: 4}
    assert kpi.community_workers(S11[:9]) == {C111: 3, C112: 2}
    figures = kpi.linkage_counts(S11[:9], level="community")
    assert figures[C111].certified_community_workers == 2 and figures[C111].community_workers == 3
    assert figures[C111].certified_social_workers == 3
    officer = make_user("s11", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    response = client.get(url("workers"))
    rows = {unit.code: cell.value for unit, cell in response.context["shares"]}
    assert rows == {S11: kpi.Share(3, 5), C111: kpi.Share(2, 3), C112: kpi.Share(1, 2)}
    targets = {unit.code: cell.meets_target for unit, cell in response.context["shares"]}
    assert targets == {S11: True, C111: True, C112: False}
    page = response.content.decode()
    assert "at least 60 %" in page and "60 %" in page and "67 %" in page and "50 %" in page
    assert "Zhejiang's target is at least 60%" in page.replace("&#x27;", "'")  # the figure's definition


@pytest.mark.django_db
def test_the_kpi_counts_each_unit_at_its_own_level(staff, tree):
    add(staff, "甲", level="assistant", number=cert(1))
    add(make_user("c211", Role.COMMUNITY_STAFF, C211), "乙", home=C211)
    city = Region.objects.get(code="410100000000")
    districts = list(Region.objects.filter(parent=city).order_by("code"))
    rows = kpi.certified_share_rows(city, districts)
    assert [(unit.code, cell.value) for unit, cell in rows] == [
        (city.code, kpi.Share(1, 2)), (districts[0].code, kpi.Share(1, 1)), (districts[1].code, kpi.Share(0, 1))]


# ------------------------------------------------------------------------------------------ demo


@pytest.fixture
def hangzhou(db):
    from wuse.regions.importer import import_regions_text

    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))


def demo_users() -> dict:
    from wuse.core.demo import ACCOUNTS

    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        Membership.objects.get_or_create(user=user, region_id=account.unit, role=account.role)
    return {u.username: u for u in User.objects.all()}


@pytest.mark.django_db
def test_the_demo_loads_twice_with_a_real_certified_share(client, hangzhou):
    from wuse.registry.organizations.demo import load_organizations_demo

    users = demo_users()
    load_organizations_demo(users)
    first = (Organization.objects.count(), SocialWorker.objects.count(), Person.objects.count())
    load_organizations_demo(users)
    assert (Organization.objects.count(), SocialWorker.objects.count(), Person.objects.count()) == first
    assert first[:2] == (6, 8)
    leling = Organization.objects.get(name="西湖区乐龄社会工作服务中心")
    assert leling.rating == "5A" and leling.members.get().user.username == "org_member"
    filed = Organization.objects.get(filing_number="北山备字2024第003号")
    assert filed.credit_code == "" and filed.region_id == "330106002000"
    assert Organization.objects.filter(status=OrgStatus.SUSPENDED).count() == 1
    assert kpi.certified_share("330106002", level="street") == {"330106002000": kpi.Share(3, 5)}
    client.force_login(users["shangbao_staff"])
    names = {o.name for o in client.get(url("list")).context["page"]}
    assert names == {"西湖区乐龄社会工作服务中心", "上保社区邻里互助会", "杭州市春晖公益基金会"}
    client.force_login(users["org_member"])
    assert client.get(url("edit", leling.pk)).status_code == 200
    assert url("mine") in client.get("/").content.decode()
