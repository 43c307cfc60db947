"""Sending with frozen time: preferences per kind, the daily digest, a missing address, a failing server."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext

from tests.helpers import make_user
from tests.notify.support import need_on, people
from tests.notify.test_sweep import sweep_on
from wuse.accounts.roles import Role
from wuse.notify.delivery import MAX_ATTEMPTS, send_emails
from wuse.notify.digest import send_digests
from wuse.notify.models import Delivery, DeliveryStatus, Digest, Notification, Preference, Reminder, SendLog
from wuse.notify.sweep import publish_email_retries

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)
DUE = MONDAY + timedelta(days=3)


def test_preferences_per_kind_switch_the_centre_and_the_email(tree):
    who = people()
    Preference.objects.create(user=who["staff"], kind="needs.untriaged", in_app=False, email="off")
    need_on(MONDAY, who["staff"])
    need_on(MONDAY, who["staff"], title="逾期未答复", response_deadline=MONDAY)
    sweep_on(DUE)
    assert list(Notification.objects.values_list("kind", flat=True)) == ["needs.answer_overdue"]
    assert len(mail.outbox) == 1 and "逾期未答复" in mail.outbox[0].subject


def test_the_daily_digest_sends_one_email_a_day_listing_the_items(tree):
    who = people()
    Preference.objects.create(user=who["staff"], kind="needs.untriaged", email="digest")
    for n in range(3):
        need_on(MONDAY, who["staff"], title=f"需求{n}")
    sweep_on(DUE)
    assert Notification.objects.count() == 3 and mail.outbox == []
    assert send_digests(DUE) == 1
    assert send_digests(DUE) == 0  # a second run the same day (a second beat) sends nothing more
    assert len(mail.outbox) == 1
    assert all(f"需求{n}" in mail.outbox[0].body for n in range(3))
    assert Digest.objects.get().items == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_user_without_an_email_address_is_told_in_the_centre_and_the_log_says_why(tree):
    who = people()
    who["staff"].email = ""
    who["staff"].save()
    need_on(MONDAY, who["staff"])
    sweep_on(DUE)
    assert Notification.objects.filter(user=who["staff"]).count() == 1
    assert not Delivery.objects.exists() and mail.outbox == []
    assert SendLog.objects.get(outcome="skipped").detail == gettext("the user has no email address")


def test_nobody_at_the_unit_leaves_a_reason_on_the_reminder(tree):
    author = make_user("author", Role.STREET_OFFICER, "410101001000")
    need_on(MONDAY, author)
    sweep_on(DUE)
    reminder = Reminder.objects.get(level=0)
    assert reminder.status == "skipped" and reminder.reason == gettext("nobody at this unit can act on it")


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")

    def open(self):
        return True

    def close(self):
        pass


def test_a_refused_email_is_tried_again_by_later_sweeps_then_given_up(tree, settings):
    who = people()
    need_on(MONDAY, who["staff"])
    settings.EMAIL_BACKEND = "tests.notify.test_delivery.RefusingBackend"
    sweep_on(DUE)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    publish_email_retries(now=delivery.claimed_at + timedelta(minutes=1))
    assert Delivery.objects.get().attempts == 1  # not again at once: a stale time after the last attempt
    for _ in range(MAX_ATTEMPTS + 2):
        Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
        publish_email_retries()  # eager in tests: the retry runs at once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert SendLog.objects.filter(outcome="failed").count() == MAX_ATTEMPTS
    assert "smtp down" in SendLog.objects.filter(outcome="failed").first().detail
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_emails([delivery.pk]) == 0 and mail.outbox == []  # given up stays given up


def test_an_email_claimed_by_a_sender_that_died_is_sent_again_once_it_is_stale(tree, settings):
    who = people()
    need_on(MONDAY, who["staff"])
    settings.EMAIL_BACKEND = "tests.notify.test_delivery.RefusingBackend"
    sweep_on(DUE)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())  # a sender mid-way
    assert send_emails(list(Delivery.objects.values_list("pk", flat=True))) == 0
    Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))  # …that died an hour ago
    assert send_emails(list(Delivery.objects.values_list("pk", flat=True))) == 1
    assert len(mail.outbox) == 1
