"""The plan's versions (frozen at approval and at each approved change) and the change requests (变更申请)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region

from ..workflow import CHANGE_PROCESS, CR_SUBMITTED
from .project import Project


class PlanVersion(models.Model):
    """A frozen copy of the plan (``projects.plan.snapshot``): version 1 as approved, then one per approved
    change. Read side by side on the versions page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("plan"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    change_request = models.OneToOneField("ChangeRequest", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="plan_version")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("frozen"), auto_now_add=True)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="planversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"


class ChangeRequest(models.Model):
    """A change to an approved plan: the whole proposed plan (the same shape as a version's snapshot) and why;
    the street approves it (the plan changes and a new version is frozen) or rejects it."""

    ACCESS_KEY = "project"  # seen by whoever sees the project's unit; decided with ``project.change_approve``
    ACCESS_REGION_FIELD = "region"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_requests")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CHANGE_PROCESS.choices,
                              default=CHANGE_PROCESS.initial)
    reason = models.TextField(_("what changes and why"), max_length=2000)
    proposed = models.JSONField(_("proposed plan"))
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
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=models.Q(status=CR_SUBMITTED),
                                    name="changerequest_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} #{self.pk}"

    @property
    def status_label(self):
        return CHANGE_PROCESS.label(self.status)
