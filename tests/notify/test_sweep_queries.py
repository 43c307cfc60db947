"""The sweep and the sending run a fixed number of queries whatever the number of due items (set-based reads,
inserts in batches); only the emails cost queries each (claimed together, then marked and logged one by one)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs.models import Need
from tests.notify.support import at, need_on, people
from wuse.accounts.models import User
from wuse.notify import sweep as sweep_module
from wuse.notify.config import Config
from wuse.notify.delivery import send_reminders
from wuse.notify.models import Delivery, Reminder, ReminderStatus
from wuse.notify.rules import RULES
from wuse.notify.sweep import SweepResult, insert, reminders_of, sweep

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)
DUE = MONDAY + timedelta(days=3)  # needs.untriaged: 3 days after registration


def _needs(n: int, author) -> None:
    for i in range(n):
        need_on(MONDAY, author, title=f"楼道灯坏了 {i}")


def _queries(fn) -> list[str]:
    with time_machine.travel(at(DUE, 10), tick=False), CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries]


def _fresh(n: int, author) -> None:
    """``n`` due needs and no reminder yet."""
    Reminder.objects.all().delete()
    Need.objects.all().delete()
    _needs(n, author)


def _sweep_counts(author, monkeypatch, *, publish: bool) -> dict[int, int]:
    if not publish:
        monkeypatch.setattr(sweep_module, "_publish", lambda task, ids: True)
    counts = {}
    for n in (1, 50):
        _fresh(n, author)
        counts[n] = len(_queries(lambda: sweep(today=DUE)))
        assert Reminder.objects.filter(level=0).count() == n
        assert Reminder.objects.filter(status=ReminderStatus.PENDING).count() == (0 if publish else n)
    monkeypatch.undo()
    return counts


def test_the_sweep_runs_as_many_queries_for_50_due_items_as_for_one(tree, monkeypatch):
    who = people()
    counts = _sweep_counts(who["staff"], monkeypatch, publish=False)
    print(f"sweep (rules, inserts, publishing) queries: 1 due item {counts[1]}, 50 due items {counts[50]}")
    assert counts[1] == counts[50]


def test_a_sweep_that_sends_in_app_reminders_runs_as_many_queries_for_50_as_for_one(tree, monkeypatch):
    who = people()
    User.objects.update(email="")  # in-app only: the emails' own queries are the next test's
    counts = _sweep_counts(who["staff"], monkeypatch, publish=True)
    print(f"sweep with eager sending (in-app) queries: 1 due item {counts[1]}, 50 due items {counts[50]}")
    assert counts[1] == counts[50]


def _pending(n: int, author) -> list[int]:
    _fresh(n, author)
    with time_machine.travel(at(DUE, 10), tick=False):
        insert(reminders_of(RULES["needs.untriaged"], Config.load(), DUE, SweepResult()))
    return list(Reminder.objects.filter(status=ReminderStatus.PENDING).values_list("pk", flat=True))


def test_sending_reminders_runs_as_many_queries_for_50_as_for_one(tree):
    who = people()
    User.objects.update(email="")
    counts = {}
    for n in (1, 50):
        ids = _pending(n, who["staff"])
        counts[n] = len(_queries(lambda ids=ids: send_reminders(ids)))
        assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == n
    print(f"send_reminders queries (in-app): 1 reminder {counts[1]}, 50 reminders {counts[50]}")
    assert counts[1] == counts[50]


def test_each_email_costs_two_queries_and_the_rest_is_fixed(tree):
    who = people()
    counts = {}
    for n in (1, 50):
        ids = _pending(n, who["staff"])
        counts[n] = len(_queries(lambda ids=ids: send_reminders(ids)))
        assert Delivery.objects.filter(status="sent").count() == n
    print(f"send_reminders queries with one email each: 1 reminder {counts[1]}, 50 reminders {counts[50]}")
    assert counts[50] - counts[1] <= 2 * 49  # per email at most: the row marked sent, the send log's line
