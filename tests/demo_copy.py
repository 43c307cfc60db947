"""The Hangzhou demo for the browser journeys, loaded once per test process and copied back for each journey.

``load_demo`` takes ~20 s on PostgreSQL (a year and a half of history, two roll-ups, approvals, a yearly report)
and every journey starts from it in a database that the previous journey's flush emptied. On PostgreSQL the first
journey of a process loads it for real and keeps every table's rows (``COPY … TO STDOUT``); each later journey
puts them back in a second or two: every table emptied at once, each filled again by ``COPY … FROM STDIN`` with
triggers and foreign-key checks off (``session_replication_role = replica``: the rows are the consistent set the
load wrote, and the needs summary already holds their counts), sequences moved past the rows. The content types
and permissions come back with their ids, so the cached content types are forgotten. Elsewhere (SQLite), or with
``WUSE_FRESH_DEMO=1``, each journey loads the demo for real."""

import os

from django.contrib.contenttypes.models import ContentType
from django.db import connection

_SAVED: dict[str, bytes] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _save() -> None:
    with connection.cursor() as cursor:
        for table in _tables():
            data = bytearray()
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                for block in copy:
                    data += block
            _SAVED[table] = bytes(data)


def _restore() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _SAVED)}")
            for table, data in _SAVED.items():
                if data:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(data)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        # every sequence owned by a column (serial or identity), moved past the rows put back
        cursor.execute("SELECT seq.oid::regclass::text, tab.relname, col.attname FROM pg_class seq "
                       "JOIN pg_depend dep ON dep.objid = seq.oid AND dep.refobjsubid > 0 "
                       "JOIN pg_class tab ON tab.oid = dep.refobjid "
                       "JOIN pg_attribute col ON col.attrelid = tab.oid AND col.attnum = dep.refobjsubid "
                       "WHERE seq.relkind = 'S' AND NOT col.attisdropped")
        for sequence, table, column in cursor.fetchall():
            if table in _SAVED:
                cursor.execute(f"SELECT setval(%s, COALESCE((SELECT max({quote(column)}) FROM "  # noqa: S608
                               f"{quote(table)}), 0) + 1, false)", [sequence])  # (catalog names)
    ContentType.objects.clear_cache()


def hangzhou_demo(load) -> None:
    """The demo in the test database: ``load()`` the first time in this process, a copy afterwards."""
    if connection.vendor != "postgresql" or os.environ.get("WUSE_FRESH_DEMO"):
        load()
        return
    if _SAVED:
        _restore()
        return
    load()
    _save()
