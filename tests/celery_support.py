"""Real Celery processes for the tests (CI: PostgreSQL + Redis): a worker or a beat started with extra
environment, stopped or killed; a Redis server of a test's own (on a free port, to stop and restart without
touching the shared one); the broker this test process publishes to, switched for a while.

A process writes its output to a log file (a pipe nobody reads would fill and block it); ``output(proc)`` reads it.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

from tests.helpers import redis_url

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database as a URL, for a process of its own (the worker reads the rows the test commits)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(extra: dict | None) -> dict:
    return {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": redis_url(),
            "DJANGO_SETTINGS_MODULE": "wuse.settings.base", "CELERY_TASK_ALWAYS_EAGER": "0", "LOG_LEVEL": "INFO",
            **(extra or {})}


def _spawn(args: list[str], env: dict, log: Path | None) -> subprocess.Popen:
    if log is None:
        log = Path(tempfile.mkstemp(prefix="wuse-celery-", suffix=".log")[1])
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "wuse", *args], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    proc.log_path = log
    return proc


def start_worker(name: str = "", extra_env: dict | None = None, *, log: Path | None = None, pool: str = "solo",
                 concurrency: int = 1, wait: bool = True) -> subprocess.Popen:
    """A worker process (``--pool=solo`` by default) with the test database, the test's Redis and ``extra_env``
    on top (e.g. ``CELERY_BROKER_URL``, ``EMAIL_BACKEND``). ``proc.hostname`` is its node name; with ``wait``
    it returns once the worker says it is ready to take tasks."""
    hostname = f"{name or 'ci-worker'}-{os.getpid()}-{time.monotonic_ns()}@localhost"
    args = ["worker", f"--pool={pool}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-n", hostname]
    if pool != "solo":
        args.append(f"--concurrency={concurrency}")
    proc = _spawn(args, _env(extra_env), log)
    proc.hostname = hostname
    if wait:
        wait_for(proc, " ready.")
    return proc


def start_beat(schedule: Path, extra_env: dict | None = None, *, log: Path | None = None) -> subprocess.Popen:
    """A beat process with its own schedule file (two of them are two beats started by mistake)."""
    return _spawn(["beat", "--loglevel=INFO", "-s", str(schedule)], _env(extra_env), log)


def output(proc: subprocess.Popen) -> str:
    return proc.log_path.read_text(encoding="utf-8", errors="replace")


def wait_for(proc: subprocess.Popen, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in output(proc):
        if proc.poll() is not None:
            raise AssertionError(f"the Celery process exited ({proc.returncode}):\n{output(proc)[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the Celery process did not say {text!r} in {timeout} s:\n{output(proc)[-3000:]}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """A warm shutdown (SIGTERM to the process group), SIGKILL if it does not end."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            kill(proc)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the process and its children, as the machine's OOM killer or a power cut would end them."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


# ------------------------------------------------------------------------------------------ a Redis of its own

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """``redis-server`` on a free port, without persistence: stopped, it forgets everything it held."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> "RedisServer":
        import redis

        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--daemonize", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return self
            except redis.RedisError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


@contextlib.contextmanager
def broker(url: str):
    """This process publishes tasks to ``url`` (not eagerly) for a while: the Celery app's connection and
    producer pools are made afresh for it, and again for the old broker afterwards."""
    from wuse import celery_app

    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager

    def reset_pools():  # kombu keeps a pool per broker URL; the app only forgets which one it holds
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.task_always_eager = saved
