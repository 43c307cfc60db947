"""The roll-up started from the page: a background job (kind ``assessment.rollup``, run by ``wuse.jobs``), so the
city admin watches its progress on the job's page: the values computed so far (a step per figure, of every unit) out
of ``expected_values()``. The job's ``params``: the year, and the unit whose page it was started from (for the way
back)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wuse.core.figures import FIGURES
from wuse.jobs.kinds import JobResult, register_job
from wuse.jobs.models import Job
from wuse.regions.models import Region

from .models import Trigger
from .services import rollup

KIND = "assessment.rollup"


def job_params(year: int, code: str | None) -> dict:
    return {"year": year, "code": code or ""}


def expected_values() -> int:
    """The values a roll-up writes: every unit × every figure (the job's total)."""
    return Region.objects.count() * len(FIGURES)


def run(job: Job, progress) -> JobResult:
    units = Region.objects.count()
    result = rollup(job.params.get("year"), trigger=Trigger.BUTTON, user=job.owner,
                    progress=lambda figures_done: progress(figures_done * units))
    return JobResult(count=result.rows)


def done_text(job: Job) -> str:
    return ngettext("Roll-up of %(year)s finished: %(count)s value written.",
                    "Roll-up of %(year)s finished: %(count)s values written.", job.done) % {
        "year": job.params.get("year"), "count": f"{job.done:,}"}


def links(job: Job) -> list[tuple[str, str]]:
    code, year = job.params.get("code"), job.params.get("year")
    url = reverse("assessment:unit", args=[code]) if code else reverse("assessment:home")
    return [(_("Back to the annual assessment"), f"{url}?year={year}")]


def register_rollup_job() -> None:
    register_job(KIND, label=gettext_lazy("Annual assessment roll-up"), run=run, done_text=done_text, links=links)
