"""Fault trials of the bench (``bench/run.py --faults N``; ``../shared/RELIABILITY.md`` F1): a real Celery worker
(through the bench's Redis) runs the roll-up of the data's year and is killed with SIGKILL at a random moment of
it, N times (20 by default when asked). After each kill the next roll-up — the one that follows a crash, here run
in this process — completes, and the snapshot has no missing and no duplicate row (units × figures, unique
(year, unit, figure)), equals the snapshot of an uninterrupted run on the same data, and ``needs.collected`` of
every level equals hand-written SQL (``bench.assessment._hand_sql``). The killed run is found interrupted (killed
before its commit) or done (killed after it), never half-written.

The moment of each kill is drawn (from the seed) between 0 and the uninterrupted run's duration, so the trials
fall in every phase: before the task starts, while it computes, while it writes the rows, after it commits.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261203


def _snapshot(year: int) -> tuple[int, set[tuple]]:
    from assessment.models import KpiSnapshot

    rows = list(KpiSnapshot.objects.filter(year=year).values_list("region_id", "code", "value", "part", "whole"))
    return len(rows), set(rows)


def _start_worker() -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "CELERY_TASK_ALWAYS_EAGER": "0"}
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "wuse", "worker", "--pool=solo",
                             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
                             "-n", f"bench-faults-{os.getpid()}@localhost"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _wait_ready(proc: subprocess.Popen, timeout: float = 60) -> None:
    from wuse import celery_app

    name = f"bench-faults-{os.getpid()}@localhost"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the Celery worker exited at start")
        if celery_app.control.ping(destination=[name], timeout=1):
            return
    raise RuntimeError("the Celery worker did not answer")


def _forget_unacked() -> None:
    """The killed worker's message waits in Redis' ``unacked`` set for the visibility timeout, to be delivered
    again (acks_late): drop it, so that the next trial's worker does not run it in the middle of that trial."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("unacked", "unacked_index")


def _next_run(year: int, timeout: float = 120):
    """The roll-up after the crash. The killed worker's database session may still hold the year's lock for a
    moment (its server process notices the client gone when its statement ends): refused until then."""
    from assessment.models import Trigger
    from assessment.services import AssessmentError, rollup

    deadline = time.monotonic() + timeout
    while True:
        try:
            return rollup(year, trigger=Trigger.BEAT)
        except AssessmentError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def fault_trials(year: int, trials: int, out=print) -> dict:
    from assessment.models import RollupRun, RunStatus, Trigger
    from assessment.services import rollup
    from assessment.tasks import rollup_year
    from bench.assessment import HAND_FIGURE, _hand_sql
    from wuse import celery_app
    from wuse.core.figures import FIGURES
    from wuse.regions.models import Region

    out(f"\nF1: the roll-up of {year} in a real Celery worker killed (SIGKILL) at a random moment, {trials} trials")
    celery_app.conf.task_always_eager = False
    started = time.perf_counter()
    rollup(year, trigger=Trigger.BEAT)
    duration = time.perf_counter() - started
    expected_count, expected = _snapshot(year)
    units_x_figures = Region.objects.count() * len(FIGURES)
    hand = _hand_sql(year)
    out(f"  uninterrupted run: {duration:.1f} s, {expected_count:,} rows (units × figures = {units_x_figures:,})")
    rng, outcomes, failures = random.Random(SEED), {}, []  # noqa: S311 (the trials' moments, not a secret)
    for trial in range(1, trials + 1):
        proc = _start_worker()
        try:
            _wait_ready(proc)
            last = RollupRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            delay = rng.uniform(0, duration * 1.1)
            rollup_year.delay(year, Trigger.BUTTON)
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        _forget_unacked()
        celery_app.control.purge()  # a message the worker had not fetched yet
        killed = RollupRun.objects.filter(pk__gt=last).order_by("pk").first()
        rerun = _next_run(year)
        if killed is not None:
            killed.refresh_from_db()
        state = killed.status if killed else "not started"
        outcomes[state] = outcomes.get(state, 0) + 1
        count, rows = _snapshot(year)
        by_hand = _hand_sql(year)
        problems = [what for what, bad in (
            ("row count", count != units_x_figures), ("duplicates", len(rows) != count),
            ("differs from the uninterrupted run", rows != expected), ("hand SQL", by_hand != hand),
            ("a run left running", RollupRun.objects.filter(status=RunStatus.RUNNING).exists()),
            ("re-run not done", rerun.status != RunStatus.DONE)) if bad]
        if problems:
            failures.append((trial, problems))
        out(f"  trial {trial:2}: killed at {delay:5.1f} s → killed run {state}; after the next run: {count:,} "
            f"rows, {'OK' if not problems else 'FAILED: ' + ', '.join(problems)}")
    out(f"  F1 summary: {trials} trials, {len(failures)} failed; killed runs by state: "
        + ", ".join(f"{state} {n}" for state, n in sorted(outcomes.items()))
        + f"; missing rows 0, duplicate rows 0 in every trial: {not failures}; {HAND_FIGURE} = hand SQL: "
          f"{not any('hand SQL' in p for _t, p in failures)}")
    if failures:
        raise RuntimeError(f"F1: {len(failures)} of {trials} trials failed: {failures}")
    return {"trials": trials, "duration": duration, "outcomes": outcomes, "failures": len(failures)}
