"""The needs list's counts from a summary kept per community, state and category (``NeedCount``).

Database triggers on ``needs_need`` keep it in the transaction of every write, whatever the path: services,
the workflow kernel, bulk inserts, ``QuerySet.update()``, deletes, data migrations, raw SQL. The migration
creates them, then fills the summary from the needs already there.

- **PostgreSQL**: statement-level triggers with transition tables (``REFERENCING NEW TABLE / OLD TABLE``). A
  statement's changes are added up per key first (an UPDATE adds +1 for each new row and -1 for each old
  one, so rows whose state, category and community did not change cancel out), then applied one key at a
  time in key order: an increase is an upsert, a decrease an UPDATE. Every transaction therefore locks
  summary rows in the same order within a statement (no deadlock between two writers moving needs in
  opposite directions), and a bulk insert of thousands of needs costs one upsert per key, not one per
  row. An UPDATE trigger with transition tables cannot name columns (``UPDATE OF …``), so it runs on every
  UPDATE of needs and finds nothing to do unless a key column changed. TRUNCATE empties the summary.
- **SQLite** (the embedded default; one writer at a time, so no lock order to keep): row triggers, an
  upsert ``n + 1`` after INSERT, ``n - 1`` after DELETE, both after ``UPDATE OF status, category_id,
  community_id`` when one of them changed. A later migration that makes SQLite rebuild ``needs_need`` (most
  field changes: a new table, the rows copied, the old one dropped *with its triggers*) would end them
  silently, so ``needs.counts.ensure_triggers`` runs after every ``migrate`` (``post_migrate``) and, when
  they are missing, creates them again and refills the summary.

The same triggers keep ``NeedStreetCount`` (per street: the community code's first 9 digits), what wide
scopes sum; each statement applies its community rows first and its street rows after, both in key order.

A row that falls to 0 stays (bounded: communities × states × categories), so a decrease always finds its
row and no increase races a delete. ``n`` is checked ≥ 0 by the table.
"""

import django.db.models.deletion
from django.db import migrations, models

