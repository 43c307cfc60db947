"""Sending: a batch of reminders becomes notifications and deliveries in one transaction; emails go out after
it, each claimed before it is sent and marked after.

Exactly once: a reminder is locked and taken only while it is still waiting (a second task with the same ids
finds nothing); notifications and deliveries are unique per (reminder, user[, channel]). An email is claimed
(``sending``, committed) before the SMTP call and marked ``sent`` right after; only a sender killed between
the two can repeat it, after ``WUSE_NOTIFY_STALE_SECONDS``, with the same Message-ID, which mail systems use
to drop a repeat.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record

from . import unread
from .channels import Message, channel
from .config import stale
from .models import (
    Delivery,
    DeliveryStatus,
    EmailChoice,
    Notification,
    Preference,
    Reminder,
    ReminderStatus,
    SendLog,
    SendOutcome,
)
from .recipients import resolve
from .rules import RULES

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def send_reminders(ids: list[int]) -> list[int]:
    """Turn waiting reminders into notifications and deliveries, then send their emails. Returns the
    reminders this call took (none when another call had them)."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):  # reasons in the installation's
        batch = list(Reminder.objects.select_for_update(skip_locked=True).filter(  # language
            pk__in=ids, status=ReminderStatus.PENDING).order_by("pk"))
        if not batch:
            return []
        taken, queued, told = _take(batch)
    unread.forget(told)
    send_emails(queued)
    return taken


def _still_due(batch: list[Reminder]):
    """(rule, object id) pairs still due, with the user a ``user=`` rule names; and the rules of the batch."""
    by_rule: dict[str, list[str]] = defaultdict(list)
    for r in batch:
        by_rule[r.rule].append(r.object_id)
    due, named, rules, gone = set(), {}, {}, set()
    for key, object_ids in by_rule.items():
        rule = RULES.get(key)
        if rule is None:
            continue
        rules[key] = rule
        qs = rule.pending().filter(pk__in=object_ids).order_by()
        fields = ("pk", rule.user) if rule.user else ("pk",)
        for row in qs.values_list(*fields):
            due.add((key, str(row[0])))
            if rule.user:
                named[(key, str(row[0]))] = row[1]
        missing = set(object_ids) - {oid for k, oid in due if k == key}
        if missing:
            existing = {str(pk) for pk in rule.pending().model._base_manager.filter(pk__in=missing)
                        .values_list("pk", flat=True)}
            gone |= {(key, oid) for oid in missing - existing}
    return due, named, rules, gone


def _take(batch: list[Reminder]):
    now = timezone.now()
    due, named, rules, gone = _still_due(batch)
    live = [r for r in batch if (r.rule, r.object_id) in due]
    people = resolve(live, rules, named) if live else {}
    prefs = _preferences({p.pk for persons in people.values() for p in persons}, {r.rule for r in live})
    notifications, deliveries, logs, told = [], [], [], set()
    for r in batch:
        if r.rule not in rules:
            _skip(r, _("the rule is no longer declared"), logs)
        elif (r.rule, r.object_id) in gone:
            _skip(r, _("the item was deleted"), logs)
        elif (r.rule, r.object_id) not in due:
            _skip(r, _("the item is no longer due"), logs)
        else:
            _tell(r, people.get(r.pk, []), prefs, now, notifications, deliveries, logs, told)
        r.sent_at = now
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    SendLog.objects.bulk_create(logs)
    Reminder.objects.bulk_update(batch, ["status", "reason", "recipients", "sent_at"])
    queued = list(Delivery.objects.filter(reminder__in=batch, status=DeliveryStatus.QUEUED).values_list(
        "pk", flat=True))
    audit_record(action="notify.send", target=None, detail={
        "reminders": len(batch), "notifications": len(notifications), "emails": len(queued)})
    return [r.pk for r in batch], queued, told


def _skip(r: Reminder, reason: str, logs: list) -> None:
    r.status, r.reason = ReminderStatus.SKIPPED, reason[:300]
    logs.append(SendLog(channel="-", rule=r.rule, reminder=r, outcome=SendOutcome.SKIPPED, detail=reason))


