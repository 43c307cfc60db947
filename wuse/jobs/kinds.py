"""What kinds of background job exist: steps declare theirs here (the core imports no step).

A step registers a kind once, from its ``AppConfig.ready``::

    from wuse.jobs.kinds import JobResult, register_job

    def run(job, progress) -> JobResult:        # in the worker; progress(n) as it goes
        ...
        return JobResult(count=n)               # or raise a DomainError: the job stops with its message

    register_job("needs.import", label=_("Import needs from Excel"), run=run,
                 done_text=lambda job: ngettext("%(count)s need imported.", …, job.done) % {"count": job.done},
                 links=lambda job: [(_("Back to the needs"), reverse("needs:list"))])

``run`` may be re-run after a crash (the broker redelivers the task): make it one transaction, or
idempotent. Result files (``JobResult.file``, or several in ``JobResult.files``: a yearly report is an
.xlsx and a .pdf) are kept in the default storage until the job expires and are downloaded by its owner
only, each download audited; "我的导出" (``/jobs/``) lists them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from .models import Job


@dataclass(frozen=True)
class JobResult:
    count: int = 0
    file: tuple[str, bytes] | None = None  # one result file: (download name, content)
    files: tuple[tuple[str, bytes], ...] = ()  # several, in the order the pages offer them

    @property
    def all_files(self) -> tuple[tuple[str, bytes], ...]:
        return ((self.file,) if self.file is not None else ()) + tuple(self.files)


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str | Promise
    run: Callable[[Job, Callable[[int], None]], JobResult]
    # What the finished page says, in the reader's language (``job.done`` is the count).
    done_text: Callable[[Job], str] | None = None
    # (label, url) buttons on the page once the job has finished.
    links: Callable[[Job], list[tuple[Any, str]]] = field(default=lambda job: [])
    # Called when a job expires, for anything of the kind's own to clean up (a file waiting…).
    cleanup: Callable[[Job], None] | None = None
    # Called with the time by every daily purge, job or no job: leftovers of the kind's own (uploads never confirmed…).
    sweep: Callable[[Any], Any] | None = None
    keep: dt.timedelta = dt.timedelta(hours=24)


KINDS: dict[str, JobKind] = {}


def register_job(key: str, **declaration) -> JobKind:
    if key in KINDS:
        raise ValueError(f"job kind {key!r} is declared twice")
    kind = JobKind(key=key, **declaration)
    KINDS[key] = kind
    return kind


def kind_of(job: Job) -> JobKind | None:
    return KINDS.get(job.kind)
