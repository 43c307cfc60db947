import pytest
from django.db import DatabaseError, connection, transaction

from needs.services import need_create, need_update
from tests.helpers import C111, CITY, PASSWORD, make_user, need_form, require_postgres
from wuse.accounts.roles import Role
from wuse.audit.models import AppendOnlyError, AuditEntry
from wuse.audit.services import audit_record
from wuse.regions.models import Region


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_removed_through_the_app():
    entry = audit_record(action="test.write", target=None)
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditentry SET action = 'forged'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry",
])
def test_postgres_refuses_tampering_in_the_database_itself(statement):
    require_postgres()
    audit_record(action="test.write", target=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL wuse.audit_maintenance = 'off'")
        cursor.execute(statement)
    assert AuditEntry.objects.filter(action="test.write").count() == 1


@pytest.mark.django_db
def test_writes_record_who_what_where_and_which_fields_but_no_values(client, tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    client.post("/accounts/login/", {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    response = client.post("/needs/new/", need_form(C111, "独居老人 13812345678 需要探访",
                                                     description="身份证 330106199001011234"), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="need.create")
    assert (entry.user, entry.username, entry.ip, entry.object_type) == (staff, "staff", "10.1.2.3", "needs.need")
    assert {"community", "description", "title", "category"} <= set(entry.changed_fields)
    dump = f"{entry.detail} {entry.changed_fields}"
    assert "13812345678" not in dump and "330106199001011234" not in dump


@pytest.mark.django_db
def test_service_writes_outside_requests_are_audited_too(tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    need = need_create(user=staff, community=Region.objects.get(code=C111), title="路灯")
    need_update(user=staff, need=need, version=need.version, title="路灯坏了", description="")
    assert list(AuditEntry.objects.filter(object_id=str(need.pk)).order_by("id").values_list(
        "action", "changed_fields")) == [("need.create", ["community", "title"]), ("need.change", ["title"])]


@pytest.mark.django_db
def test_only_the_audit_admin_reads_the_log(client, tree):
    audit_record(action="test.write", target=None)
    for username, role, unit, status in [
        ("auditor", Role.AUDIT_ADMIN, CITY, 200),
        ("sysadmin", Role.SYSTEM_ADMIN, CITY, 403),
        ("security", Role.SECURITY_ADMIN, CITY, 403),
        ("cityadmin", Role.CITY_ADMIN, CITY, 403),
        ("staff", Role.COMMUNITY_STAFF, C111, 403),
    ]:
        client.force_login(make_user(username, role, unit))
        response = client.get("/audit/")
        assert response.status_code == status, username
        if status == 200:
            assert "test.write" in response.content.decode()


@pytest.mark.django_db
def test_refusals_are_audited_and_out_of_scope_looks_stay_plain_404s(client, tree):
    from needs.models import Need
    from tests.helpers import C211

    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    other = Need.objects.create(community_id=C211, title="别处的需求", created_by=staff)
    client.force_login(staff)
    assert client.get("/audit/").status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", user=staff, detail__path="/audit/").exists()
    missing = client.get("/needs/999999/")
    hidden = client.get(f"/needs/{other.pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert AuditEntry.objects.filter(action="need.out_of_scope", object_id=str(other.pk), user=staff).count() == 1
    assert not AuditEntry.objects.filter(action="need.out_of_scope", object_id="999999").exists()


@pytest.mark.django_db
def test_the_system_admin_manages_accounts_in_the_admin_site_and_it_is_audited(client):
    from pathlib import Path

    from django.core.management import call_command

    from wuse.accounts.models import User
    from wuse.regions.importer import import_regions_text

    root = Path(__file__).resolve().parent.parent
    import_regions_text((root / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))
    call_command("load_demo")
    client.force_login(User.objects.get(username="sys_admin"))
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/needs/need/").status_code == 404  # no business data in the admin site
    target = User.objects.get(username="volunteer")
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions",
                                                                                  "password")}
    data.update({"full_name": "改名的志愿者", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/accounts/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(target.pk))
    assert "full_name" in entry.changed_fields