def _tell(r, persons, prefs, now, notifications, deliveries, logs, told) -> None:
    active = [p for p in persons if p.is_active]
    for p in persons:
        if not p.is_active:
            logs.append(SendLog(channel="-", rule=r.rule, reminder=r, user_id=p.pk, outcome=SendOutcome.SKIPPED,
                                detail=_("the account is disabled")))
    for p in active:
        in_app, email = prefs.get((p.pk, r.rule), (True, EmailChoice.NOW))
        if in_app:
            notifications.append(Notification(user_id=p.pk, reminder=r, kind=r.rule, level=r.level, title=r.title,
                                              url=r.url, created_at=now))
            told.add(p.pk)
        if email == EmailChoice.OFF:
            continue
        if not p.email:
            logs.append(SendLog(channel="email", rule=r.rule, reminder=r, user_id=p.pk,
                                outcome=SendOutcome.SKIPPED, detail=_("the user has no email address")))
            continue
        status = DeliveryStatus.DIGEST if email == EmailChoice.DIGEST else DeliveryStatus.QUEUED
        deliveries.append(Delivery(reminder=r, user_id=p.pk, channel="email", status=status))
    if active:
        r.status, r.reason, r.recipients = ReminderStatus.SENT, "", len(active)
    else:
        r.status, r.recipients = ReminderStatus.SKIPPED, 0
        r.reason = _("nobody at this unit can act on it")[:300]
        logs.append(SendLog(channel="-", rule=r.rule, reminder=r, outcome=SendOutcome.SKIPPED, detail=r.reason))


def _preferences(user_ids: set[int], kinds: set[str]) -> dict[tuple[int, str], tuple[bool, str]]:
    if not user_ids:
        return {}
    rows = Preference.objects.filter(user_id__in=user_ids, kind__in=kinds).values_list(
        "user_id", "kind", "in_app", "email")
    return {(u, k): (a, e) for u, k, a, e in rows}


# --------------------------------------------------------------------------------------------------- email

def _claim(model, ids, now):
    """Lock and mark the rows this sender takes: waiting ones, and ones whose sender died a stale time ago."""
    with transaction.atomic():
        rows = list(model.objects.select_for_update(skip_locked=True).filter(pk__in=ids).filter(
            Q(status=DeliveryStatus.QUEUED) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - stale())))
        for row in rows:
            row.status, row.attempts, row.claimed_at = DeliveryStatus.SENDING, row.attempts + 1, now
        model.objects.bulk_update(rows, ["status", "attempts", "claimed_at"])
    return rows


def send_emails(ids: list[int]) -> int:
    if not ids:
        return 0
    claimed = _claim(Delivery, ids, timezone.now())
    if not claimed:
        return 0
    rows = Delivery.objects.filter(pk__in=[d.pk for d in claimed]).select_related("reminder", "user")
    out = channel("email")
    sent = 0
    for d in rows:
        with translation.override(settings.LANGUAGE_CODE):  # the installation's language, not the worker's
            message = Message(to=out.address(d.user), subject=_("[wuse] %(title)s") % {"title": line(d.reminder)},
                              body=_body([d.reminder]), message_id=d.message_id)
        sent += _attempt(out, message, d, d.reminder)
    return sent


def _attempt(out, message: Message, row, reminder) -> int:
    try:
        out.send(message)
    except Exception as exc:  # the server refused or is away: tried again by a later sweep, then given up
        final = row.attempts >= MAX_ATTEMPTS
        type(row).objects.filter(pk=row.pk).update(
            status=DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED)
        SendLog.objects.create(channel=out.key, rule=getattr(reminder, "rule", ""), reminder=reminder,
                               user_id=row.user_id, outcome=SendOutcome.FAILED,
                               detail=f"{type(exc).__name__}: {exc}"[:500])
        log.warning("email to user %s failed (attempt %s): %s", row.user_id, row.attempts, exc)
        return 0
    type(row).objects.filter(pk=row.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    SendLog.objects.create(channel=out.key, rule=getattr(reminder, "rule", ""), reminder=reminder,
                           user_id=row.user_id, outcome=SendOutcome.SENT, detail=message.message_id)
    return 1


def line(reminder: Reminder) -> str:
    """"<the rule's label>: <the item>", in the active language."""
    rule = RULES.get(reminder.rule)
    return f"{rule.label if rule else reminder.rule}: {reminder.title}"


def _body(reminders) -> str:
    base = (settings.WUSE_PUBLIC_BASE_URL or "http://127.0.0.1:8000").rstrip("/")  # the installation's address
    lines = [f"- {line(r)}\n  {base}{r.url}" for r in reminders]
    return "\n".join([_("wuse reminds you of:"), "", *lines, "",
                      _("Change which reminders you receive under Notifications → Preferences.")])
