"""Reads of the job pages: the user's own jobs ("我的导出") and where each one stands.

The list costs the same few queries for 1 job and for a page of 20 (the page, its count, the files of the page's
jobs in one query); the progress of the jobs still running is read from the cache in one round trip.
"""

from dataclasses import dataclass

from django.core.cache import cache

from wuse.access import api as access
from wuse.core.pagination import paginate

from .kinds import kind_of
from .models import Job, JobFile, JobStatus
from .runner import progress_key

VIEW = "job.view"
PER_PAGE = 20


def own_jobs(user):
    """The jobs ``user`` started (through the access layer: a job is its owner's alone), newest first."""
    return access.scoped(user, VIEW, Job.objects.all()).order_by("-created_at", "-id")


def job_percent(job: Job, done: int) -> int:
    if job.status == JobStatus.DONE or not job.total:
        return 100 if job.is_finished else 0
    return min(100, int(100 * done / job.total))


@dataclass(frozen=True)
class JobLine:
    """A job as the pages show it: its kind's label, how far it is, its files while they are kept."""

    job: Job
    label: str
    done: int
    percent: int
    files: list[JobFile]


def lines(jobs: list[Job]) -> list[JobLine]:
    """The jobs (their ``files`` prefetched) with their progress: the running ones' from the cache, in one read."""
    running = [job.pk for job in jobs if not job.is_finished]
    cached = cache.get_many([progress_key(pk) for pk in running]) if running else {}
    found = []
    for job in jobs:
        done = int(cached.get(progress_key(job.pk)) or 0)
        if job.is_finished:
            done = job.done if job.succeeded else 0
        kind = kind_of(job)
        found.append(JobLine(job, str(kind.label) if kind else job.kind, done, job_percent(job, done),
                             list(job.files.all()) if job.is_kept else []))
    return found


def jobs_page(request):
    """A page of the user's jobs (20), each with its progress and its files."""
    page = paginate(request, own_jobs(request.user).prefetch_related("files"), per_page=PER_PAGE)
    page.lines = lines(list(page.object_list))
    return page
