"""The reminder sweep's row of the bench (part ``notify``; issue 14): ``wuse.notify.sweep`` over the whole bench
database on the data's day (the fill's anchor), in three phases —

1. **the rules and the inserts** (what ``sweep()`` does before publishing): every registered rule's one query over
   its date window, the reminders of level 0 and the escalations inserted by batches of ``INSERT_BATCH`` with
   ``ON CONFLICT DO NOTHING``: time, reminders inserted and per second, queries, peak Python memory (tracemalloc,
   under which this phase is timed);
2. **the sending** of those reminders in this process (Celery eager, as the worker would run ``notify_send`` batch
   by batch): notifications, email deliveries, emails (Django's in-memory backend: nothing leaves the machine),
   time, reminders per second, queries;
3. **a repeat sweep** the same day (steady state: everything is inserted, nothing new): time and queries.

Who is told depends on the bench's accounts: level 0 goes to the members of the item's unit whose role holds the
rule's action (in the bench data, only 上保社区 has community staff), an escalation to the street's officer and the
district's reviewer (the evaluations' fill made one per street and per district). The row prints how many
reminders found nobody (kept as ``skipped``: "nobody at this unit can act on it").

Everything the bench wrote is deleted at the end (the reminders with their notifications and deliveries, the send
log's lines, the audit rows of the sweep and the sends, under the audit's maintenance switch): the bench database
keeps no reminder.
"""

import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone


class _Count:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


@contextmanager
def _queries():
    """Counts the statements run (an execute wrapper: no list of 10^5 statements kept, as a debug cursor would)."""
    counter = _Count()
    with connection.execute_wrapper(counter):
        yield counter


@contextmanager
def _in_process_sending():
    """Celery eager (the sending runs here, no worker, nothing left in Redis) and emails kept in memory."""
    from django.conf import settings
    from django.core import mail

    from wuse import celery_app

    saved = celery_app.conf.task_always_eager, settings.EMAIL_BACKEND
    celery_app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    try:
        yield mail.outbox
    finally:
        celery_app.conf.task_always_eager, settings.EMAIL_BACKEND = saved
        mail.outbox = []


def _last_ids() -> dict[str, int]:
    from wuse.audit.models import AuditEntry
    from wuse.notify.models import Notification, Reminder, SendLog

    return {model.__name__: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            for model in (Reminder, Notification, SendLog, AuditEntry)}


def _clean(before: dict[str, int]) -> dict[str, int]:
    """Delete what the bench wrote (ids above those it found)."""
    from wuse.audit.models import AuditEntry
    from wuse.notify.models import Reminder, SendLog

    with transaction.atomic():
        logs = SendLog.objects.filter(pk__gt=before["SendLog"]).delete()[0]
        reminders = Reminder.objects.filter(pk__gt=before["Reminder"]).delete()[1].get("notify.Reminder", 0)
        audit = 0
        if connection.vendor == "postgresql":  # append-only: the retention purge's switch, as the purge uses it
            with connection.cursor() as cur:
                cur.execute("SET LOCAL wuse.audit_maintenance = 'on'")
                cur.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id > %s AND action IN (%s, %s)",
                            [before["AuditEntry"], "notify.sweep", "notify.send"])
                audit = cur.rowcount
    return {"reminders": reminders, "send_log": logs, "audit": audit}


