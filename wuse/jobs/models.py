from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped")


class Job(models.Model):
    """A piece of long work a user started (an import, an export, a report), run by a worker.

    Only its owner sees it (``wuse.jobs.access``). While it runs, progress lives in the cache (the
    work may be one transaction, invisible until it commits); the row holds the outcome: the count
    of what was done, a message, and a result file kept until ``expires_at``.
    """

    ACCESS_KEY = "job"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("started by"))
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result_path = models.CharField(max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_idx"),
                   models.Index(fields=["expires_at"], name="job_expires_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def succeeded(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def has_result_file(self) -> bool:
        return bool(self.succeeded and self.result_path and self.expires_at > timezone.now())
