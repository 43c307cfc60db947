"""What the worker does with a job: run it, record the outcome, purge expired ones.

The kind's ``run`` gets a progress callback that writes to the cache (so a page polling it sees progress
made inside a transaction that has not committed yet). A ``DomainError`` from ``run`` stops the job with
its message; anything else stops it with a generic message and is logged. Running a finished job again
does nothing (a redelivered task).
"""

import contextlib
import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.models import Outcome
from wuse.audit.services import audit_record
from wuse.core.errors import DomainError

from .kinds import KINDS, kind_of
from .models import Job, JobStatus

logger = logging.getLogger(__name__)
RESULT_DIR = "jobs"
PROGRESS_TTL = 24 * 3600


def progress_key(job_id: int) -> str:
    return f"wuse:job:{job_id}"


def job_run(job_id: int) -> None:
    """Run one queued job (in the worker); safe to call again for the same job."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    kind = kind_of(job)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    if kind is None:
        _finish(job, JobStatus.FAILED, message=_("This kind of job is no longer available."))
        return
    try:
        result = kind.run(job, lambda done: cache.set(progress_key(job.pk), int(done), PROGRESS_TTL))
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, message=str(exc))
    except Exception:
        logger.exception("job %s (%s) stopped", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, message=_("The job stopped because of an error on the server. Nothing of it "
                                                 "was kept; try again, and tell the administrator if it recurs."))
    else:
        path = name = ""
        if result.file is not None:
            name, content = result.file
            path = default_storage.save(f"{RESULT_DIR}/{job.pk}-{secrets.token_urlsafe(12)}.bin",
                                        ContentFile(content))
        _finish(job, JobStatus.DONE, done=result.count, path=path, name=name)


def _finish(job: Job, status: str, *, message: str = "", done: int = 0, path: str = "", name: str = "") -> None:
    job.status, job.message, job.done, job.finished_at = status, message, done, timezone.now()
    job.result_path, job.result_name = path, name[:200]
    job.save(update_fields=["status", "message", "done", "finished_at", "result_path", "result_name"])
    cache.delete(progress_key(job.pk))
    audit_record(action=f"job.{'done' if status == JobStatus.DONE else 'failed'}", target=job, user=job.owner,
                 outcome=Outcome.SUCCESS if status == JobStatus.DONE else Outcome.FAILED,
                 detail={"kind": job.kind, "done": done})


def jobs_purge(now=None) -> int:
    """Delete expired jobs with their files (and what their kind left waiting), then let every kind sweep
    its own leftovers; returns how many jobs were deleted."""
    now = now or timezone.now()
    removed = 0
    for job in Job.objects.filter(expires_at__lt=now).iterator(chunk_size=200):
        kind = kind_of(job)
        if kind is not None and kind.cleanup is not None:
            kind.cleanup(job)
        if job.result_path:
            with contextlib.suppress(OSError):
                default_storage.delete(job.result_path)
        job.delete()
        removed += 1
    for kind in list(KINDS.values()):
        if kind.sweep is not None:
            kind.sweep(now)
    return removed
