"""The yearly report's page and job: the form for a unit in the user's scope (404 for any other, the same as a missing
one; 403 without ``report.export``), hostile input refused with field messages and no job, and the report end to
end — started, run by the worker after the commit with its progress counted in sections, both files downloaded by
their owner only, every step audited."""

import pytest
from django.urls import reverse

from assessment.reports.build import steps
from assessment.reports.jobs import KIND
from tests.helpers import C111, C211, CITY, D1, D2, S11, S21, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.jobs import runner
from wuse.jobs.models import Job, JobStatus
from wuse.regions.models import Region

from .support import YEAR, pdf_pages, rolled_up, workbook

pytestmark = pytest.mark.django_db
NEW = "/assessment/reports/new/"


def test_the_page_offers_the_users_own_unit_or_one_below(client, people):
    client.force_login(people["reviewer"])
    page = client.get(NEW)
    assert page.status_code == 200 and page.context["region"].code == D1
    assert page.context["steps"] == steps(people["reviewer"], Region.objects.get(code=D1))
    body = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in body and f'value="{D1}"' in body
    assert client.get(f"{NEW}?unit={C111}&year={YEAR - 1}").context["region"].code == C111


@pytest.mark.parametrize("unit", [D2, C211, S21, CITY, "999999999999", "abc", "4101010010011", "=1+1", "%00"])
def test_a_unit_outside_the_scope_or_missing_is_a_404(client, people, unit):
    client.force_login(people["reviewer"])
    assert client.get(NEW, {"unit": unit}).status_code == 404
    assert client.post(NEW, {"code": unit, "year": YEAR}).status_code in (400, 404)
    assert not Job.objects.exists()


def test_outside_the_scope_the_post_is_a_404_too(client, people):
    client.force_login(people["officer"])
    assert client.post(NEW, {"code": D1, "year": YEAR}).status_code == 404
    assert not Job.objects.exists()


def test_without_the_action_it_is_a_403_and_signed_out_a_sign_in(client, people):
    assert client.get(NEW).status_code == 302
    client.force_login(people["member"])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"code": D1, "year": YEAR}).status_code == 403


@pytest.mark.parametrize("year", ["abcd", "1999", "9" * 5000, "", "2026.5", str(YEAR + 5)])
def test_a_bad_year_is_refused_with_a_message_and_no_job(client, people, year):
    client.force_login(people["reviewer"])
    response = client.post(NEW, {"code": D1, "year": year})
    assert response.status_code == 400 and "Year" in response.content.decode()
    assert response.context["form"].errors["year"] and not Job.objects.exists()


def test_the_report_runs_end_to_end_and_only_its_owner_downloads_it(client, people, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    rolled_up(people["staff"], hostile=False)
    seen = []
    real_set = runner.cache.set

    def recording(key, value, *args, **kwargs):
        if str(key).startswith("wuse:job:"):  # the job's progress, not the sessions'
            seen.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(runner.cache, "set", recording)
    client.force_login(people["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"code": S11, "year": YEAR})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.params, job.status) == (KIND, {"code": S11, "year": YEAR}, JobStatus.DONE)
    assert job.total == steps(people["officer"], Region.objects.get(code=S11)) and seen == list(range(1, job.total + 1))
    assert job.done == job.total  # the finished job's bar is full
    names = list(job.files.values_list("name", flat=True))
    assert [name.rsplit(".", 1)[-1] for name in names] == ["xlsx", "pdf"] and "街道410101001" in names[0]
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "yearly report" in page and reverse("jobs:file", args=[job.pk, 1]) in page
    xlsx = b"".join(client.get(reverse("jobs:file", args=[job.pk, 0])).streaming_content)
    pdf = b"".join(client.get(reverse("jobs:file", args=[job.pk, 1])).streaming_content)
    assert len(workbook(xlsx).sheetnames) > 5 and pdf_pages(pdf) > 5
    assert list(AuditEntry.objects.filter(user=people["officer"]).exclude(action__startswith="auth")
                .values_list("action", flat=True).order_by("id")) == [
        "job.start", "report.start", "job.done", "job.download", "job.download"]
    start = AuditEntry.objects.get(action="report.start")
    assert (start.object_id, start.detail["year"]) == (S11, YEAR)
    colleague = make_user("colleague", Role.STREET_OFFICER, S11)
    client.force_login(colleague)
    for url in (reverse("jobs:detail", args=[job.pk]), reverse("jobs:file", args=[job.pk, 0]),
                reverse("jobs:file", args=[job.pk, 1])):
        assert client.get(url).status_code == 404


def test_the_worker_refuses_a_report_whose_owner_lost_the_unit(people):
    from wuse.accounts.models import Membership
    from wuse.jobs.services import job_start

    job = job_start(user=people["officer"], kind=KIND, params={"code": S11, "year": YEAR}, total=3)
    Membership.objects.filter(user=people["officer"]).delete()
    runner.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "no longer export" in job.message and not job.files.exists()


def test_the_demo_leaves_a_downloadable_report_once(people):
    from assessment.reports.demo import load_reports_demo

    load_reports_demo({"city_admin": people["city"]})
    load_reports_demo({"city_admin": people["city"]})  # loading the demo again keeps the report still kept
    job = Job.objects.get(owner=people["city"], kind=KIND)
    assert job.status == JobStatus.DONE and job.params == {"code": CITY, "year": YEAR - 1}
    assert [f.name.rsplit(".", 1)[-1] for f in job.files.all()] == ["xlsx", "pdf"]
