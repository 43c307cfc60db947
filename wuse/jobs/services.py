"""Starting, running, reading and purging background jobs.

``job_start`` writes the row and queues the task once the transaction commits; the worker's
``job_run`` runs the kind's ``run`` with a progress callback that writes to the cache (so a page
polling it sees progress made inside a transaction that has not committed yet) and records the
outcome. A ``DomainError`` from ``run`` stops the job with its message; anything else stops it with
a generic message and is logged. Running a finished job again does nothing (redelivered tasks).
"""

import contextlib
import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
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


def job_start(*, user, kind: str, params: dict | None = None, total: int = 0) -> Job:
    """Queue a job of a declared kind for ``user``; the worker starts it after the commit."""
    from .tasks import job_run_task

    declared = KINDS[kind]
    job = Job.objects.create(owner=user, kind=kind, params=params or {}, total=total,
                             expires_at=timezone.now() + declared.keep)
    audit_record(action="job.start", target=job, user=user, detail={"kind": kind, "total": total})
    transaction.on_commit(lambda: job_run_task.delay(job.pk))
    return job


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


def job_progress(job: Job) -> int:
    """How much is done: the cache while it runs, the recorded count once finished."""
    if job.is_finished:
        return job.done if job.status == JobStatus.DONE else 0
    return int(cache.get(progress_key(job.pk)) or 0)


def job_percent(job: Job, done: int) -> int:
    if job.status == JobStatus.DONE or not job.total:
        return 100 if job.is_finished else 0
    return min(100, int(100 * done / job.total))


def job_result_read(*, user, job: Job) -> tuple[str, bytes]:
    """The result file for its owner (the caller fetched the job through the access layer); audited."""
    if not job.has_result_file:
        raise DomainError(_("This result is no longer kept; start the job again."))
    with default_storage.open(job.result_path, "rb") as stream:
        content = stream.read()
    audit_record(action="job.download", target=job, user=user, detail={"kind": job.kind})
    return job.result_name, content


def jobs_purge(now=None) -> int:
    """Delete expired jobs with their files (and what their kind left waiting); returns how many."""
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
    return removed
