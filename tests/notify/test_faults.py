"""Reminders exactly once under faults (PostgreSQL, Redis, real Celery processes; ../shared/RELIABILITY.md §2.2):
two sweeps at once, the worker SIGKILLed in the middle of a batch, the broker stopped for a minute while a sweep
publishes, two beats started by mistake. Each test prints its counts (``-s`` or ``-rA`` shows them).

The worker writes its emails with Django's file backend, so a test counts the emails really written and their
Message-ID headers (each delivery has its own, the same on every attempt). Brokers are Redis servers of the test's
own on free ports (``tests/celery_support.RedisServer``): one is stopped and restarted, and a killed worker's
unacknowledged message stays in its own server, not in the shared one.
"""

import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from needs.models import Need
from tests.celery_support import RedisServer, broker, kill, output, start_beat, start_worker, stop
from tests.concurrency import race
from tests.helpers import C111, make_user, require_postgres, require_redis
from tests.notify.support import people
from wuse.accounts.roles import Role
from wuse.notify import sweep as sweep_module
from wuse.notify.models import Delivery, DeliveryStatus, Notification, Reminder, ReminderStatus

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _services():
    require_postgres()
    require_redis()


def _due_needs(count: int, author, *, days_ago: int = 4, start: int = 0) -> list[int]:
    """``count`` submitted needs of C111 registered ``days_ago`` days ago: due for triage (3 days) since
    yesterday, not yet escalated (3 more days) when ``days_ago`` is 4."""
    created = timezone.now() - timedelta(days=days_ago)
    needs = Need.objects.bulk_create([
        Need(community_id=C111, title=f"楼道灯坏了 {start + i}", created_by=author, created_at=created)
        for i in range(count)])
    return [n.pk for n in needs]


def _staff(more: int):
    """The synthetic tree's people (a staff member of C111, its street's officer, its district's reviewer) and
    ``more`` staff of C111; returns the first staff member."""
    for i in range(more):
        make_user(f"staff{i + 2}", Role.COMMUNITY_STAFF, C111)
    return people()["staff"]


