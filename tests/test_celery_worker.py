"""A task really runs through Redis and a separate Celery worker process (CI)."""

import time

import pytest

from tests.celery_support import output, start_worker, stop
from tests.helpers import require_postgres, require_redis
from wuse import celery_app
from wuse.core.models import WorkerHeartbeat
from wuse.core.tasks import heartbeat


@pytest.fixture
def worker(transactional_db):
    require_postgres()
    require_redis()
    proc = start_worker("ci-worker", wait=False)
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield proc.hostname
    finally:
        celery_app.conf.task_always_eager = saved
        stop(proc)
        print(output(proc)[-3000:])
        proc.log_path.unlink(missing_ok=True)


def test_a_task_runs_in_a_real_worker_through_redis(worker):
    started = time.monotonic()
    result = heartbeat.delay()
    row_id = result.get(timeout=60)
    row = WorkerHeartbeat.objects.get(pk=row_id)
    assert row.worker == worker  # written by the worker process, not eagerly in this one
    print(f"round trip through Redis and the worker: {time.monotonic() - started:.2f}s")
