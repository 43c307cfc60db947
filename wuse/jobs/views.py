"""The job pages: "我的导出" (the user's own jobs), one job's progress (with a small JSON status its page polls),
and the downloads of its result files. Only a job's owner reaches any of them (404 for everyone else, audited)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wuse.access import api as access
from wuse.core.errors import DomainError

from . import selectors
from .kinds import kind_of
from .models import Job
from .services import job_file_read, job_progress


@login_required
@require_GET
def job_list(request):
    """我的导出: the user's jobs, newest first, 20 a page."""
    return render(request, "jobs/list.html", {"page": selectors.jobs_page(request)})


@login_required
@require_GET
def job_detail(request, pk: int):
    """A job's progress; the page follows the worker until it is done. Only its owner sees it."""
    job = access.get_for_user(request.user, Job.objects.prefetch_related("files"), pk=pk)
    kind = kind_of(job)
    line = selectors.lines([job])[0]
    return render(request, "jobs/detail.html", {
        "job": job, "kind": kind, "line": line, "done": line.done, "percent": line.percent,
        "done_text": kind.done_text(job) if kind and kind.done_text and job.succeeded else "",
        "links": kind.links(job) if kind and job.is_finished else [],
    })


@login_required
@require_GET
def job_status(request, pk: int):
    """Where the job stands, for its page's progress bar (``static/jobs/progress.js``)."""
    job = access.get_for_user(request.user, Job, pk=pk)
    done = job_progress(job)
    response = JsonResponse({"status": job.status, "label": str(job.get_status_display()),
                             "finished": job.is_finished, "done": done, "total": job.total,
                             "percent": selectors.job_percent(job, done)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def job_download(request, pk: int, position: int = 0):
    job = access.get_for_user(request.user, Job, pk=pk)
    try:
        file, content = job_file_read(user=request.user, job=job, position=position)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("jobs:detail", pk=job.pk)
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=file.name,
                            content_type=file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
