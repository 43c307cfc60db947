"""Large Excel imports run by a worker, with progress the page can poll.

The import itself stays one transaction (all rows or none); only the waiting moves off the web
request, so a 20,000-row file does not outlive a web worker's timeout.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.spreadsheets import SpreadsheetError

from . import excel
from .models import NeedImportJob

# Confirmations up to this many rows run in the request; larger ones go to a worker.
SYNC_LIMIT = 500


def _progress_key(job_id: int) -> str:
    return f"wuse:need-import:{job_id}"


def job_start(*, user, pending: excel.Pending) -> NeedImportJob:
    from .tasks import need_import_run

    job = NeedImportJob.objects.create(user=user, pending=pending.as_dict(), total=pending.count)
    transaction.on_commit(lambda: need_import_run.delay(job.pk))
    return job


def job_run(job_id: int) -> None:
    """Run one queued import; safe to run again after a crash (the transaction rolled back)."""
    job = NeedImportJob.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return
    NeedImportJob.objects.filter(pk=job.pk).update(status=NeedImportJob.Status.RUNNING)
    pending = excel.Pending.from_dict(job.pending)
    try:
        if pending is None:
            raise excel.PendingGone
        report = excel.check_upload(job.user, excel.pending_read(user=job.user, pending=pending,
                                                                 token=pending.token))
        if report.fingerprint != pending.fingerprint:
            raise excel.ImportFailed(excel.Problem(None, "", _(
                "Something changed since the check (a category, or the communities you may register needs "
                "for). Nothing was imported; review the report and confirm again.")))
        count = excel.import_rows(user=job.user, report=report,
                                  progress=lambda done: cache.set(_progress_key(job.pk), done, 24 * 3600))
    except excel.ImportFailed as exc:
        _finish(job, NeedImportJob.Status.FAILED, message=str(exc.problem))
    except (excel.PendingGone, SpreadsheetError):
        _finish(job, NeedImportJob.Status.FAILED, message=_(
            "This import is no longer waiting (it was imported, replaced or is more than 24 hours old). "
            "Upload the file again."))
    else:
        excel.pending_delete(pending)
        _finish(job, NeedImportJob.Status.DONE, imported=count)


def _finish(job: NeedImportJob, status: str, *, message: str = "", imported: int = 0) -> None:
    job.status, job.message, job.imported, job.finished_at = status, message, imported, timezone.now()
    job.save(update_fields=["status", "message", "imported", "finished_at"])
    cache.delete(_progress_key(job.pk))


def job_progress(job: NeedImportJob) -> int:
    """Rows done so far (the cache while running, the result once finished)."""
    if job.is_finished:
        return job.imported if job.status == NeedImportJob.Status.DONE else 0
    return int(cache.get(_progress_key(job.pk)) or 0)
