"""The sweep with frozen time: due dates, escalation to the street then the district, once per key."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils.translation import gettext

from needs.models import Need
from tests.helpers import C111, D1, S11
from tests.notify.support import at, need_on, people
from wuse.notify.config import Config
from wuse.notify.models import Delivery, Notification, Reminder, ReminderStatus, RuleSetting, SendLog
from wuse.notify.rules import RULES, supervisors
from wuse.notify.sweep import SweepResult, insert, reminders_of, sweep

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)


def sweep_on(day):
    with time_machine.travel(at(day, 10), tick=False):
        return sweep(today=day)


def test_supervisors_of_a_community_a_street_and_a_district():
    assert supervisors(C111) == [S11, D1]
    assert supervisors(S11) == [D1]
    assert supervisors(D1) == []


def test_an_untriaged_need_is_due_after_the_rules_days_and_told_to_the_communitys_staff(tree):
    who = people()
    need = need_on(MONDAY, who["staff"])
    sweep_on(MONDAY + timedelta(days=2))
    assert not Reminder.objects.filter(rule="needs.untriaged").exists()

    sweep_on(MONDAY + timedelta(days=3))
    reminder = Reminder.objects.get(rule="needs.untriaged")
    assert (reminder.object_id, reminder.due_on, reminder.level, reminder.unit_id) == (
        str(need.pk), MONDAY + timedelta(days=3), 0, C111)
    assert reminder.status == ReminderStatus.SENT and reminder.recipients == 1
    note = Notification.objects.get()
    assert note.user == who["staff"] and note.url == f"/needs/{need.pk}/" and "楼道灯坏了" in note.title
    assert [m.to for m in mail.outbox] == [["staff@example.test"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == Delivery.objects.get().message_id


def test_escalation_reaches_the_street_then_the_district_once_each(tree):
    who = people()
    need_on(MONDAY, who["staff"])
    due = MONDAY + timedelta(days=3)
    for offset in range(0, 12):
        sweep_on(due + timedelta(days=offset))
        sweep_on(due + timedelta(days=offset))  # a second sweep the same day adds nothing
    chain = list(Reminder.objects.filter(rule="needs.untriaged").order_by("level").values_list(
        "level", "unit_id", "status"))
    assert chain == [(0, C111, "sent"), (1, S11, "sent"), (2, D1, "sent")]
    told = dict(Notification.objects.values_list("user__username", "level"))
    assert told == {"staff": 0, "street": 1, "district": 2}
    street_note = Notification.objects.get(user=who["street"])
    assert street_note.created_at.date() == due + timedelta(days=3)


def test_a_triaged_need_is_no_longer_reminded_nor_escalated(tree):
    who = people()
    need = need_on(MONDAY, who["staff"])
    sweep_on(MONDAY + timedelta(days=3))
    Need.objects.filter(pk=need.pk).update(status="verified")
    sweep_on(MONDAY + timedelta(days=10))
    assert Reminder.objects.filter(rule="needs.untriaged").count() == 1


def test_a_district_tightens_the_delay_for_its_own_units(tree):
    who = people()
    RuleSetting.objects.create(rule="needs.untriaged", region_id="410100000000", days=5)
    RuleSetting.objects.create(rule="needs.untriaged", region_id=D1, days=1)
    need_on(MONDAY, who["staff"])
    need_on(MONDAY, who["staff"], community="410102001001", title="别区的需求")
    sweep_on(MONDAY + timedelta(days=1))
    assert list(Reminder.objects.values_list("unit_id", flat=True)) == [C111]
    sweep_on(MONDAY + timedelta(days=5))
    assert sorted(Reminder.objects.filter(level=0).values_list("unit_id", flat=True)) == [C111, "410102001001"]


def test_a_setting_with_a_zero_delay_is_logged_and_its_units_get_nothing(tree, caplog):
    who = people()
    RuleSetting.objects.create(rule="needs.untriaged", region_id=D1, days=0)
    need_on(MONDAY, who["staff"])
    result = sweep_on(MONDAY + timedelta(days=4))
    assert not Reminder.objects.filter(rule="needs.untriaged").exists()
    assert "delay below one day" in caplog.text
    assert result.found == 0


def test_a_need_without_an_answer_by_date_is_not_overdue_and_one_past_it_is(tree):
    who = people()
    need_on(MONDAY, who["staff"], title="无期限")
    late = need_on(MONDAY, who["staff"], title="有期限", response_deadline=MONDAY + timedelta(days=1))
    sweep_on(MONDAY + timedelta(days=2))
    assert list(Reminder.objects.filter(rule="needs.answer_overdue").values_list("object_id", flat=True)) == [
        str(late.pk)]


def test_a_deleted_need_and_a_disabled_user_are_logged_not_sent(tree):
    who = people()
    need = need_on(MONDAY, who["staff"])
    with time_machine.travel(at(MONDAY + timedelta(days=3)), tick=False):
        insert(reminders_of(RULES["needs.untriaged"], Config.load(), MONDAY + timedelta(days=3), SweepResult()))
    Need.objects.filter(pk=need.pk).delete()
    sweep_on(MONDAY + timedelta(days=3))
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.SKIPPED and reminder.reason == gettext("the item was deleted")
    who["staff"].is_active = False
    who["staff"].save()
    need_on(MONDAY, who["staff"], title="第二个")
    sweep_on(MONDAY + timedelta(days=3))
    assert SendLog.objects.filter(outcome="skipped", detail=gettext("the account is disabled")).exists()
    assert not Notification.objects.exists() and not mail.outbox


def test_an_installation_tightened_later_than_a_district_applies_to_that_district_too(tree):
    who = people()
    RuleSetting.objects.create(rule="needs.untriaged", region_id=D1, days=4, escalate_street=5)
    RuleSetting.objects.create(rule="needs.untriaged", region_id="410100000000", days=2, escalate_street=9,
                               escalate_district=None)
    effective = Config.load().for_unit(RULES["needs.untriaged"], C111)
    assert (effective.days, effective.escalate, effective.source) == (2, (5, None), D1)
    need_on(MONDAY, who["staff"])
    sweep_on(MONDAY + timedelta(days=2))
    assert Reminder.objects.filter(rule="needs.untriaged", level=0).count() == 1


def test_a_rule_that_fails_is_logged_and_the_others_still_remind(tree, monkeypatch, caplog):
    from wuse.notify.rules import Rule

    def broken():
        raise RuntimeError("a step's query broke")

    bad = Rule(key="tests.broken", group="t", label="t", pending=broken, anchor="created_at", unit="community_id",
               title="title", link=("needs:detail", "pk"), action="need.verify", order=0)
    monkeypatch.setitem(RULES, bad.key, bad)
    who = people()
    need_on(MONDAY, who["staff"])
    result = sweep_on(MONDAY + timedelta(days=3))
    assert result.skipped["rule failed: tests.broken"] == 1
    assert "tests.broken failed in the sweep" in caplog.text
    assert Reminder.objects.filter(rule="needs.untriaged").count() == 1