def sweep_figures(today=None, out=print) -> dict:
    """The three phases on ``today`` (default: the installation's today); returns the figures."""
    from wuse.notify import sweep as sweep_module
    from wuse.notify.models import Delivery, Notification, Reminder, ReminderStatus, SendLog

    today = today or timezone.localdate()
    out(f"\nthe reminder sweep (wuse.notify.sweep) over the whole database on {today} "
        f"({len(sweep_module.rules())} rules)")
    already = Reminder.objects.count()
    if already:
        out(f"  note: the database already held {already:,} reminders (kept; the bench deletes only its own)")
    before = _last_ids()
    figures = {"today": str(today), "rules": len(sweep_module.rules())}
    try:
        # 1. the rules and the inserts, without publishing
        result = sweep_module.SweepResult()
        config = sweep_module.Config.load()
        tracemalloc.start()
        started = time.perf_counter()
        with _queries() as queries:
            for rule in sweep_module.rules():
                with transaction.atomic():
                    result.found += sweep_module.insert(sweep_module.reminders_of(rule, config, today, result))
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        mine = Reminder.objects.filter(pk__gt=before["Reminder"])
        inserted = mine.count()
        by_rule = Counter(mine.values_list("rule", flat=True))
        by_level = Counter(mine.values_list("level", flat=True))
        figures["insert"] = {"seconds": seconds, "found": result.found, "inserted": inserted,
                             "per_second": inserted / seconds if seconds else 0, "queries": queries.n,
                             "peak_mb": peak, "by_rule": dict(by_rule), "by_level": dict(by_level),
                             "skipped": dict(result.skipped)}
        out(f"  1. rules and inserts: {inserted:,} reminders inserted ({result.found:,} offered) in {seconds:.1f} s "
            f"= {inserted / seconds if seconds else 0:,.0f} rows/s, {queries.n} queries, peak Python memory "
            f"{peak:.1f} MB (timed under tracemalloc)")
        out("     by rule: " + ", ".join(f"{k} {n:,}" for k, n in by_rule.most_common())
            + "; by level: " + ", ".join(f"L{k} {n:,}" for k, n in sorted(by_level.items()))
            + (f"; not reminded: {dict(result.skipped)}" if result.skipped else ""))

        # 2. the sending, in this process
        with _in_process_sending() as outbox, _queries() as queries:
            started = time.perf_counter()
            published = sweep_module.publish_pending()
            seconds = time.perf_counter() - started
            emails = len(outbox)
        sent = mine.filter(status=ReminderStatus.SENT).count()
        skipped = mine.filter(status=ReminderStatus.SKIPPED).count()
        nobody = mine.filter(status=ReminderStatus.SKIPPED, recipients=0).count()
        left = mine.filter(status=ReminderStatus.PENDING).count()
        notes = Notification.objects.filter(pk__gt=before["Notification"]).count()
        deliveries = Delivery.objects.filter(reminder__in=mine).count()
        no_address = SendLog.objects.filter(pk__gt=before["SendLog"], channel="email", outcome="skipped").count()
        figures["send"] = {"seconds": seconds, "reminders": published, "sent": sent, "skipped": skipped,
                           "nobody": nobody, "left_pending": left, "notifications": notes, "deliveries": deliveries,
                           "emails": emails, "no_address": no_address,
                           "per_second": published / seconds if seconds else 0, "queries": queries.n}
        out(f"  2. sending (eager, batches of {sweep_module.SEND_BATCH}): {published:,} reminders in {seconds:.1f} s "
            f"= {published / seconds if seconds else 0:,.0f}/s, {queries.n:,} queries; {sent:,} sent, {skipped:,} "
            f"not sent ({nobody:,} found nobody at their unit: the bench has members at few units); "
            f"{notes:,} notifications, {deliveries:,} email deliveries, {emails:,} emails ({no_address:,} recipients "
            "without an email address)"
            + (f"; {left:,} LEFT WAITING (a batch failed: see the log)" if left else ""))

        # 3. the same day again: nothing new
        with _in_process_sending(), _queries() as queries:
            started = time.perf_counter()
            again = sweep_module.sweep(today)
            seconds = time.perf_counter() - started
        new = Reminder.objects.filter(pk__gt=before["Reminder"]).count() - inserted
        figures["repeat"] = {"seconds": seconds, "found": again.found, "new": new, "published": again.published,
                             "queries": queries.n}
        out(f"  3. repeat sweep the same day: {new} new reminders ({again.found:,} offered, all taken), "
            f"{again.published} published, {seconds:.1f} s, {queries.n} queries")
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        removed = _clean(before)
        figures["removed"] = removed
        out(f"  removed what the bench wrote: {removed['reminders']:,} reminders with their notifications and "
            f"deliveries, {removed['send_log']:,} send-log lines, {removed['audit']:,} audit rows")
    return figures
