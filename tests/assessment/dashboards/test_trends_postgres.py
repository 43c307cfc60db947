"""The monthly trends against a roll-up that dies, on PostgreSQL: held at its write of the trends (the test's own
connection holds ``LOCK TABLE … ACCESS EXCLUSIVE``), the roll-up's server process is terminated — as when its
worker is killed or the database restarts. The previous months (and the snapshot) stay whole, not one row of the
dead run is left, and the next run writes exactly a fresh recount, with no duplicates. The trends go in by COPY."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessment.dashboards.models import MonthlyFigure
from assessment.dashboards.services import monthly_values
from assessment.models import KpiSnapshot, RollupRun, RunStatus, Trigger
from assessment.services import rollup
from tests.helpers import C111, C211, CITY, make_user, require_postgres
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from ..support import YEAR, backend_waiting_on, needs, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
TABLE = MonthlyFigure._meta.db_table


def _waiting_on_the_trends() -> int | None:
    return backend_waiting_on(TABLE)


def _rows() -> list[tuple]:
    return list(MonthlyFigure.objects.filter(year=YEAR).values_list("region_id", "month", "code", "value"))


def _fresh() -> set[tuple]:
    units = list(Region.objects.order_by("code").values_list("code", "level", "parent_id"))
    return {(region, month, code, value) for _y, month, region, _l, code, value in monthly_values(YEAR, units)}


def test_a_roll_up_dying_at_the_trends_leaves_the_previous_months_and_the_next_run_completes(tree):
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    admin = make_user("city", Role.CITY_ADMIN, CITY)
    needs(staff, {C111: 2, C211: 1})
    rollup(YEAR, trigger=Trigger.BEAT)
    previous, snapshot = sorted(_rows()), KpiSnapshot.objects.filter(year=YEAR).count()
    assert previous and set(previous) == _fresh()
    needs(staff, {C111: 3, C211: 2}, tag="later")  # the dying run would have counted these
    outcome = {}

    def doomed():
        try:
            rollup(YEAR, trigger=Trigger.BUTTON, user=admin)
        except Exception as exc:  # noqa: BLE001 (its connection is terminated under it)
            outcome["error"] = exc
        finally:
            connection.close()

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=doomed)
        thread.start()
        backend = wait_for(_waiting_on_the_trends, "the roll-up to reach its write of the trends")
        assert sorted(_rows()) == previous  # what the pages read meanwhile
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    thread.join(60)
    assert "error" in outcome
    assert sorted(_rows()) == previous  # whole, and not one row of the dead run
    assert KpiSnapshot.objects.filter(year=YEAR).count() == snapshot
    dead = RollupRun.objects.order_by("-id").first()
    assert dead.status in (RunStatus.RUNNING, RunStatus.FAILED)  # failed if it could still say so

    rollup(YEAR, trigger=Trigger.BUTTON, user=admin)
    rows = _rows()
    assert len(rows) == len(set(rows)) and set(rows) == _fresh() != set(previous)
    dead.refresh_from_db()
    assert dead.status in (RunStatus.INTERRUPTED, RunStatus.FAILED)  # a run left running is marked interrupted


def test_the_trends_go_in_by_copy(tree):
    require_postgres()
    needs(make_user("staff", Role.COMMUNITY_STAFF, C111), {C111: 2})
    with CaptureQueriesContext(connection) as queries:
        rollup(YEAR, trigger=Trigger.BEAT)
    inserts = [q["sql"] for q in queries if f'INSERT INTO "{TABLE}"' in q["sql"]]
    assert inserts == [] and _rows()
