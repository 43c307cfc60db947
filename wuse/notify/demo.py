"""Demo reminders: the sweep run over the demo's records as of today, and its reminders sent at once, so the
street's and the district's demo accounts open wuse with unread notifications, some of them escalated. Emails
go out through the configured backend (the console in ``make run``)."""

from django.utils import timezone

from wuse.accounts.models import Membership
from wuse.accounts.roles import Role

from .delivery import send_reminders
from .models import EmailChoice, Preference, Reminder, ReminderStatus
from .rules import rules
from .sweep import SEND_BATCH, sweep


def load_notify_demo(accounts) -> None:
    # The district reviewers read their escalations once a day: the daily digest (08:00) instead of an email each.
    reviewers = Membership.objects.filter(role=Role.DISTRICT_REVIEWER, user__username__in=list(accounts)).values_list(
        "user_id", flat=True)
    Preference.objects.bulk_create([Preference(user_id=u, kind=r.key, email=EmailChoice.DIGEST)
                                    for u in set(reviewers) for r in rules()], ignore_conflicts=True)
    sweep(timezone.localdate(), publish=False)
    ids = list(Reminder.objects.filter(status=ReminderStatus.PENDING).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), SEND_BATCH):
        send_reminders(ids[start:start + SEND_BATCH])
