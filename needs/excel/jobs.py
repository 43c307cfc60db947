"""A large import as a background job (kind ``needs.import``, run by ``wuse.jobs``), registered from
``NeedsConfig.ready``.

The import itself stays one transaction (all rows or none); only the waiting moves off the web
request, so a 20,000-row file does not outlive a web worker's timeout. The job's ``params`` hold the
waiting upload (a ``Pending``); the worker reads it back, checks it again and imports it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wuse.jobs.kinds import JobResult, register_job
from wuse.jobs.models import Job, JobStatus
from wuse.spreadsheets import SpreadsheetError

from .importing import ImportFailed, check_upload, import_rows
from .pending import Pending, PendingGone, pending_delete, pending_read, purge_stale_imports
from .report import Problem

KIND = "needs.import"
# Confirmations up to this many rows run in the request; larger ones go to a worker.
SYNC_LIMIT = 500


def job_params(pending: Pending) -> dict:
    return {"pending": pending.as_dict()}


def _pending(job: Job) -> Pending | None:
    return Pending.from_dict(job.params.get("pending"))


def run(job: Job, progress) -> JobResult:
    """Re-read the waiting file, check it again and import its rows; a refusal stops the job with its message."""
    pending = _pending(job)
    if pending is None:
        raise PendingGone
    try:
        report = check_upload(job.owner, pending_read(user=job.owner, pending=pending, token=pending.token))
    except SpreadsheetError:
        raise PendingGone from None
    if report.fingerprint != pending.fingerprint:
        raise ImportFailed(Problem(None, "", _(
            "Something changed since the check (a category, or the communities you may register needs "
            "for). Nothing was imported; review the report and confirm again.")))
    count = import_rows(user=job.owner, report=report, progress=progress)
    pending_delete(pending)
    return JobResult(count=count)


def done_text(job: Job) -> str:
    return ngettext("%(count)s need imported.", "%(count)s needs imported.", job.done) % {"count": job.done}


def links(job: Job) -> list[tuple[str, str]]:
    if job.status == JobStatus.DONE:
        return [(_("Back to the needs"), reverse("needs:list"))]
    return [(_("Upload another file"), reverse("needs:import"))]


def cleanup(job: Job) -> None:
    """When the job expires: its waiting file (kept after a failure)."""
    pending_delete(_pending(job))


def register_import_job() -> None:
    # sweep: every daily purge also removes uploads checked but never confirmed (older than 24 hours).
    register_job(KIND, label=gettext_lazy("Import needs from Excel"), run=run, done_text=done_text, links=links,
                 cleanup=cleanup, sweep=purge_stale_imports)
