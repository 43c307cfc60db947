"""Give the application's PostgreSQL role exactly the rights it needs, and nothing it could use to rewrite history.

Production runs two roles (README "Production database roles", docker-compose.yml):

- the **owner** runs ``migrate`` and owns every table, trigger and sequence;
- the **app role** (web, worker, beat) owns nothing. It may SELECT, INSERT, UPDATE and DELETE rows, use the
  sequences, and on the audit table only INSERT and SELECT: no UPDATE, DELETE or TRUNCATE, and since only an
  owner may ``ALTER TABLE … DISABLE TRIGGER`` or drop the append-only triggers, the app cannot switch them off.

Run as the owner after every ``migrate`` (``docker-compose.yml``'s migrate service does): it converges — rights
given by hand or by an earlier version are taken back first — and sets the owner's default privileges so the
tables of later migrations are covered until the next run. ``--print`` shows the SQL without running it.
"""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from wuse.audit.models import AuditEntry

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
ROW_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_RIGHTS = "USAGE, SELECT"
CREATE_ROLE = "CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


def insert_only_tables() -> list[str]:
    """Tables the app may add to and read, never change: the audit trail."""
    return [AuditEntry._meta.db_table]


def read_only_tables() -> list[str]:
    """Tables the app reads but only ``migrate`` (the owner) writes."""
    return ["django_migrations"]


def _name(value: str, what: str) -> str:
    if not ROLE_NAME.fullmatch(value or ""):
        raise CommandError(f"{what} {value!r}: use lower-case letters, digits and _ (a PostgreSQL name, unquoted)")
    return f'"{value}"'


def grant_statements(*, role: str, owner: str, database: str, schema: str = "public") -> list[str]:
    """The SQL that gives ``role`` the app's rights on ``schema`` of ``database`` (tables owned by ``owner``)."""
    app, own, sch = _name(role, "role"), _name(owner, "owner"), _name(schema, "schema")
    db = '"' + database.replace('"', '""') + '"'
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {app}",
        f"GRANT USAGE ON SCHEMA {sch} TO {app}",
        # converge: take back whatever was given before (TRUNCATE, TRIGGER, REFERENCES, rights on the audit…)
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {sch} FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {sch} FROM {app}",
        f"GRANT {ROW_RIGHTS} ON ALL TABLES IN SCHEMA {sch} TO {app}",
        f"GRANT {SEQUENCE_RIGHTS} ON ALL SEQUENCES IN SCHEMA {sch} TO {app}",
    ]
    for table in insert_only_tables():
        statements.append(f"REVOKE UPDATE, DELETE ON {sch}.{_name(table, 'table')} FROM {app}")
    for table in read_only_tables():
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {sch}.{_name(table, 'table')} FROM {app}")
    statements += [
        # the tables and sequences later migrations create (as the owner) are the app's to use as well
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA {sch} GRANT {ROW_RIGHTS} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA {sch} GRANT {SEQUENCE_RIGHTS} ON SEQUENCES TO {app}",
    ]
    return statements


class Command(BaseCommand):
    help = ("Grant the application's PostgreSQL role (which owns nothing) the rights it needs: rows of every "
            "table, INSERT and SELECT only on the audit table, the sequences; run as the owner after migrate.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="the app role, e.g. wuse_app (web, worker and beat connect as it)")
        parser.add_argument("--owner", help="the role owning the tables (default: the role this command runs as)")
        parser.add_argument("--schema", default="public")
        parser.add_argument("--create", action="store_true",
                            help="create the role (LOGIN, no other attribute) when it does not exist yet")
        parser.add_argument("--password-env", metavar="VARIABLE",
                            help="set the role's password from this environment variable (created or not)")
        parser.add_argument("--print", action="store_true", dest="print_only",
                            help="print the SQL instead of running it")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role, owner, schema, create, password_env, print_only, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql" and not print_only:
            raise CommandError("database roles are a PostgreSQL matter; this database is " + connection.vendor)
        password = None if print_only else self._password(password_env)
        owner = owner or (connection.settings_dict.get("USER") if print_only else self._current_user(connection))
        statements = grant_statements(role=role, owner=owner or "postgres", database=connection.settings_dict["NAME"],
                                      schema=schema)
        if print_only:
            for statement in self._printed_role_statements(role, create, password_env):
                self.stdout.write(statement if statement.startswith("--") else statement + ";")
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=database), connection.cursor() as cursor:
            exists = self._exists(cursor, role)
            if not exists and not create:
                raise CommandError(f"role {role!r} does not exist: create it (CREATE ROLE {role} LOGIN PASSWORD '…') "
                                   "or pass --create")
            for statement in self._role_statements(role, create, password, exists=exists):
                cursor.execute(statement)
            self._refuse_powerful(cursor, role, owner)
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(
            f"{role}: rows of every table in {schema}, INSERT and SELECT only on {', '.join(insert_only_tables())}, "
            f"the sequences; default privileges of {owner} cover later tables"))

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _password(variable: str | None) -> str | None:
        if not variable:
            return None
        value = os.environ.get(variable, "")
        if not value:
            raise CommandError(f"--password-env {variable}: the variable is not set or empty")
        return value

    @staticmethod
    def _current_user(connection) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            return cursor.fetchone()[0]

    @staticmethod
    def _exists(cursor, role: str) -> bool:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None

    @staticmethod
    def _role_statements(role: str, create: bool, password: str | None, *, exists: bool) -> list[str]:
        app = _name(role, "role")
        secret = None if password is None else "'" + password.replace("'", "''") + "'"
        if create and not exists:
            return [CREATE_ROLE.format(app=app) + (f" PASSWORD {secret}" if secret else "")]
        return [f"ALTER ROLE {app} PASSWORD {secret}"] if secret else []

    @staticmethod
    def _printed_role_statements(role: str, create: bool, password_env: str | None) -> list[str]:
        """The role's statements as printed: the password never read nor shown, the creation safe to run twice."""
        app = _name(role, "role")
        statements = []
        if create:
            statements.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
                              f"{CREATE_ROLE.format(app=app)}; END IF; END $$")
        if password_env:
            statements.append(f"-- replace ******** with the value of ${password_env}")
            statements.append(f"ALTER ROLE {app} PASSWORD '********'")
        return statements

    @staticmethod
    def _refuse_powerful(cursor, role: str, owner: str) -> None:
        """The app role must be able to do no more than its grants: not a superuser, not the owner nor able to
        become it, owning nothing in this database."""
        if role == owner:
            raise CommandError(f"{role} is the owner of the tables; the app role must be another role")
        cursor.execute("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = %s", [role])
        superuser, bypass, createrole = cursor.fetchone()
        if superuser or bypass or createrole:
            raise CommandError(f"{role} is a superuser or may bypass row security or create roles; use a plain "
                               "LOGIN role (ALTER ROLE … NOSUPERUSER NOBYPASSRLS NOCREATEROLE)")
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
        if cursor.fetchone()[0]:
            raise CommandError(f"{role} is a member of {owner} and could act as the owner; revoke that membership")
        cursor.execute("""
            SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s
        """, [role])
        owned = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
                       "WHERE r.rolname = %s", [role])
        owned += cursor.fetchone()[0]
        if owned:
            raise CommandError(f"{role} owns {owned} table(s), sequence(s) or schema(s) in this database; the app "
                               "role must own nothing (REASSIGN OWNED BY … TO the owner)")