def _emails(folder: Path) -> list[str]:
    """The Message-ID of every email the worker wrote (the file backend appends them to files of its own)."""
    found = []
    for path in sorted(folder.glob("*")):
        found += re.findall(r"^Message-ID: (\S+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
    return found


def _counts() -> dict:
    return {
        "reminders": Reminder.objects.count(),
        "pending": Reminder.objects.filter(status=ReminderStatus.PENDING).count(),
        "sent reminders": Reminder.objects.filter(status=ReminderStatus.SENT).count(),
        "notifications": Notification.objects.count(),
        "deliveries": Delivery.objects.count(),
        "deliveries sent": Delivery.objects.filter(status=DeliveryStatus.SENT).count(),
    }


def _expected_recipients() -> int:
    return sum(Reminder.objects.values_list("recipients", flat=True))


def _assert_exactly_once(emails: list[str], *, allowed_repeats: set[str] = frozenset()) -> None:
    counts = _counts()
    keys = Reminder.objects.values_list("rule", "object_id", "due_on", "level")
    assert len(set(keys)) == counts["reminders"]
    assert counts["pending"] == 0 and counts["sent reminders"] == counts["reminders"], counts
    assert counts["notifications"] == _expected_recipients(), counts
    assert counts["deliveries"] == counts["notifications"] == counts["deliveries sent"], counts
    message_ids = set(Delivery.objects.values_list("reminder_id", "user_id", "channel"))
    expected = {f"<wuse-reminder-{r}-{u}-{c}@wuse>" for r, u, c in message_ids}
    assert set(emails) == expected  # every delivery's email was written, and no other
    repeated = {mid for mid, n in Counter(emails).items() if n > 1}
    assert repeated <= allowed_repeats, repeated


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fault_env(tmp_path, own_redis):
    """What a worker of these tests runs with: the test's own broker, emails written to files."""
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder, {"CELERY_BROKER_URL": own_redis.url,
                    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                    "EMAIL_FILE_PATH": str(folder), "CELERY_VISIBILITY_TIMEOUT": "10"}


@pytest.fixture
def processes():
    """Celery processes a test starts, stopped at its end (before the database is flushed)."""
    started = []
    try:
        yield started
    finally:
        for proc in started:
            stop(proc)
        for proc in started:
            print(f"--- {' '.join(proc.args[5:7])} (last lines of {proc.log_path.name})\n{output(proc)[-1500:]}")


# ------------------------------------------------------------------------------------------- 1. two sweeps at once

def test_two_sweeps_at_once_insert_and_send_each_reminder_once(transactional_db, tree):
    _services()
    author = _staff(1)
    _due_needs(80, author)  # due yesterday: level 0 only
    _due_needs(40, author, days_ago=12, start=1000)  # due 9 days ago: escalated to the street and to the district too
    outcomes = race(sweep_module.sweep, sweep_module.sweep)
    results = [o.value for o in outcomes]
    counts = _counts()
    print(f"two sweeps at once: found {[r.found for r in results]}, published {[r.published for r in results]}; "
          f"{counts}; emails sent {len(mail.outbox)}")
    assert all(o.ok for o in outcomes) and not any(r.skipped for r in results), results
    assert Reminder.objects.filter(level=0).count() == 120
    assert Reminder.objects.filter(level__gt=0).count() == 80 and counts["reminders"] == 200
    assert counts["notifications"] == 80 * 2 + 40 * (2 + 1 + 1) == _expected_recipients()
    sent = [m.extra_headers["Message-ID"] for m in mail.outbox]
    _assert_exactly_once(sent)


# -------------------------------------------------------------------------------- 2. the worker killed mid-batch

def test_a_worker_killed_in_the_middle_of_a_batch_loses_and_repeats_nothing(transactional_db, tree, fault_env,
                                                                            processes, own_redis, settings):
    _services()
    folder, env = fault_env
    env["WUSE_NOTIFY_STALE_SECONDS"] = "3"
    settings.WUSE_NOTIFY_STALE_SECONDS = 3
    _due_needs(150, _staff(2))  # three staff: 150 reminders → 450 emails, the first batch's 300 one by one
    worker = start_worker("killed", env, log=folder.parent / "killed.log")
    processes.append(worker)
    with broker(own_redis.url):
        first = sweep_module.sweep()
        assert (first.found, first.published) == (150, 150)
        deadline = time.monotonic() + 60
        while Delivery.objects.filter(status=DeliveryStatus.SENT).count() < 40:
            assert time.monotonic() < deadline, output(worker)[-2000:]
            time.sleep(0.005)
        kill(worker)
        at_kill = _counts()
        written = _emails(folder)
        in_flight = {d.message_id for d in Delivery.objects.filter(status=DeliveryStatus.SENDING)} & set(written)
        print(f"killed: {at_kill}, emails written {len(written)}, written but not marked sent: {sorted(in_flight)}")
        assert 0 < at_kill["deliveries sent"] < 450 and len(in_flight) <= 1

        processes.append(start_worker("restarted", env, log=folder.parent / "restarted.log"))
        sweeps, deadline = 1, time.monotonic() + 90
        while not _done(450):
            assert time.monotonic() < deadline, _counts()
            time.sleep(4)
            sweep_module.sweep()
            sweeps += 1
    emails = _emails(folder)
    repeated = {mid: n for mid, n in Counter(emails).items() if n > 1}
    print(f"after the restart and {sweeps} sweeps: {_counts()}; emails written {len(emails)}, distinct Message-IDs "
          f"{len(set(emails))}; repeated: {repeated or 'none'}")
    _assert_exactly_once(emails, allowed_repeats=in_flight)


def _done(deliveries: int) -> bool:
    return (not Reminder.objects.filter(status=ReminderStatus.PENDING).exists()
            and Delivery.objects.filter(status=DeliveryStatus.SENT).count() == deliveries)


# ---------------------------------------------------------------------------- 3. the broker away for a minute

def test_a_broker_stopped_for_a_minute_during_a_sweep_loses_nothing(transactional_db, tree, fault_env, processes,
                                                                    own_redis, settings, monkeypatch):
    _services()
    folder, env = fault_env
    period = 15  # the sweep period the test plays beat's part with
    env["WUSE_NOTIFY_STALE_SECONDS"] = "10"
    settings.WUSE_NOTIFY_STALE_SECONDS = 10
    _due_needs(150, _staff(1))
    processes.append(start_worker("broker-lost", env, log=folder.parent / "worker.log"))
    publish, calls = sweep_module._publish, []

    def publish_then_lose_the_broker(task, ids):
        calls.append(publish(task, ids))
        if len(calls) == 1:  # the first batch is out; Redis goes away before the second
            own_redis.stop()
        return calls[-1]

    with broker(own_redis.url):
        monkeypatch.setattr(sweep_module, "_publish", publish_then_lose_the_broker)
        during = sweep_module.sweep()
        monkeypatch.undo()
        stopped = time.monotonic()
        print(f"sweep while Redis stopped: found {during.found}, published {during.published} (calls {calls})")
        assert (during.found, during.published, calls) == (150, 100, [True, False])
        time.sleep(30)
        blind = sweep_module.sweep()  # a sweep in the middle of the outage publishes nothing and fails nothing
        assert blind.published == 0 and blind.found == 0  # its keys are held: nothing new to offer
        time.sleep(max(0.0, 60 - (time.monotonic() - stopped)))
        own_redis.start()
        print(f"Redis back after {time.monotonic() - stopped:.0f} s: {_counts()}")
        sweeps = 0
        for _ in range(2):  # two sweep periods
            sweeps += 1
            result = sweep_module.sweep()
            print(f"sweep {sweeps} after the restart: published {result.published}, email retries "
                  f"{result.email_retries}")
            deadline = time.monotonic() + period
            while not _done(300) and time.monotonic() < deadline:
                time.sleep(0.5)
            if _done(300):
                break
    emails = _emails(folder)
    print(f"after {sweeps} sweep(s) since Redis came back: {_counts()}; emails {len(emails)}, distinct "
          f"{len(set(emails))}")
    assert _done(300), (_counts(), output(processes[0])[-3000:])
    _assert_exactly_once(emails)


# -------------------------------------------------------------------------------------------- 4. two beats at once

def test_two_beats_and_one_worker_send_each_reminder_once(transactional_db, tree, fault_env, processes, tmp_path):
    _services()
    folder, env = fault_env
    env["WUSE_NOTIFY_SWEEP_SECONDS"] = "10"
    _due_needs(120, _staff(1))
    # one worker of two processes: two sweeps can run at once
    worker = start_worker("two-beats", env, pool="prefork", concurrency=2, log=tmp_path / "worker.log")
    processes.append(worker)
    for name in ("beat-a", "beat-b"):
        processes.append(start_beat(tmp_path / f"{name}-schedule", env, log=tmp_path / f"{name}.log"))
    deadline = time.monotonic() + 60
    while _sweeps_run(worker) < 6:  # three periods of both beats: 30–40 s
        assert time.monotonic() < deadline, output(worker)[-3000:]
        time.sleep(0.5)
    for beat in processes[1:]:
        stop(beat)
    deadline = time.monotonic() + 30
    while not _done(240):
        assert time.monotonic() < deadline, _counts()
        time.sleep(0.5)
    emails = _emails(folder)
    sent_by = [len(re.findall(r"Sending due task notify-sweep", output(beat))) for beat in processes[1:]]
    print(f"two beats: {_sweeps_run(worker)} sweeps ran in the worker (sent by each beat: {sent_by}); "
          f"{_counts()}; emails {len(emails)}, distinct {len(set(emails))}")
    print("the sweeps' results: " + "; ".join(_sweep_results(worker)))
    assert _counts()["reminders"] == 120
    _assert_exactly_once(emails)


def _sweeps_run(worker) -> int:
    return len(_sweep_results(worker))


def _sweep_results(worker) -> list[str]:
    """What each sweep the worker ran returned (found, published, email retries), from its log."""
    return re.findall(r"notify_sweep\[[^\]]+\] succeeded in [0-9.]+s: (\{[^}]*\})", output(worker))
