"""Rectifications (整改): a finding of an evaluation turned into an action with an owner, a deadline and evidence,
tracked to closure and verified by the street.

A rectification sits at its project's unit (``region``, copied like ``Evaluation.region``), so it is scoped like the
project; its owner organization (by default the project's undertaker) and that organization's members reach it
beyond the table (``access.py``). Evidence files are recognised by their bytes (``files.py``), stored under random
names and served only through the rectification's access check."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.models import Evaluation
from projects.models import Project
from wuse.core.models import Tracked
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization

from .workflow import CANCELLED, LIVE, RECTIFICATION_PROCESS, SUBMITTED, VERIFIED

MAX_FINDING = 2000
MAX_ACTION = 2000
MAX_DONE = 5000
MAX_NOTE = 1000


class RectificationQuerySet(models.QuerySet):
    def for_table(self) -> "RectificationQuerySet":
        return self.select_related("project", "region", "owner_organization", "evaluation")

    def for_detail(self) -> "RectificationQuerySet":
        return self.select_related("project", "region", "owner_organization", "owner_user", "evaluation",
                                   "created_by", "submitted_by", "verified_by")

    def live(self) -> "RectificationQuerySet":
        """Not finished: neither verified nor cancelled."""
        return self.filter(status__in=LIVE)

    def overdue(self, today=None) -> "RectificationQuerySet":
        """The deadline has passed and the rectification is neither verified nor cancelled."""
        return self.live().filter(deadline__lt=today or timezone.localdate())


class Rectification(Tracked):
    ACCESS_KEY = "rectification"
    ACCESS_REGION_FIELD = "region"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="rectifications",
                                   verbose_name=_("evaluation"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="rectifications",
                                verbose_name=_("service project"), editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False,
                               verbose_name=_("unit"))  # the project's unit, copied: scoped like the project
    finding = models.TextField(_("finding"), max_length=MAX_FINDING)
    action = models.TextField(_("action required"), max_length=MAX_ACTION)
    owner_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="rectifications",
                                           verbose_name=_("owner organization"))
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("person responsible"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=RECTIFICATION_PROCESS.choices,
                              default=RECTIFICATION_PROCESS.initial)
    done = models.TextField(_("what was done"), max_length=MAX_DONE, blank=True)
    evidence_note = models.CharField(_("note on the evidence"), max_length=MAX_NOTE, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    verification_note = models.TextField(_("verification note"), max_length=MAX_NOTE, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("verified by"))
    return_reason = models.TextField(_("returned because"), max_length=MAX_NOTE, blank=True)
    cancel_reason = models.TextField(_("cancelled because"), max_length=MAX_NOTE, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="rectification_region_idx"),
            models.Index(fields=["created_at", "id"], name="rectification_created_idx"),
            models.Index(fields=["owner_organization", "status"], name="rectification_owner_idx"),
            models.Index(fields=["status", "deadline"], name="rectification_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status=VERIFIED) | models.Q(verified_at__isnull=False),
                                   name="rectification_verified_has_time"),
            models.CheckConstraint(condition=~models.Q(status=SUBMITTED) | models.Q(submitted_at__isnull=False),
                                   name="rectification_submitted_has_time"),
            models.CheckConstraint(condition=~models.Q(status=CANCELLED) | ~models.Q(cancel_reason=""),
                                   name="rectification_cancel_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code if self.project_id else ''} · {self.finding[:30]}"

    @property
    def status_label(self):
        return RECTIFICATION_PROCESS.label(self.status)

    @property
    def is_overdue(self) -> bool:
        return self.status in LIVE and self.deadline < timezone.localdate()


def _evidence_path(instance, filename: str) -> str:
    """A random name: the original file name never reaches the disk or a URL."""
    return f"rectifications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class RectificationEvidence(models.Model):
    """A file showing what was done (a photo, a scanned record, a PDF): its type recognised from its bytes."""

    EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=200)
    content_type = models.CharField(max_length=30, choices=[(t, t) for t in EXTENSIONS])
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")

    def __str__(self) -> str:
        return self.original_name or f"{self.pk}.{self.extension}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")
