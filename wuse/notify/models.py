"""Reminders and what became of them.

A ``Reminder`` is one due item told to one level of the hierarchy, keyed by (rule, object, due date, level):
the sweep inserts it before anything is sent, so a second sweep, a second beat or a redelivered task finds
the key taken. Sending turns it into ``Notification`` rows (in-app, one per recipient) and ``Delivery`` rows
(one per recipient and outside channel, e.g. email), each with its own state; ``SendLog`` keeps every attempt.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleSetting(models.Model):
    """A rule's switch and delays for the whole installation (``region`` = the top unit) or one district."""

    rule = models.CharField(_("rule"), max_length=60)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    enabled = models.BooleanField(_("on"), default=True)
    days = models.SmallIntegerField(_("days"))
    escalate_street = models.SmallIntegerField(_("to the street after (days)"), null=True, blank=True)
    escalate_district = models.SmallIntegerField(_("to the district after (days)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    ACCESS_REGION_FIELD = "region"  # the city admin's row at the top, a district reviewer's at the district

    class Meta:
        verbose_name = _("reminder rule setting")
        verbose_name_plural = _("reminder rule settings")
        constraints = [models.UniqueConstraint(fields=["rule", "region"], name="notify_setting_unique")]

    def __str__(self) -> str:
        return f"{self.rule} @ {self.region_id}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")


class Reminder(models.Model):
    rule = models.CharField(_("rule"), max_length=60)
    object_id = models.CharField(_("item"), max_length=64)
    due_on = models.DateField(_("due on"))
    level = models.PositiveSmallIntegerField(_("level"), default=0)  # 0: the unit responsible; 1, 2: above it
    unit = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("told"),
                             db_constraint=False)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=ReminderStatus.choices,
                              default=ReminderStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["rule", "object_id", "due_on", "level"],
                                               name="notify_reminder_key")]
        indexes = [
            models.Index(fields=["url", "due_on"], name="notify_reminder_url_idx"),
            models.Index(fields=["status", "enqueued_at"], name="notify_reminder_status_idx",
                         condition=models.Q(status="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.rule}:{self.object_id}@{self.due_on}/L{self.level}"


class Notification(models.Model):
    """One line in a user's notification centre."""

    ACCESS_KEY = "notification"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["reminder", "user"], name="notify_notification_once")]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notify_user_created_idx"),
            models.Index(fields=["user"], name="notify_user_unread_idx", condition=models.Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Digest(models.Model):
    """One user's daily digest email: created before sending, so a day's digest goes out once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    items = models.PositiveIntegerField(_("items"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notify_digest_once")]

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.day}"


class Delivery(models.Model):
    """A reminder to one user over one outside channel (email), sent at most once per key."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    digest = models.ForeignKey(Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["reminder", "user", "channel"], name="notify_delivery_once")]
        indexes = [models.Index(fields=["status", "claimed_at"], name="notify_delivery_status_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.reminder_id} → {self.user_id}"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt: a mail system that sees it twice keeps one."""
        return f"<wuse-reminder-{self.reminder_id}-{self.user_id}-{self.channel}@wuse>"


class SendOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class SendLog(models.Model):
    """Every attempt and its outcome, for the system administrator (append-only by use)."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20)
    rule = models.CharField(_("rule"), max_length=60, blank=True)
    reminder = models.ForeignKey(Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=SendOutcome.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("send log entry")
        verbose_name_plural = _("send log")
        indexes = [models.Index(fields=["-at", "-id"], name="notify_log_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.outcome}"


class EmailChoice(models.TextChoices):
    OFF = "off", _("No email")
    NOW = "now", _("Email at once")
    DIGEST = "digest", _("In the daily digest")


class Preference(models.Model):
    """How one user wants one kind of reminder (a rule's key); no row means the defaults."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    in_app = models.BooleanField(_("in the notification centre"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.NOW)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notify_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
