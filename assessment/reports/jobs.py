"""The report as a background job (kind ``assessment.report``, run by ``wuse.jobs``): params the unit's code and the
year; the owner follows its progress (sections done out of all) and downloads the .xlsx and the .pdf from the job's
page or "我的导出", for ``KEEP`` days. The worker checks the owner's access again (a membership may have ended since
the job was queued)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.jobs.kinds import JobResult, register_job
from wuse.jobs.models import Job
from wuse.regions.models import Region

from .build import build_report
from .selectors import EXPORT

KIND = "assessment.report"
KEEP = dt.timedelta(days=7)


def job_params(region: Region, year: int) -> dict:
    return {"code": region.code, "year": year}


def run(job: Job, progress) -> JobResult:
    region = Region.objects.filter(code=job.params.get("code", "")).first()
    if region is None or not access.can(job.owner, EXPORT, region):
        raise DomainError(_("You may no longer export a report of this unit."))
    report = build_report(job.owner, region, int(job.params["year"]), progress)
    # Done: every step counted in the job's total (reading, each section, the workbook, the PDF), so the finished
    # job's bar is full.
    return JobResult(count=1 + report.sections + 2,
                     files=((report.xlsx_name, report.xlsx), (report.pdf_name, report.pdf)))


def done_text(job: Job) -> str:
    return _("The yearly report of %(year)s is ready: a workbook and a PDF.") % {"year": job.params.get("year")}


def links(job: Job) -> list[tuple[str, str]]:
    code, year = job.params.get("code"), job.params.get("year")
    return [(_("Back to the annual assessment"), f"{reverse('assessment:unit', args=[code])}?year={year}")]


def register_report_job() -> None:
    register_job(KIND, label=gettext_lazy("Yearly assessment report"), run=run, done_text=done_text, links=links,
                 keep=KEEP)
