"""Delivery records of a project: milestones, activities (with their volunteers' service entries in the
registry), expenses against the plan's budget lines, budget adjustments, reports, files and the acceptance
checklist. Money is ``Decimal`` with two places end to end."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import BudgetLine, Project
from projects.models.project import MONEY
from wuse.regions.models import Region

from .workflow import ADJ_APPROVED, ADJUSTMENT_PROCESS

MAX_TEXT = 5000
MAX_PEOPLE = 100_000


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=100)
    due_on = models.DateField(_("due on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["due_on", "done_on"], name="milestone_due_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__gte=0, progress__lte=100),
                                   name="milestone_progress_range"),
            models.CheckConstraint(condition=models.Q(done_on__isnull=True) | models.Q(progress=100),
                                   name="milestone_done_is_complete"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class Activity(models.Model):
    """An activity or service given (活动/服务记录): who came, how many residents took part, the volunteers'
    hours (their service entries carry ``ref = "delivery.activity:<id>"``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="delivered_activities")
    community = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    content = models.CharField(_("content"), max_length=1000)
    headcount = models.PositiveIntegerField(_("participants (head-count)"),
                                            validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)])
    residents = models.PositiveIntegerField(_("residents taking part"), default=0,
                                            validators=[MaxValueValidator(MAX_PEOPLE)])
    names = models.TextField(_("participants' names (only where needed)"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-held_on", "-id"]
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        indexes = [models.Index(fields=["project", "held_on", "id"], name="activity_project_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="activity_headcount_positive"),
            models.CheckConstraint(condition=models.Q(residents__lte=models.F("headcount")),
                                   name="activity_residents_within"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.content[:30]}"

    @property
    def ref(self) -> str:
        return activity_ref(self.pk)


def activity_ref(pk: int) -> str:
    return f"delivery.activity:{pk}"


class ExpenseQuerySet(models.QuerySet):
    def for_table(self) -> "ExpenseQuerySet":
        return self.select_related("line", "recorded_by").prefetch_related("attachments")


class Expense(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenses")
    # PROTECT: an expense is never lost with its line.
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenses",
                             verbose_name=_("budget line"))
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=100)
    note = models.CharField(_("what it paid for"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ExpenseQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-spent_on", "-id"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        indexes = [models.Index(fields=["project", "spent_on", "id"], name="expense_project_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_positive")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.payee} {self.amount}"


class BudgetAdjustment(models.Model):
    """More money on one budget line (预算调整), approved by the street before it may be spent."""

    ACCESS_KEY = "project"  # seen where the project's unit is seen; decided with ``project.budget_approve``
    ACCESS_REGION_FIELD = "region"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_adjustments")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="adjustments",
                             verbose_name=_("budget line"))
    amount = models.DecimalField(_("extra amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    reason = models.CharField(_("why"), max_length=1000)
    status = models.CharField(_("status"), max_length=20, choices=ADJUSTMENT_PROCESS.choices,
                              default=ADJUSTMENT_PROCESS.initial)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("decision"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "-requested_at", "-id"]
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="adjustment_positive")]

    def __str__(self) -> str:
        return f"{self.line_id} +{self.amount}"


def line_allowance(line: BudgetLine) -> Decimal:
    """What may be spent on ``line``: its amount and the approved adjustments."""
    extra = line.adjustments.filter(status=ADJ_APPROVED).aggregate(total=Sum("amount"))["total"]
    return line.amount + (extra or Decimal("0"))


def line_spent(line: BudgetLine) -> Decimal:
    return line.expenses.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class ReportKind(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term report")
    FINAL = "final", _("Final report")


class Report(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    text = models.TextField(_("report text"), max_length=MAX_TEXT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["project", "submitted_at", "id"]
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="report_once_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    SIGN_IN = "sign_in", _("Sign-in sheet")
    VOUCHER = "voucher", _("Voucher")
    REPORT = "report", _("Report attachment")


def _attachment_path(instance, filename: str) -> str:
    """A random name: the original file name never reaches the disk or a URL."""
    return f"projects/delivery/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


_ONE_OWNER = (models.Q(activity__isnull=False, expense__isnull=True, report__isnull=True)
              | models.Q(activity__isnull=True, expense__isnull=False, report__isnull=True)
              | models.Q(activity__isnull=True, expense__isnull=True, report__isnull=False))


class Attachment(models.Model):
    """A file of an activity (photos, the sign-in sheet), an expense (its voucher) or a report: its type is
    recognised from its bytes; it is served only through the project's access check."""

    EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="delivery_files")
    kind = models.CharField(_("file"), max_length=10, choices=AttachmentKind.choices)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    content_type = models.CharField(max_length=30, choices=[(t, t) for t in EXTENSIONS])
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("delivery file")
        verbose_name_plural = _("delivery files")
        constraints = [models.CheckConstraint(condition=_ONE_OWNER, name="attachment_one_owner")]

    def __str__(self) -> str:
        return self.original_name or f"{self.get_kind_display()} {self.pk}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")


class Acceptance(models.Model):
    """The acceptance check (验收) of a delivered project: the checklist and the comments."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="acceptance")
    items = models.JSONField(_("checklist"), default=dict)
    comments = models.TextField(_("comments"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("checked by"))
    recorded_at = models.DateTimeField(_("checked"), auto_now=True)

    class Meta:
        verbose_name = _("acceptance check")
        verbose_name_plural = _("acceptance checks")

    def __str__(self) -> str:
        return f"{self.project_id} {self.recorded_at:%Y-%m-%d}"
