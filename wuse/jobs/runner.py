"""What the worker does with a job: run it, record the outcome, purge expired ones.

The kind's ``run`` gets a progress callback that writes to the cache (so a page polling it sees progress
made inside a transaction that has not committed yet). A ``DomainError`` from ``run`` stops the job with
its message; anything else stops it with a generic message and is logged. Running a finished job again
does nothing (a redelivered task). Result files are stored under random names (the download name comes from
user text) before the job is marked done; if storing one fails, those already stored are deleted and the job
stops.
"""

import contextlib
import logging
import mimetypes
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
from .models import Job, JobFile, JobStatus

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
        try:
            files = _store(job, result.all_files)
        except OSError:
            logger.exception("job %s (%s): its result could not be stored", job.pk, job.kind)
            _finish(job, JobStatus.FAILED, message=_("The result could not be stored on the server; try again, and "
                                                     "tell the administrator if it recurs."))
            return
        _finish(job, JobStatus.DONE, done=result.count, files=files)


def _store(job: Job, results) -> list[JobFile]:
    """Each (name, content) saved under a random name; all or none (a failure deletes those already saved)."""
    files: list[JobFile] = []
    try:
        for position, (name, content) in enumerate(results):
            path = default_storage.save(f"{RESULT_DIR}/{job.pk}-{secrets.token_urlsafe(12)}.bin",
                                        ContentFile(content))
            files.append(JobFile(job=job, position=position, name=name[:200], path=path, size=len(content),
                                 content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"))
    except OSError:
        _delete_stored(file.path for file in files)
        raise
    return files


def _delete_stored(paths) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            default_storage.delete(path)


def _finish(job: Job, status: str, *, message: str = "", done: int = 0, files: list[JobFile] | tuple = ()) -> None:
    """The outcome, its files and its audit row in one transaction."""
    job.status, job.message, job.done, job.finished_at = status, message, done, timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "message", "done", "finished_at"])
        JobFile.objects.bulk_create(files)
        _audit_finish(job, status, done, files)
    cache.delete(progress_key(job.pk))


def _audit_finish(job: Job, status: str, done: int, files) -> None:
    audit_record(action=f"job.{'done' if status == JobStatus.DONE else 'failed'}", target=job, user=job.owner,
                 outcome=Outcome.SUCCESS if status == JobStatus.DONE else Outcome.FAILED,
                 detail={"kind": job.kind, "done": done, "files": [file.name for file in files]})


def jobs_purge(now=None) -> int:
    """Delete expired jobs with their files (and what their kind left waiting), then let every kind sweep
    its own leftovers; returns how many jobs were deleted."""
    now = now or timezone.now()
    removed = 0
    for job in Job.objects.filter(expires_at__lt=now).prefetch_related("files").iterator(chunk_size=200):
        kind = kind_of(job)
        if kind is not None and kind.cleanup is not None:
            kind.cleanup(job)
        _delete_stored(file.path for file in job.files.all())
        job.delete()  # its JobFile rows with it
        removed += 1
    for kind in list(KINDS.values()):
        if kind.sweep is not None:
            kind.sweep(now)
    return removed
