"""The roll-up against real failures, on PostgreSQL (and Redis with a real Celery worker): a second roll-up of a
year while one runs is refused; a worker killed (SIGKILL) in the middle of a roll-up leaves the previous snapshot
whole, and the next run completes it and marks the killed one interrupted.

Neither test adds a hook to the code: the roll-up is held at its write by the test's own connection holding
``LOCK TABLE assessment_kpisnapshot IN ACCESS EXCLUSIVE MODE``."""

import os
import signal
import threading

import pytest
import redis
from django.db import connection, transaction

from assessment.models import KpiSnapshot, RollupRun, RunStatus, Trigger
from assessment.services import AssessmentError, rollup
from assessment.tasks import rollup_year
from tests.helpers import C111, C211, CITY, make_user, redis_url, require_postgres
from tests.test_celery_worker import worker  # noqa: F401  (the real worker process, through Redis)
from wuse import celery_app
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.core.figures import FIGURES
from wuse.regions.models import Region

from .support import YEAR, activity, backend_waiting_on, fresh, needs, stored, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
TABLE = KpiSnapshot._meta.db_table


def _backend_waiting_on_the_snapshot() -> int | None:
    return backend_waiting_on(TABLE)


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        return activity(cursor, "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])[0] == 1


@pytest.fixture
def city(tree):
    require_postgres()
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    needs(staff, {C111: 2, C211: 1})
    return {"admin": make_user("city", Role.CITY_ADMIN, CITY), "staff": staff}


def test_a_second_roll_up_of_the_year_is_refused_while_one_runs(city):
    outcome = {}

    def first():
        try:
            outcome["first"] = rollup(YEAR, trigger=Trigger.BUTTON, user=city["admin"])
        finally:
            connection.close()

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=first)
        thread.start()
        wait_for(_backend_waiting_on_the_snapshot, "the first roll-up to reach its write")
        refused = {}

        def second():
            try:
                rollup(YEAR, trigger=Trigger.BEAT)
            except AssessmentError as exc:
                refused["message"] = str(exc)
            finally:
                connection.close()

        other = threading.Thread(target=second)
        other.start()
        other.join(30)
        assert f"A roll-up of {YEAR} is already running since" in refused["message"]
        assert rollup_year(YEAR) == 0  # the nightly task leaves the running one to finish
    thread.join(60)  # the lock released: the first roll-up finishes
    assert outcome["first"].status == RunStatus.DONE
    assert list(RollupRun.objects.values_list("status", flat=True)) == [RunStatus.DONE]  # the refused left no run
    assert sorted(stored(), key=repr) == sorted(fresh(), key=repr)


def _forget_the_unacked(task_id: str) -> None:
    """The killed worker's message stays unacknowledged in Redis (acks_late), to be delivered again after the
    visibility timeout: harmless (the task is idempotent), but not to another test's worker."""
    client = redis.Redis.from_url(redis_url())
    for tag, payload in client.hgetall("unacked").items():
        if task_id.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def test_a_worker_killed_during_the_roll_up_leaves_the_previous_snapshot_and_the_next_run_completes(city, worker):  # noqa: F811
    rollup(YEAR, trigger=Trigger.BEAT)
    previous = sorted(stored(), key=repr)
    needs(city["staff"], {C111: 3, C211: 2}, tag="later")  # the killed run would have counted these
    assert set(previous) != fresh()
    pid = wait_for(lambda: (celery_app.control.inspect(destination=[worker], timeout=2).stats() or {})
                .get(worker, {}).get("pid"), "the worker to answer")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        result = rollup_year.delay(YEAR, Trigger.BUTTON)
        backend = wait_for(_backend_waiting_on_the_snapshot, "the worker's roll-up to reach its write")
        killed = RollupRun.objects.get(status=RunStatus.RUNNING)  # committed first: the page shows it
        os.kill(pid, signal.SIGKILL)
        assert sorted(stored(), key=repr) == previous
    # The lock released: the dead worker's server process finds its client gone and rolls its transaction back.
    wait_for(lambda: not _backend_alive(backend), "the killed roll-up's server process to end")
    _forget_the_unacked(result.id)
    assert sorted(stored(), key=repr) == previous  # whole, and not one row of the killed run
    assert not KpiSnapshot.objects.filter(run=killed).exists()
    killed.refresh_from_db()
    assert killed.status == RunStatus.RUNNING  # nothing can tell yet that it died: the next run does

    run = rollup(YEAR, trigger=Trigger.BUTTON, user=city["admin"])
    killed.refresh_from_db()
    assert (killed.status, run.status) == (RunStatus.INTERRUPTED, RunStatus.DONE)
    rows = stored()
    assert len(rows) == len(set(rows)) == Region.objects.count() * len(FIGURES)
    assert set(rows) == fresh()
    assert AuditEntry.objects.filter(action="assessment.rollup_interrupted", object_id=str(killed.pk)).exists()


def test_the_snapshot_tables_statistics_are_fresh_after_a_roll_up(city):
    """The pages plan their reads of the snapshot with fresh statistics: a roll-up ends with ANALYZE."""
    rollup(YEAR, trigger=Trigger.BUTTON, user=city["admin"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_mod_since_analyze, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                       "WHERE relname = %s", [TABLE])
        assert cursor.fetchone() == (0, True)
