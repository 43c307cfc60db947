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
    of what was done, a message, and its result files (``JobFile``: none, one, or several — a yearly
    report is an .xlsx and a .pdf) kept until ``expires_at``.
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
    def is_kept(self) -> bool:
        """Whether its result files may still be downloaded (a finished job, not yet expired)."""
        return self.succeeded and self.expires_at > timezone.now()


class JobFile(models.Model):
    """One result file of a job, in the default storage under a random name (never the download name, which
    comes from user text such as a unit's name); deleted with its job when the job expires."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(max_length=100, default="application/octet-stream")

    class Meta:
        ordering = ["job", "position", "id"]
        verbose_name = _("result file")
        verbose_name_plural = _("result files")
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="job_file_position_uniq")]

    def __str__(self) -> str:
        return self.name
