"""The application's own PostgreSQL role owns nothing and cannot rewrite the audit trail (issue 9).

``manage.py db_grant_app_role`` is run as the owner (the test database's owner here); then the app role connects
on its own and is refused UPDATE, DELETE and TRUNCATE of the audit table and ``ALTER TABLE … DISABLE TRIGGER``
by PostgreSQL's privileges themselves, while INSERT and SELECT, and ordinary rows of other tables, work.
"""

import os
import secrets
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.helpers import require_postgres
from wuse.core.management.commands.db_grant_app_role import grant_statements

AUDIT = "audit_auditentry"
PASSWORD_ENV = "WUSE_TEST_APP_DB_PASSWORD"


@pytest.fixture
def app_role(transactional_db, monkeypatch):
    """A fresh login role name and its password (in the environment), dropped afterwards with all it was given."""
    require_postgres()
    role, password = f"wuse_app_test_{os.getpid()}", secrets.token_hex(16)
    monkeypatch.setenv(PASSWORD_ENV, password)
    _drop(role)
    yield role, password
    _drop(role)


def _drop(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'DROP OWNED BY "{role}"')  # its grants and default privileges in this database
            cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role: str, password: str):
    import psycopg

    cfg = connection.settings_dict
    return psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, dbname=cfg["NAME"],
                           user=role, password=password, autocommit=True)


def refused(conn, statement: str) -> str:
    """The error PostgreSQL gives ``statement``: a privilege error, not the trigger's (it never gets that far)."""
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege) as error:
        conn.execute(statement)
    message = str(error.value)
    assert "append-only" not in message, message  # refused by the grants, before any trigger ran
    return message


def grant(role: str, *extra) -> str:
    out = StringIO()
    call_command("db_grant_app_role", role, "--create", "--password-env", PASSWORD_ENV, *extra, stdout=out)
    return out.getvalue()


def test_the_app_role_cannot_change_or_empty_the_audit_table_nor_disable_its_triggers(app_role):
    role, password = app_role
    assert "INSERT and SELECT only on audit_auditentry" in grant(role)
    with connect_as(role, password) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == role
        conn.execute(f"INSERT INTO {AUDIT} (at, username, action, object_type, object_id, object_repr, "
                     "changed_fields, outcome, detail) VALUES (now(), 'app', 'test.app_role', '', '', '', "
                     "'[]', 'success', '{}')")
        assert conn.execute(f"SELECT count(*) FROM {AUDIT} WHERE action = 'test.app_role'").fetchone()[0] == 1
        assert "permission denied" in refused(conn, f"UPDATE {AUDIT} SET action = 'forged'")
        assert "permission denied" in refused(conn, f"DELETE FROM {AUDIT}")
        assert "permission denied" in refused(conn, f"TRUNCATE {AUDIT}")
        conn.execute("SET wuse.audit_maintenance = 'on'")  # the purge's switch gives the app role nothing
        assert "permission denied" in refused(conn, f"DELETE FROM {AUDIT}")
        for statement in (f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_no_update_delete",
                          f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
                          f"DROP TRIGGER audit_no_truncate ON {AUDIT}",
                          f"DROP TABLE {AUDIT}"):
            assert "must be owner" in refused(conn, statement)
        conn.execute(f"GRANT UPDATE ON {AUDIT} TO {role}")  # nor hand itself the right: "no privileges granted"
        for right in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"):
            query = f"SELECT has_table_privilege(current_user, '{AUDIT}', '{right}')"
            assert conn.execute(query).fetchone()[0] is False, right
        refused(conn, "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {AUDIT} WHERE action = 'test.app_role'")
        assert cursor.fetchone()[0] == 1


def test_the_app_role_works_with_the_rows_of_every_other_table(app_role):
    role, password = app_role
    grant(role)
    with connect_as(role, password) as conn:
        conn.execute("INSERT INTO regions_region (code, name, level, parent_id) "
                     "VALUES ('990000000000', '测试省', 'province', NULL)")
        conn.execute("UPDATE regions_region SET name = '改名' WHERE code = '990000000000'")
        assert conn.execute("SELECT name FROM regions_region WHERE code = '990000000000'").fetchone()[0] == "改名"
        conn.execute("DELETE FROM regions_region WHERE code = '990000000000'")
        conn.execute("SELECT count(*) FROM accounts_user").fetchone()
        assert "must be owner" in refused(conn, "ALTER TABLE regions_region DISABLE TRIGGER ALL")
        assert "permission denied" in refused(conn, "TRUNCATE regions_region")


def test_tables_of_later_migrations_are_covered_and_a_second_run_converges(app_role):
    role, password = app_role
    grant(role)
    with connection.cursor() as cursor:  # as the owner, as a later migration would
        cursor.execute("CREATE TABLE test_later_table (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                       "note text)")
        cursor.execute(f'GRANT TRUNCATE, TRIGGER ON {AUDIT} TO "{role}"')  # a right given by hand
    try:
        with connect_as(role, password) as conn:
            conn.execute("INSERT INTO test_later_table (note) VALUES ('x')")
            assert conn.execute("SELECT count(*) FROM test_later_table").fetchone()[0] == 1
        grant(role)  # idempotent, and it takes back what it would not give
        with connection.cursor() as cursor:
            cursor.execute("SELECT privilege_type FROM information_schema.role_table_grants "
                           "WHERE grantee = %s AND table_name = %s ORDER BY privilege_type", [role, AUDIT])
            assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
            cursor.execute("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                           "WHERE r.rolname = %s", [role])
            assert cursor.fetchone()[0] == 0  # it owns nothing
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE test_later_table")


def test_a_role_that_could_act_as_the_owner_is_refused(app_role):
    role, _password = app_role
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="is the owner"):
        call_command("db_grant_app_role", owner)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("db_grant_app_role", role)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN SUPERUSER')
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_grant_app_role", role)


def test_print_shows_the_sql_and_changes_nothing(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "never-shown-0123456789")
    out = StringIO()
    call_command("db_grant_app_role", "wuse_app", "--owner", "wuse", "--create", "--password-env", PASSWORD_ENV,
                 "--print", stdout=out)
    text = out.getvalue()
    assert "never-shown" not in text
    assert f'REVOKE UPDATE, DELETE ON "public"."{AUDIT}" FROM "wuse_app";' in text
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "wuse_app";' in text
    assert 'ALTER DEFAULT PRIVILEGES FOR ROLE "wuse" IN SCHEMA "public" GRANT SELECT, INSERT, UPDATE, DELETE ' \
           'ON TABLES TO "wuse_app";' in text
    assert "IF NOT EXISTS" in text and "TRUNCATE" not in text


@pytest.mark.parametrize("name", ["Wuse", "wuse app", 'x"; DROP TABLE y; --', ""])
def test_names_that_would_need_quoting_are_refused(name):
    with pytest.raises(CommandError):
        grant_statements(role=name, owner="wuse", database="wuse")
