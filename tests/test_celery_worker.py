"""A task really runs through Redis and a separate Celery worker process (CI)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import redis_url, require_postgres, require_redis
from wuse import celery_app
from wuse.core.models import WorkerHeartbeat
from wuse.core.tasks import heartbeat

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db):
    require_postgres()
    require_redis()
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": redis_url(),
           "DJANGO_SETTINGS_MODULE": "wuse.settings.base", "CELERY_TASK_ALWAYS_EAGER": "0"}
    hostname = f"ci-worker-{os.getpid()}@localhost"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wuse", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "-n", hostname],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield hostname
    finally:
        celery_app.conf.task_always_eager = saved
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        output = proc.stdout.read() if proc.stdout else ""
        print(output[-3000:])


def test_a_task_runs_in_a_real_worker_through_redis(worker):
    started = time.monotonic()
    result = heartbeat.delay()
    row_id = result.get(timeout=60)
    row = WorkerHeartbeat.objects.get(pk=row_id)
    assert row.worker == worker  # written by the worker process, not eagerly in this one
    print(f"round trip through Redis and the worker: {time.monotonic() - started:.2f}s")
