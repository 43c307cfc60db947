import pytest
from django.db import DatabaseError, connection, transaction

from needs.services import need_create, need_update
from tests.helpers import C111, CITY, PASSWORD, make_user, require_postgres
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
    response = client.post("/needs/new/", {"community": C111, "title": "独居老人 13812345678 需要探访",
                                           "description": "身份证 330106199001011234"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="need.create")
    assert (entry.user, entry.username, entry.ip, entry.object_type) == (staff, "staff", "10.1.2.3", "needs.need")
    assert entry.changed_fields == ["community", "description", "title"]
    dump = f"{entry.detail} {entry.changed_fields}"
    assert "13812345678" not in dump and "330106199001011234" not in dump


@pytest.mark.django_db
def test_service_writes_outside_requests_are_audited_too(tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    need = need_create(user=staff, community=Region.objects.get(code=C111), title="路灯")
    need_update(user=staff, need=need, version=need.version, title="路灯坏了", description="")
    assert list(AuditEntry.objects.filter(object_id=str(need.pk)).order_by("id").values_list(
        "action", "changed_fields")) == [("need.create", ["community", "description", "title"]),
                                         ("need.change", ["title"])]


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
