"""Starting a yearly report: audited as ``report.start`` (unit, year), then queued as a background job."""

from wuse.audit.services import audit_record
from wuse.jobs.models import Job
from wuse.jobs.services import job_start
from wuse.regions.models import Region

from . import jobs
from .build import steps


def report_start(*, user, region: Region, year: int) -> Job:
    """Queue the report of ``region`` for ``year`` (the caller checked ``report.export`` on the unit)."""
    job = job_start(user=user, kind=jobs.KIND, params=jobs.job_params(region, year), total=steps(user, region))
    audit_record(action="report.start", target=region, user=user, detail={"year": year, "job": job.pk})
    return job
