"""Starting and reading background jobs (the worker's side is ``runner.py``).

``job_start`` writes the row and queues the task once the transaction commits; pages read the progress
with ``job_progress`` and the owner downloads each result file with ``job_file_read`` (audited).
"""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.core.errors import DomainError

from .kinds import KINDS
from .models import Job, JobFile, JobStatus
from .runner import progress_key
from .tasks import job_run_task


def job_start(*, user, kind: str, params: dict | None = None, total: int = 0) -> Job:
    """Queue a job of a declared kind for ``user``; the worker starts it after the commit."""
    declared = KINDS[kind]
    job = Job.objects.create(owner=user, kind=kind, params=params or {}, total=total,
                             expires_at=timezone.now() + declared.keep)
    audit_record(action="job.start", target=job, user=user, detail={"kind": kind, "total": total})
    transaction.on_commit(lambda: job_run_task.delay(job.pk))
    return job


def job_progress(job: Job) -> int:
    """How much is done: the cache while it runs, the recorded count once finished."""
    if job.is_finished:
        return job.done if job.status == JobStatus.DONE else 0
    return int(cache.get(progress_key(job.pk)) or 0)


def job_file_read(*, user, job: Job, position: int = 0) -> tuple[JobFile, bytes]:
    """A result file of ``job`` for its owner (the caller fetched the job through the access layer), by its
    position among the job's files; audited with the file's name."""
    file = job.files.filter(position=position).first() if job.is_kept else None
    if file is None:
        raise DomainError(_("This result is no longer kept; start the job again."))
    try:
        with default_storage.open(file.path, "rb") as stream:
            content = stream.read()
    except OSError:
        raise DomainError(_("This result is no longer kept; start the job again.")) from None
    audit_record(action="job.download", target=job, user=user,
                 detail={"kind": job.kind, "file": file.name, "bytes": len(content)})
    return file, content
