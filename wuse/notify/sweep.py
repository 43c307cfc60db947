"""The periodic sweep: find what is due with one query per rule, insert its reminders, hand them to sending.

Each reminder's key (rule, item, due date, level) is inserted with ON CONFLICT DO NOTHING before anything is
sent, so two sweeps at once (a second beat started by mistake), a redelivered sweep or a sweep killed half-way
and run again add nothing twice. Sending is a separate idempotent task per batch of reminder ids, published
after the commit; if the broker is down the batch stays unpublished and the next sweep publishes it.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wuse.audit.services import audit_record
from wuse.celery import app as celery_app
from wuse.regions.levels import Level

from .config import Config, stale
from .models import Delivery, DeliveryStatus, Reminder, ReminderStatus
from .rules import LOOKBACK_DAYS, Rule, level_of, rules, supervisors

log = logging.getLogger(__name__)

INSERT_BATCH = 1000
SEND_BATCH = 100


@dataclass
class SweepResult:
    found: int = 0  # new keys offered (a key already held in the window is not offered again)
    published: int = 0
    email_retries: int = 0
    skipped: Counter = field(default_factory=Counter)


def _is_datetime(qs: models.QuerySet, name: str) -> bool:
    annotation = qs.query.annotations.get(name)
    if annotation is not None:
        return isinstance(annotation.output_field, models.DateTimeField)
    return isinstance(qs.model._meta.get_field(name), models.DateTimeField)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def anchor_window(rule: Rule, qs: models.QuerySet, today: date, day_range: tuple[int, int]) -> models.QuerySet:
    """Only the items whose due date can fall in [today − LOOKBACK_DAYS, today] for some unit's delay: a range
    on the anchor, which an index on it serves (half-open on a timestamp)."""
    low_days, high_days = day_range
    first_due = today - timedelta(days=LOOKBACK_DAYS)
    if rule.before:  # due = anchor − days, and a heads-up is only for a date still ahead
        low, high = max(first_due + timedelta(days=low_days), today), today + timedelta(days=high_days)
    else:
        low, high = first_due - timedelta(days=high_days), today - timedelta(days=low_days)
    if _is_datetime(qs, rule.anchor):
        return qs.filter(**{f"{rule.anchor}__gte": _day_start(low),
                            f"{rule.anchor}__lt": _day_start(high + timedelta(days=1))})
    return qs.filter(**{f"{rule.anchor}__gte": low, f"{rule.anchor}__lte": high})


def _local_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _link(rule: Rule, value, query: tuple) -> str | None:
    try:
        path = reverse(rule.link[0], args=[] if rule.link[1] is None else [value])
    except NoReverseMatch:
        return None
    pairs = [(name, v) for (name, _field), v in zip(rule.query, query, strict=True) if v not in (None, "")]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def reminders_of(rule: Rule, config: Config, today: date, result: SweepResult):
    """Yield the unsaved reminders ``rule`` owes today, level 0 and the escalations."""
    day_range = config.day_range(rule)
    if day_range is None:
        return
    qs = anchor_window(rule, rule.pending(), today, day_range)
    fields = ("pk", rule.unit, rule.anchor, rule.title, rule.link[1] or "pk", *(f for _name, f in rule.query))
    rows = qs.values_list(*fields).order_by()
    first_due = today - timedelta(days=LOOKBACK_DAYS)
    # The keys this rule already holds in the window: a sweep on a quiet day offers nothing again (at Hangzhou
    # scale, 100,000 keys re-offered to the unique index cost 7 s a sweep; read like this, well under one).
    held = set(Reminder.objects.filter(rule=rule.key, due_on__gte=first_due).values_list(
        "object_id", "due_on", "level").iterator(chunk_size=5000))
    for pk, code, anchor, title, link_value, *query in rows.iterator(chunk_size=2000):
        anchor = _local_date(anchor)
        if anchor is None:
            result.skipped["no deadline"] += 1
            continue
        if not code:
            result.skipped["no unit"] += 1
            continue
        effective = config.for_unit(rule, code)
        if not effective.enabled:
            continue
        due = rule.due_on(anchor, effective.days)
        if not first_due <= due <= today or (rule.before and anchor < today):
            continue
        url = _link(rule, link_value, tuple(query))
        if url is None:
            result.skipped["no page"] += 1
            continue
        text = str(title or "")[:300]  # the item's own words; the rule's label is drawn in the reader's language
        base = {"rule": rule.key, "object_id": str(pk), "due_on": due, "title": text, "url": url}
        if (base["object_id"], due, 0) not in held:
            yield Reminder(level=0, unit_id=code, **base)
        for level, (unit, days) in enumerate(_escalations(code, effective), start=1):
            if days is not None and today >= due + timedelta(days=days) and (base["object_id"], due, level) not in held:
                yield Reminder(level=level, unit_id=unit, **base)


def _escalations(code: str, effective) -> list[tuple[str, int | None]]:
    chain = supervisors(code)  # street then district, or only the district for a street's item
    street_days, district_days = effective.escalate
    return [(unit, street_days if level_of(unit) == Level.STREET else district_days) for unit in chain]


def insert(reminders) -> int:
    """Insert in batches; an existing key is left as it is. Returns how many were offered."""
    offered, batch = 0, []
    for reminder in reminders:
        batch.append(reminder)
        if len(batch) >= INSERT_BATCH:
            offered += _insert_batch(batch)
            batch = []
    if batch:
        offered += _insert_batch(batch)
    return offered


def _insert_batch(batch: list[Reminder]) -> int:
    Reminder.objects.bulk_create(batch, ignore_conflicts=True)
    return len(batch)


def sweep(today: date | None = None, *, publish: bool = True) -> SweepResult:
    today = today or timezone.localdate()
    config = Config.load()
    result = SweepResult()
    for rule in rules():
        try:
            with transaction.atomic():
                result.found += insert(reminders_of(rule, config, today, result))
        except Exception:  # one rule's fault must not stop the others' reminders
            log.exception("reminder rule %s failed in the sweep; the other rules went on", rule.key)
            result.skipped[f"rule failed: {rule.key}"] += 1
    if publish:
        result.published = publish_pending()
        result.email_retries = publish_email_retries()
    if result.skipped:
        log.info("reminder sweep: %s", dict(result.skipped))
    if result.published or result.email_retries:
        audit_record(action="notify.sweep", target=None, detail={
            "found": result.found, "published": result.published, "email_retries": result.email_retries})
    return result


def publish_pending(now: datetime | None = None) -> int:
    """Publish the waiting reminders in batches of ``SEND_BATCH`` ids (never published, or published so long
    ago that the batch was lost); marked before publishing, unmarked if the broker refuses."""
    now = now or timezone.now()
    waiting = Reminder.objects.filter(status=ReminderStatus.PENDING).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - stale()))
    with transaction.atomic():  # two sweeps at once: each publishes the rows it locked, none twice
        ids = list(waiting.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True))
        Reminder.objects.filter(pk__in=ids).update(enqueued_at=now)
    if not ids:
        return 0
    published = 0
    for start in range(0, len(ids), SEND_BATCH):
        chunk = ids[start:start + SEND_BATCH]
        if _publish("wuse.notify.tasks.notify_send", chunk):
            published += len(chunk)
        else:
            Reminder.objects.filter(pk__in=ids[start:], status=ReminderStatus.PENDING).update(enqueued_at=None)
            break
    return published


def publish_email_retries(now: datetime | None = None) -> int:
    """Emails that failed (and may be tried again) or whose sender died mid-way, a stale time after the last
    attempt, and emails whose batch never got to them: publish them again."""
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(
        Q(status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING), attempts__gt=0, claimed_at__lt=now - stale())
        | Q(status=DeliveryStatus.QUEUED, attempts=0, reminder__sent_at__lt=now - stale()),
    ).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), SEND_BATCH):
        if not _publish("wuse.notify.tasks.notify_email", ids[start:start + SEND_BATCH]):
            return start
    return len(ids)


def _publish(task: str, ids: list[int]) -> bool:
    """Publish by name (the tasks module calls this one; eager in tests like any task)."""
    try:
        celery_app.signature(task, args=(ids,)).delay()
    except Exception as exc:  # the broker is down: the rows stay, the next sweep publishes them
        log.warning("could not publish %s for %d ids (%s); the next sweep tries again", task, len(ids), exc)
        return False
    return True
