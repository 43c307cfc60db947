import io
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wuse.access import api as access
from wuse.core.errors import DomainError

from .kinds import kind_of
from .models import Job
from .services import job_percent, job_progress, job_result_read


@login_required
@require_GET
def job_detail(request, pk: int):
    """A job's progress; the page refreshes itself until the worker is done. Only its owner sees it."""
    job = access.get_for_user(request.user, Job, pk=pk)
    kind = kind_of(job)
    done = job_progress(job)
    return render(request, "jobs/detail.html", {
        "job": job, "kind": kind, "done": done, "percent": job_percent(job, done),
        "done_text": kind.done_text(job) if kind and kind.done_text and job.succeeded else "",
        "links": kind.links(job) if kind and job.is_finished else [],
    })


@login_required
@require_GET
def job_download(request, pk: int):
    job = access.get_for_user(request.user, Job, pk=pk)
    try:
        name, content = job_result_read(user=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("jobs:detail", pk=job.pk)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