ADD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION needs_{table}_add(p_unit varchar, p_status varchar, p_category varchar,
                                             p_delta integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_delta > 0 THEN
        INSERT INTO needs_{table} ({unit}_id, status, category_id, n)
        VALUES (p_unit, p_status, p_category, p_delta)
        ON CONFLICT ({unit}_id, status, category_id) DO UPDATE SET n = needs_{table}.n + EXCLUDED.n;
    ELSIF p_delta < 0 THEN
        UPDATE needs_{table} SET n = n + p_delta
         WHERE {unit}_id = p_unit AND status = p_status AND category_id = p_category;
    END IF;
END;
$$;
"""

POSTGRESQL_TEMPLATE = r"""
LOCK TABLE needs_need IN SHARE ROW EXCLUSIVE MODE;

{add_functions}
{trigger_functions}
CREATE OR REPLACE FUNCTION needs_needcount_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM needs_needcount;
    DELETE FROM needs_needstreetcount;
    RETURN NULL;
END;
$$;

CREATE TRIGGER needs_needcount_insert AFTER INSERT ON needs_need REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION needs_needcount_on_insert();
CREATE TRIGGER needs_needcount_delete AFTER DELETE ON needs_need REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION needs_needcount_on_delete();
CREATE TRIGGER needs_needcount_update AFTER UPDATE ON needs_need
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION needs_needcount_on_update();
CREATE TRIGGER needs_needcount_truncate AFTER TRUNCATE ON needs_need
    FOR EACH STATEMENT EXECUTE FUNCTION needs_needcount_on_truncate();
"""
# A statement's changes applied to one summary table: added up per key, then taken in key order.
APPLY_LOOP = r"""
    FOR d IN SELECT {unit} AS unit, status, category_id, sum(delta)::integer AS delta FROM ({changes}) AS changes
              GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3 LOOP
        PERFORM needs_{table}_add(d.unit, d.status, d.category_id, d.delta);
    END LOOP;"""

TRIGGER_FUNCTION = r"""
CREATE OR REPLACE FUNCTION needs_needcount_on_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    -- the community rows in key order, then the street rows in key order: one lock order for every writer{loops}
    RETURN NULL;
END;
$$;
"""

SUMMARIES = (("needcount", "community", "community_id"),
             ("needstreetcount", "street", "left(community_id, 9) || '000'"))
NEW_ROWS = "SELECT community_id, status, category_id, 1 AS delta FROM new_rows"
OLD_ROWS = "SELECT community_id, status, category_id, -1 AS delta FROM old_rows"
CHANGES = {"insert": NEW_ROWS, "delete": OLD_ROWS, "update": f"{NEW_ROWS} UNION ALL {OLD_ROWS}"}

# One add function per summary table (the same upsert-or-decrement, on its own unit column), and one trigger
# function per event applying the statement's changes to both tables.
POSTGRESQL = POSTGRESQL_TEMPLATE.replace("{add_functions}", "".join(
    ADD_FUNCTION.replace("{table}", table).replace("{unit}", unit) for table, unit, _code in SUMMARIES)
).replace("{trigger_functions}", "".join(
    TRIGGER_FUNCTION.replace("{event}", event).replace("{loops}", "".join(
        APPLY_LOOP.replace("{unit}", code).replace("{table}", table).replace("{changes}", changes)
        for table, _unit, code in SUMMARIES))
    for event, changes in CHANGES.items()))


POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS needs_needcount_insert ON needs_need;
DROP TRIGGER IF EXISTS needs_needcount_delete ON needs_need;
DROP TRIGGER IF EXISTS needs_needcount_update ON needs_need;
DROP TRIGGER IF EXISTS needs_needcount_truncate ON needs_need;
DROP FUNCTION IF EXISTS needs_needcount_on_insert();
DROP FUNCTION IF EXISTS needs_needcount_on_delete();
DROP FUNCTION IF EXISTS needs_needcount_on_update();
DROP FUNCTION IF EXISTS needs_needcount_on_truncate();
DROP FUNCTION IF EXISTS needs_needcount_add(varchar, varchar, varchar, integer);
DROP FUNCTION IF EXISTS needs_needstreetcount_add(varchar, varchar, varchar, integer);
"""

SQLITE = [
    """CREATE TRIGGER needs_needcount_insert AFTER INSERT ON needs_need FOR EACH ROW BEGIN
        INSERT INTO needs_needcount (community_id, status, category_id, n)
        VALUES (NEW.community_id, NEW.status, NEW.category_id, 1)
        ON CONFLICT (community_id, status, category_id) DO UPDATE SET n = n + 1;
        INSERT INTO needs_needstreetcount (street_id, status, category_id, n)
        VALUES (substr(NEW.community_id, 1, 9) || '000', NEW.status, NEW.category_id, 1)
        ON CONFLICT (street_id, status, category_id) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER needs_needcount_delete AFTER DELETE ON needs_need FOR EACH ROW BEGIN
        UPDATE needs_needcount SET n = n - 1
         WHERE community_id = OLD.community_id AND status = OLD.status AND category_id = OLD.category_id;
        UPDATE needs_needstreetcount SET n = n - 1
         WHERE street_id = substr(OLD.community_id, 1, 9) || '000' AND status = OLD.status
           AND category_id = OLD.category_id;
    END""",
    """CREATE TRIGGER needs_needcount_update AFTER UPDATE OF status, category_id, community_id ON needs_need
    FOR EACH ROW WHEN OLD.status IS NOT NEW.status OR OLD.category_id IS NOT NEW.category_id
                      OR OLD.community_id IS NOT NEW.community_id BEGIN
        UPDATE needs_needcount SET n = n - 1
         WHERE community_id = OLD.community_id AND status = OLD.status AND category_id = OLD.category_id;
        INSERT INTO needs_needcount (community_id, status, category_id, n)
        VALUES (NEW.community_id, NEW.status, NEW.category_id, 1)
        ON CONFLICT (community_id, status, category_id) DO UPDATE SET n = n + 1;
        UPDATE needs_needstreetcount SET n = n - 1
         WHERE street_id = substr(OLD.community_id, 1, 9) || '000' AND status = OLD.status
           AND category_id = OLD.category_id;
        INSERT INTO needs_needstreetcount (street_id, status, category_id, n)
        VALUES (substr(NEW.community_id, 1, 9) || '000', NEW.status, NEW.category_id, 1)
        ON CONFLICT (street_id, status, category_id) DO UPDATE SET n = n + 1;
    END""",
]

SQLITE_DROP = [f"DROP TRIGGER IF EXISTS needs_needcount_{event}" for event in ("insert", "delete", "update")]

# Fill the summary from the needs (after the triggers, under the lock on PostgreSQL).
REFILL = [
    "DELETE FROM needs_needcount",
    """INSERT INTO needs_needcount (community_id, status, category_id, n)
       SELECT community_id, status, category_id, COUNT(*) FROM needs_need GROUP BY community_id, status, category_id""",
    "DELETE FROM needs_needstreetcount",
    """INSERT INTO needs_needstreetcount (street_id, status, category_id, n)
       SELECT substr(community_id, 1, 9) || '000', status, category_id, SUM(n) FROM needs_needcount
        GROUP BY substr(community_id, 1, 9), status, category_id""",
]


def install(execute, vendor: str) -> None:
    """Create the triggers and fill the summary; also what ``needs.counts.ensure_triggers`` runs when a later
    SQLite migration rebuilt ``needs_need`` (dropping its triggers with the old table)."""
    if vendor == "postgresql":
        statements = [POSTGRESQL]
    elif vendor == "sqlite":
        statements = [*SQLITE_DROP, *SQLITE]
    else:
        raise NotImplementedError(f"needs_needcount triggers are written for PostgreSQL and SQLite, not {vendor}")
    for statement in [*statements, *REFILL]:
        execute(statement)


def create_triggers(apps, schema_editor):
    install(lambda sql: schema_editor.execute(sql, params=None), schema_editor.connection.vendor)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in [POSTGRESQL_DROP] if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('needs', '0009_needs_list_publicity'),
        ('regions', '0002_province_level'),
    ]

    operations = [
        migrations.CreateModel(
            name='NeedCount',
            fields=[
                ('pk', models.CompositePrimaryKey('community', 'status', 'category', blank=True, editable=False, primary_key=True, serialize=False)),
                ('status', models.CharField(max_length=20)),
                ('n', models.PositiveIntegerField(default=0)),
                ('category', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='needs.needcategory')),
                ('community', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
            ],
            options={
                'indexes': [models.Index(fields=['category'], name='needcount_category_idx')],
            },
        ),
        migrations.CreateModel(
            name='NeedStreetCount',
            fields=[
                ('pk', models.CompositePrimaryKey('street', 'status', 'category', blank=True, editable=False, primary_key=True, serialize=False)),
                ('status', models.CharField(max_length=20)),
                ('n', models.PositiveIntegerField(default=0)),
                ('category', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='needs.needcategory')),
                ('street', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
            ],
            options={
                'indexes': [models.Index(fields=['category'], name='needstreetcount_category_idx')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
