"""Social organizations: registration rules, duplicates, scoping (served units and members), status,
members, documents, contact data and constant query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.helpers import C111, C112, C121, C211, CITY, D1, D2, S11, S12, S21, make_user
from wuse.access import api as access
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.regions.models import Region
from wuse.registry.codes import make_credit_code
from wuse.registry.organizations import kpi, services
from wuse.registry.organizations.models import (
    MemberRole,
    Organization,
    OrganizationDocument,
    OrganizationMember,
    OrgKind,
    OrgStatus,
    ServiceArea,
    ServiceField,
)
from wuse.registry.organizations.selectors.organizations import organizations_for_user
from wuse.registry.organizations.workflow import ORGANIZATION_PROCESS
from wuse.workflow.models import TransitionLog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name: str, *args) -> str:
    return reverse(f"registry:organizations:{name}", args=args)


def code(serial: int, division: str = "410101") -> str:
    return make_credit_code("5", "2", division, serial)


def units(*codes) -> list[Region]:
    return list(Region.objects.filter(code__in=codes))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def reviewer(tree):
    return make_user("d1_reviewer", Role.DISTRICT_REVIEWER, D1)


def register(user, name="乐龄社工服务中心", *, region=D1, areas=(S11,), serial=1, **values) -> Organization:
    values = {"kind": OrgKind.SOCIAL_WORK_AGENCY, "credit_code": code(serial), **values}
    return services.organization_create(user=user, name=name, region=Region.objects.get(code=region),
                                        service_areas=units(*areas), **values)


def form_data(**changes) -> dict:
    data = {"name": "西湖区乐龄社工服务中心", "kind": OrgKind.SOCIAL_WORK_AGENCY, "region": D1,
            "credit_code": code(7), "filing_number": "", "authority": "区民政局", "service_areas": [S11],
            "fields": ["elderly_care", "children"], "contact_name": "沈佳", "contact_phone": "138 1234 5678",
            "rating": "5A", "rating_year": "2023", "address": "", "introduction": "", "legal_representative": "",
            "established_on": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# ------------------------------------------------------------------------------------ registration


@pytest.mark.django_db
def test_the_service_fields_are_seeded_with_chinese_and_english_names(db):
    fields = {f.code: f for f in ServiceField.objects.all()}
    assert len(fields) == 12
    assert (fields["elderly_care"].name, fields["elderly_care"].name_en) == ("为老服务", "Elderly care")
    assert fields["mental_health"].name == "心理健康" and fields["other"].name == "其他"
    assert fields["legal_aid"].label == "Legal aid"
    with translation.override("zh-hans"):
        assert fields["legal_aid"].label == "法律援助"


@pytest.mark.django_db
def test_a_registrar_registers_an_organization_with_a_normalized_code_and_an_encrypted_phone(client, reviewer):
    client.force_login(reviewer)
    raw = code(7).lower()
    response = client.post(url("create"), form_data(credit_code=f" {raw[:9]} {raw[9:]} "))
    assert response.status_code == 302, response.context["form"].errors
    organization = Organization.objects.get()
    assert organization.credit_code == code(7) and organization.created_by == reviewer
    assert organization.contact_phone == "13812345678" and organization.rating == "5A"
    assert set(organization.fields.values_list("code", flat=True)) == {"elderly_care", "children"}
    assert list(organization.areas.values_list("region_id", flat=True)) == [S11]
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM organizations_organization")
        assert "13812345678" not in cursor.fetchone()[0]
    page = client.get(url("detail", organization.pk)).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    entry = AuditEntry.objects.get(action="organization.create")
    assert "credit_code" in entry.changed_fields and "13812345678" not in str(entry.detail)


@pytest.mark.django_db
def test_a_duplicate_credit_code_is_refused_with_a_clear_error_and_nothing_written(client, reviewer):
    register(reviewer, serial=7)
    client.force_login(reviewer)
    before = (Organization.objects.count(), ServiceArea.objects.count(), AuditEntry.objects.count())
    response = client.post(url("create"), form_data(name="另一个名字", credit_code=code(7)))
    assert response.status_code == 400
    assert "already registered" in str(response.context["form"].errors["credit_code"])
    assert (Organization.objects.count(), ServiceArea.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(ValidationError):
        register(reviewer, name="再来一个", serial=7)
    assert Organization.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("bad, words", [
    (code(7)[:-1] + ("A" if code(7)[-1] != "A" else "B"), "last character"),
    (code(7)[:17], "18 characters"),
    ("", "Enter the unified social credit code"),
])
def test_a_bad_or_missing_credit_code_is_refused(client, reviewer, bad, words):
    client.force_login(reviewer)
    response = client.post(url("create"), form_data(credit_code=bad))
    assert response.status_code == 400 and words in str(response.context["form"].errors["credit_code"])
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_only_a_community_org_filed_with_a_street_may_go_without_a_credit_code(client, tree):
    officer = make_user("s11", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    base = form_data(kind=OrgKind.COMMUNITY_ORG, region=S11, credit_code="", service_areas=[C111], rating="",
                     rating_year="")
    response = client.post(url("create"), base)
    assert response.status_code == 400 and "filing number" in str(response.context["form"].errors["filing_number"])
    response = client.post(url("create"), {**base, "kind": OrgKind.SERVICE_ORG, "filing_number": "北山备字2024第003号"})
    assert response.status_code == 400 and "credit_code" in response.context["form"].errors
    assert client.post(url("create"), {**base, "filing_number": "北山备字2024第003号"}).status_code == 302
    organization = Organization.objects.get()
    assert organization.credit_code == "" and organization.filing_number == "北山备字2024第003号"
    # the same filing number again at the same street: refused, nothing written
    response = client.post(url("create"), {**base, "name": "重复", "filing_number": "北山备字2024第003号"})
    assert response.status_code == 400 and "already filed" in str(response.context["form"].errors["filing_number"])
    assert Organization.objects.count() == 1
    # a district registers with a credit code: a community org at district level needs one
    client.force_login(make_user("d1", Role.DISTRICT_REVIEWER, D1))
    response = client.post(url("create"), {**base, "region": D1, "filing_number": "X1"})
    assert response.status_code == 400 and "credit_code" in response.context["form"].errors
    # another street may use the same filing number
    other = make_user("s12", Role.STREET_OFFICER, S12)
    services.organization_create(user=other, name="邻里会", kind=OrgKind.COMMUNITY_ORG, credit_code="",
                                 filing_number="北山备字2024第003号", region=Region.objects.get(code=S12),
                                 service_areas=units(C121))
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_registering_units_and_service_areas_are_limited_to_the_user(client, tree):
    officer = make_user("s11", Role.STREET_OFFICER, S11)
    with pytest.raises(PermissionDenied):
        register(officer, region=D1, areas=(C111,))
    with pytest.raises(PermissionDenied):
        register(officer, region=S11, areas=(C121,))  # a community of another street
    with pytest.raises(ValidationError):
        register(officer, region=S11, areas=())
    client.force_login(make_user("c111", Role.COMMUNITY_STAFF, C111))
    assert client.get(url("create")).status_code == 403
    client.force_login(officer)
    response = client.get(url("create"))
    assert [u.code for u in response.context["form"].fields["region"].queryset] == [S11]
    assert not Organization.objects.exists()


# ------------------------------------------------------------------------------------------ scoping


@pytest.fixture
def world(reviewer):
    """A: registered at D1, serving street S11 (so C111 and C112); B: at D1 serving C121; C: at D2 serving C211;
    E: at the city, serving district D1 (so every unit of D1)."""
    d2 = make_user("d2_reviewer", Role.DISTRICT_REVIEWER, D2)
    city = make_user("city", Role.CITY_ADMIN, CITY)
    return {
        "A": register(reviewer, "A 社工机构", areas=(S11,), serial=1),
        "B": register(reviewer, "B 服务社", areas=(C121,), serial=2),
        "C": register(d2, "C 二区机构", region=D2, areas=(C211,), serial=3, credit_code=code(3, "410102")),
        "E": register(city, "E 基金会", region=CITY, areas=(D1,), serial=4, kind=OrgKind.FOUNDATION,
                      credit_code=make_credit_code("5", "3", "410100", 4)),
    }


def visible(user) -> set[str]:
    return {o.name.split()[0] for o in organizations_for_user(user)}


@pytest.mark.django_db
def test_a_community_sees_the_organizations_serving_it_including_street_and_district_wide_ones(world):
    assert visible(make_user("c111", Role.COMMUNITY_STAFF, C111)) == {"A", "E"}
    assert visible(make_user("c112", Role.COMMUNITY_STAFF, C112)) == {"A", "E"}
    assert visible(make_user("c121", Role.COMMUNITY_STAFF, C121)) == {"B", "E"}
    assert visible(make_user("c211", Role.COMMUNITY_STAFF, C211)) == {"C"}
    assert visible(make_user("s11", Role.STREET_OFFICER, S11)) == {"A", "E"}
    assert visible(make_user("s21", Role.STREET_OFFICER, S21)) == {"C"}


@pytest.mark.django_db
def test_a_district_sees_its_area_and_the_city_everything(world, reviewer):
    assert visible(reviewer) == {"A", "B", "E"}
    assert visible(make_user("city2", Role.CITY_ADMIN, CITY)) == {"A", "B", "C", "E"}
    for role, unit in ((Role.ORG_MEMBER, D1), (Role.VOLUNTEER, C111), (Role.EVALUATOR, CITY)):
        assert visible(make_user(f"u-{role}", role, unit)) == set()


@pytest.mark.django_db
def test_scoping_is_one_query_without_duplicates(world, reviewer):
    ServiceArea.objects.bulk_create([ServiceArea(organization=world["A"], region_id=c) for c in (C111, C112, S12)])
    member = make_user("member", Role.ORG_MEMBER, D1)
    OrganizationMember.objects.create(organization=world["A"], user=member, role=MemberRole.ADMIN)
    staff = make_user("c111", Role.COMMUNITY_STAFF, C111)
    OrganizationMember.objects.create(organization=world["A"], user=staff, role=MemberRole.STAFF)
    for user in (reviewer, staff, member):
        rows = list(access.scoped(user, "organization.view", Organization.objects.all())
                    .values_list("pk", flat=True))
        assert len(rows) == len(set(rows))
        with CaptureQueriesContext(connection) as queries:
            access.scoped(user, "organization.view", Organization.objects.all()).count()
        assert len(queries) <= 2  # the memberships (cached after) and the count
    assert access.scoped(member, "organization.view", Organization.objects.all()).get() == world["A"]


@pytest.mark.django_db
def test_served_units_only_view(world):
    staff = make_user("c111", Role.COMMUNITY_STAFF, C111)
    officer = make_user("s11", Role.STREET_OFFICER, S11)
    a = world["A"]
    assert access.can(staff, "organization.view", a)
    for action in ("organization.change", "organization.set_status", "organization.members"):
        assert not access.can(staff, action, a)
    # street officer: A serves S11 but is registered at D1: view only, no change
    assert access.can(officer, "organization.view", a) and not access.can(officer, "organization.change", a)


@pytest.mark.django_db
def test_out_of_scope_is_a_404_like_a_missing_one_and_is_audited(client, world):
    client.force_login(make_user("c121", Role.COMMUNITY_STAFF, C121))
    assert client.get(url("detail", world["A"].pk)).status_code == 404
    assert client.get(url("detail", 999999)).status_code == 404
    assert client.get(url("edit", world["A"].pk)).status_code == 404
    assert client.get(url("detail", world["B"].pk)).status_code == 200
    assert client.get(url("edit", world["B"].pk)).status_code == 403
    assert AuditEntry.objects.filter(action="organization.out_of_scope", object_id=str(world["A"].pk)).exists()


@pytest.mark.django_db
def test_list_filters(client, world, reviewer):
    ServiceArea.objects.create(organization=world["B"], region_id=C111)
    world["B"].fields.set(["children"])
    services.organization_set_status(user=reviewer, organization=world["A"], status=OrgStatus.SUSPENDED,
                                     reason="整改")
    client.force_login(reviewer)

    def names(**params):
        response = client.get(url("list"), params)
        assert response.status_code == 200
        return {o.name.split()[0] for o in response.context["page"]}

    assert names(status="suspended") == {"A"}
    assert names(kind=OrgKind.FOUNDATION) == {"E"}
    assert names(field="children") == {"B"}
    assert names(rating="5A") == set()
    assert names(q="服务社") == {"B"}
    assert names(q=code(2).lower()) == {"B"}
    assert names(region=C121) == {"B", "E"}  # serving C121 (E through the district)
    assert names(region=C111) == {"A", "B", "E"}
    assert names(region=S11, relation="registered") == set()
    assert names(region=D1, relation="registered") == {"A", "B"}
    assert client.get(url("list"), {"region": D2}).status_code == 404


@pytest.mark.django_db
def test_the_list_runs_a_constant_number_of_queries(client, reviewer):
    def count() -> int:
        client.force_login(reviewer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("list")).status_code == 200
        return len(queries)

    register(reviewer, "一", serial=100)
    one = count()
    for n in range(101, 108):
        organization = register(reviewer, f"机构{n}", areas=(S11, C111, S12), serial=n)
        organization.fields.set(["elderly_care", "health"])
    assert count() == one
    member = make_user("member", Role.ORG_MEMBER, D1)
    for organization in Organization.objects.all()[:3]:
        OrganizationMember.objects.create(organization=organization, user=member)
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("list"))
    assert response.status_code == 200 and len(response.context["page"]) == 3
    assert len(queries) <= one + 1


# ------------------------------------------------------------------------------------------ members


@pytest.fixture
def admin_member(world):
    user = make_user("org_admin", Role.ORG_MEMBER, D1)
    OrganizationMember.objects.create(organization=world["A"], user=user, role=MemberRole.ADMIN)
    return user


@pytest.mark.django_db
def test_an_admin_member_sees_and_edits_the_profile_but_not_the_registration_status_or_rating(
        client, world, admin_member):
    a = world["A"]
    client.force_login(admin_member)
    assert client.get(url("detail", a.pk)).status_code == 200
    assert client.get(url("detail", world["B"].pk)).status_code == 404
    form = client.get(url("edit", a.pk)).context["form"]
    assert "rating" not in form.fields and "credit_code" not in form.fields and "service_areas" not in form.fields
    response = client.post(url("edit", a.pk), {"version": a.version, "introduction": "我们的介绍",
                                               "contact_phone": "0571-87654321", "fields": ["health"],
                                               "rating": "1A", "name": "改名"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.introduction == "我们的介绍" and a.contact_phone == "0571-87654321" and a.version == 2
    assert a.rating == "" and a.name == "A 社工机构"  # not the member's to change
    with pytest.raises(PermissionDenied):
        services.organization_update(user=admin_member, organization=a, version=a.version, rating="5A",
                                     rating_year=2024)
    with pytest.raises(PermissionDenied):
        services.organization_update(user=admin_member, organization=a, version=a.version,
                                     service_areas=units(C111))
    assert client.post(url("set_status", a.pk), {"status-status": "suspended",
                                                 "status-reason": "x"}).status_code == 403
    a.refresh_from_db()
    assert a.status == OrgStatus.ACTIVE
    assert client.post(url("reveal", a.pk)).status_code == 403


@pytest.mark.django_db
def test_an_admin_member_manages_members_and_the_last_admin_stays(client, world, admin_member):
    a = world["A"]
    colleague = make_user("colleague")
    client.force_login(admin_member)
    assert client.post(url("member_add", a.pk), {"member-username": "colleague",
                                                 "member-role": "staff"}).status_code == 302
    row = OrganizationMember.objects.get(user=colleague)
    assert row.role == MemberRole.STAFF
    response = client.post(url("member_add", a.pk), {"member-username": "colleague", "member-role": "staff"})
    assert response.status_code == 400 and "already a member" in response.content.decode()
    response = client.post(url("member_add", a.pk), {"member-username": "nobody", "member-role": "staff"})
    assert response.status_code == 400 and OrganizationMember.objects.count() == 2
    mine = OrganizationMember.objects.get(user=admin_member)
    client.post(url("member_remove", a.pk, mine.pk))
    assert OrganizationMember.objects.filter(pk=mine.pk).exists()  # the last administrator
    assert client.post(url("member_remove", a.pk, row.pk)).status_code == 302
    assert not OrganizationMember.objects.filter(pk=row.pk).exists()
    assert list(AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(a.pk))
                .filter(action__startswith="organization.member").order_by("id").values_list("action", flat=True)) == [
        "organization.member_add", "organization.member_remove"]
    # the registrar may remove the last administrator
    client.force_login(make_user("d1b", Role.DISTRICT_REVIEWER, D1))
    assert client.post(url("member_remove", a.pk, mine.pk)).status_code == 302
    assert not OrganizationMember.objects.exists()


@pytest.mark.django_db
def test_a_staff_member_sees_the_organization_but_cannot_edit_it(client, world):
    a = world["A"]
    user = make_user("org_staff", Role.ORG_MEMBER, D1)
    OrganizationMember.objects.create(organization=a, user=user, role=MemberRole.STAFF)
    client.force_login(user)
    assert client.get(url("detail", a.pk)).status_code == 200
    assert client.get(url("edit", a.pk)).status_code == 403
    assert client.post(url("member_add", a.pk), {"member-username": "org_staff", "member-role": "admin"}
                       ).status_code == 403
    page = client.get(url("mine"))
    assert page.status_code == 200 and [r.organization for r in page.context["rows"]] == [a]
    assert not page.context["rows"][0].is_admin


@pytest.mark.django_db
def test_my_organization_page_and_navigation(client, world, admin_member):
    client.force_login(admin_member)
    response = client.get(url("mine"))
    assert response.status_code == 200 and response.context["rows"][0].is_admin
    assert url("edit", world["A"].pk) in response.content.decode()
    assert url("mine") in client.get("/").content.decode()  # the nav entry of organization members
    client.force_login(make_user("c111", Role.COMMUNITY_STAFF, C111))
    assert client.get(url("mine")).status_code == 403


@pytest.mark.django_db
def test_the_hub_lists_the_sections(client, world, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("registry:home")).content.decode()
    assert url("list") in page and url("workers") in page


# ------------------------------------------------------------------------------------------ status


@pytest.mark.django_db
def test_status_changes_need_a_reason_and_a_registrar(client, world, reviewer):
    a = world["A"]
    client.force_login(reviewer)
    response = client.post(url("set_status", a.pk), {"status-status": "suspended", "status-reason": "  "})
    assert response.status_code == 400
    assert client.post(url("set_status", a.pk), {"status-status": "suspended",
                                                 "status-reason": "年检不合格"}).status_code == 302
    a.refresh_from_db()
    assert (a.status, a.status_reason) == (OrgStatus.SUSPENDED, "年检不合格")
    assert client.post(url("set_status", a.pk), {"status-status": "active",
                                                 "status-reason": "整改完成"}).status_code == 302
    services.organization_set_status(user=reviewer, organization=a, status=OrgStatus.DEREGISTERED, reason="注销")
    with pytest.raises(services.OrganizationError):
        services.organization_set_status(user=reviewer, organization=a, status=OrgStatus.SUSPENDED, reason="x")
    # One audit row per status change, named after its transition (the refusal above left a "denied" row).
    actions = [f"organization.{t.name}" for t in ORGANIZATION_PROCESS.transitions]
    entries = AuditEntry.objects.filter(action__in=actions, object_id=str(a.pk), outcome=Outcome.SUCCESS)
    assert [(e.action, e.detail["to"]) for e in entries.order_by("id")] == [
        ("organization.suspend", "suspended"), ("organization.reactivate", "active"),
        ("organization.deregister", "deregistered")]
    assert [(s.transition, s.reason) for s in TransitionLog.objects.timeline(a)] == [
        ("suspend", "年检不合格"), ("reactivate", "整改完成"), ("deregister", "注销")]
    page = client.get(url("detail", a.pk)).content.decode()
    assert "data-confirm" in page and "注销" in page and "Reactivate：整改完成" in page  # the timeline
    client.force_login(make_user("c111", Role.COMMUNITY_STAFF, C111))
    assert client.post(url("set_status", a.pk), {"status-status": "active",
                                                 "status-reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_contact_phone_is_revealed_to_registrars_only_and_audited(client, world, reviewer):
    a = world["A"]
    services.organization_update(user=reviewer, organization=a, version=a.version, contact_phone="13812345678")
    client.force_login(make_user("c111", Role.COMMUNITY_STAFF, C111))
    assert "138****5678" in client.get(url("detail", a.pk)).content.decode()
    assert client.post(url("reveal", a.pk)).status_code == 403
    client.force_login(reviewer)
    response = client.post(url("reveal", a.pk))
    assert response.status_code == 200 and "13812345678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="organization.reveal")
    assert entry.changed_fields == ["contact_phone"]


@pytest.mark.django_db
def test_a_registrar_edits_registration_service_areas_and_rating(client, world, reviewer):
    a = world["A"]
    client.force_login(reviewer)
    form = client.get(url("edit", a.pk)).context["form"]
    assert form.initial["service_areas"] == [S11] and "13812345678" not in str(form)
    data = form_data(name="A 社工机构（更名）", credit_code=a.credit_code, version=a.version, contact_phone="",
                     service_areas=[C111, C121], rating="4A", rating_year="2024", fields=["health"])
    response = client.post(url("edit", a.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    a.refresh_from_db()
    assert a.name == "A 社工机构（更名）" and (a.rating, a.rating_year) == ("4A", 2024)
    assert sorted(a.areas.values_list("region_id", flat=True)) == [C111, C121]
    assert list(a.fields.values_list("code", flat=True)) == ["health"]
    entry = AuditEntry.objects.filter(action="organization.change", object_id=str(a.pk)).latest("id")
    assert {"name", "rating", "rating_year", "service_areas", "fields"} <= set(entry.changed_fields)
    response = client.post(url("edit", a.pk), {**data, "version": a.version, "credit_code": world["B"].credit_code})
    assert response.status_code == 400 and "already registered" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_an_edit_on_a_stale_version_is_refused(client, world, reviewer):
    a = world["A"]
    client.force_login(reviewer)
    stale = a.version
    services.organization_update(user=reviewer, organization=a, version=stale, address="新地址")
    data = form_data(name="A 社工机构", credit_code=a.credit_code, version=stale)
    assert client.post(url("edit", a.pk), data).status_code == 409
    a.refresh_from_db()
    assert a.address == "新地址" and a.rating == ""


# ------------------------------------------------------------------------------------------ documents


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, organization, content, name="登记证书.pdf", content_type="application/pdf"):
    return client.post(url("document_add", organization.pk), {
        "doc-kind": "registration", "doc-title": "登记证书",
        "doc-file": SimpleUploadedFile(name, content, content_type)})


@pytest.mark.django_db
def test_documents_are_type_checked_and_served_only_within_scope(client, world, reviewer, media):
    a = world["A"]
    client.force_login(reviewer)
    assert upload(client, a, PDF).status_code == 302
    document = OrganizationDocument.objects.get()
    assert document.file.name.endswith(".pdf") and "登记" not in document.file.name
    response = client.get(url("document", a.pk, document.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(make_user("c111", Role.COMMUNITY_STAFF, C111))  # served by A: may see it
    assert client.get(url("document", a.pk, document.pk)).status_code == 200
    assert upload(client, a, PNG, "x.png", "image/png").status_code == 403
    client.force_login(make_user("c121", Role.COMMUNITY_STAFF, C121))
    assert client.get(url("document", a.pk, document.pk)).status_code == 404
    assert client.get(url("document", world["B"].pk, document.pk)).status_code == 404  # another organization's
    client.force_login(reviewer)
    for content, name in ((b"<html><script>alert(1)</script>", "x.pdf"), (b"GIF89a" + b"\0" * 9, "x.png")):
        response = upload(client, a, content, name)
        assert response.status_code == 400 and "Only PDF, JPEG or PNG" in response.content.decode()
    big = PDF + b"\0" * (10 * 1024 * 1024)
    assert upload(client, a, big).status_code == 400
    assert upload(client, a, PNG, "证书.png", "image/png").status_code == 302
    assert OrganizationDocument.objects.count() == 2
    assert client.post(url("document_remove", a.pk, document.pk)).status_code == 302
    assert list(OrganizationDocument.objects.values_list("kind", flat=True)) == ["registration"]
    assert not (media / document.file.name).exists()


# ------------------------------------------------------------------------------------------ figures


@pytest.mark.django_db
def test_linkage_counts_of_organizations(world, reviewer):
    services.organization_set_status(user=reviewer, organization=world["B"], status=OrgStatus.SUSPENDED,
                                     reason="x")
    serving = kpi.organizations_serving(D1[:6], level="community")
    assert serving == {C111: 2, C112: 2, "410101002001": 1, "410101002002": 1}  # A+E, A+E, E (B suspended), E
    assert kpi.organizations_serving(D1[:6], level="street") == {S11: 2, S12: 1}
    assert kpi.organizations_serving("4101", level="district") == {D1: 2, D2: 1}
    # B is suspended; E, registered with the city itself, appears under the city's code
    assert kpi.organizations_registered("4101", level="district") == {CITY: 1, D1: 1, D2: 1}
    assert kpi.organizations_registered("4101", level="city") == {CITY: 3}
    assert kpi.organizations_registered("4101", level="district", year=2000) == {}
