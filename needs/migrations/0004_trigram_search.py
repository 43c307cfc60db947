"""On PostgreSQL, pg_trgm indexes serve the needs list's substring search (Chinese included).

Django's ``icontains`` compiles to ``UPPER(col::text) LIKE UPPER(%s)``; the indexes are on
exactly that expression so the planner can use them. SQLite has no such index (a plain scan).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS need_title_trgm ON needs_need USING gin (UPPER(title::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS need_description_trgm ON needs_need "
    "USING gin (UPPER(description::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS need_title_trgm", "DROP INDEX IF EXISTS need_description_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("needs", "0003_proposer_and_sensitive")]
    operations = [migrations.RunPython(forwards, backwards)]
