"""The demo's yearly report: last year's report of the city admin's city, made when the demo loads (after the
assessment's demo has rolled the year up), so "我的导出" holds a downloadable .xlsx and .pdf from the first sign-in.
Loading the demo again leaves a report still kept alone."""

from django.utils import timezone

from wuse.access import api as access
from wuse.jobs.models import Job, JobStatus
from wuse.jobs.runner import job_run
from wuse.regions.models import Region

from .jobs import KIND
from .selectors import EXPORT
from .services import report_start

DEMO_USER = "city_admin"


def load_reports_demo(users) -> None:
    user = users.get(DEMO_USER)
    if user is None:
        return
    codes = [grant.prefix.ljust(12, "0") for grant in access.memberships(user)]
    region = next((r for r in Region.objects.filter(code__in=codes).order_by("code") if access.can(user, EXPORT, r)),
                  None)
    if region is None:
        return
    year = timezone.localdate().year - 1
    if Job.objects.filter(owner=user, kind=KIND, status=JobStatus.DONE, params__code=region.code,
                          params__year=year, expires_at__gt=timezone.now()).exists():
        return
    job = report_start(user=user, region=region, year=year)
    job_run(job.pk)  # here, not in the worker: the demo's report is there when the demo has loaded
