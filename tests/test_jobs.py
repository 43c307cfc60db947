"""Background jobs as a core mechanism (wuse/jobs), with a kind of the tests' own: start, progress, outcome,
result file for its owner only, refusals, idempotent re-runs, expiry."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.helpers import C111, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.core.errors import DomainError
from wuse.jobs import kinds
from wuse.jobs.models import Job, JobFile, JobStatus
from wuse.jobs.runner import job_run, jobs_purge, progress_key
from wuse.jobs.services import job_progress, job_start

SEEN: list[str] = []


def _run(job, progress):
    mode = job.params.get("mode")
    progress(1)
    if mode == "refuse":
        raise DomainError("第 3 行无效，什么也没有导入。")
    if mode == "crash":
        raise RuntimeError("disk full")
    SEEN.append(job.params.get("text", ""))
    return kinds.JobResult(count=3, file=("报告.csv", "编号,名称\n1,测试\n".encode()))


@pytest.fixture(autouse=True)
def test_kind():
    SEEN.clear()
    kinds.register_job("tests.echo", label="测试任务", run=_run,
                       done_text=lambda job: f"完成 {job.done} 项", links=lambda job: [("返回", "/")],
                       cleanup=lambda job: SEEN.append(f"cleanup {job.pk}"), sweep=lambda now: SEEN.append("sweep"))
    yield
    kinds.KINDS.pop("tests.echo", None)


@pytest.fixture
def owner(tree):
    return make_user("owner", Role.COMMUNITY_STAFF, C111)


def start(user, **params) -> Job:
    return job_start(user=user, kind="tests.echo", params=params, total=3)


@pytest.mark.django_db
def test_a_job_runs_after_the_commit_and_its_owner_downloads_the_result(client, owner,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(owner, text="hello")
    job.refresh_from_db()
    assert (job.status, job.done, [f.name for f in job.files.all()]) == (JobStatus.DONE, 3, ["报告.csv"])
    assert SEEN == ["hello"] and job.files.get().content_type == "text/csv"
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "完成 3 项" in body and "http-equiv" not in body and 'href="/"' in body
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).decode() == "编号,名称\n1,测试\n"
    assert "filename*=utf-8''%E6%8A%A5%E5%91%8A.csv" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert list(AuditEntry.objects.filter(object_type="jobs.job").values_list("action", flat=True)
            .order_by("id")) == ["job.start", "job.done", "job.download"]


@pytest.mark.django_db
def test_only_the_owner_sees_a_job_and_a_look_from_outside_is_audited(client, owner):
    job = start(owner)
    colleague = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    client.force_login(colleague)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="job.out_of_scope", user=colleague).count() == 2


@pytest.mark.django_db
def test_a_running_job_shows_its_progress_and_refreshes(client, owner):
    job = start(owner)  # queued: the test transaction never commits
    cache.set(progress_key(job.pk), 2)
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert (page.context["done"], page.context["percent"]) == (2, 66)
    assert 'http-equiv="refresh"' in page.content.decode()
    job_run(job.pk)
    job_run(job.pk)  # a redelivered task does nothing the second time
    assert SEEN == [""] and job_progress(Job.objects.get(pk=job.pk)) == 3


@pytest.mark.django_db
def test_a_refusal_stops_the_job_with_its_message_and_an_error_with_a_generic_one(client, owner):
    refused, crashed = start(owner, mode="refuse"), start(owner, mode="crash")
    job_run(refused.pk)
    job_run(crashed.pk)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.message) == (JobStatus.FAILED, "第 3 行无效，什么也没有导入。")
    assert crashed.status == JobStatus.FAILED and "disk full" not in crashed.message and crashed.message
    client.force_login(owner)
    assert "第 3 行无效" in client.get(reverse("jobs:detail", args=[refused.pk])).content.decode()
    gone = client.get(reverse("jobs:download", args=[refused.pk]), follow=True)
    assert gone.redirect_chain[-1][0] == reverse("jobs:detail", args=[refused.pk])
    assert "no longer kept" in str(list(gone.context["messages"])[0]) or "不再保留" in gone.content.decode()
    assert AuditEntry.objects.filter(action="job.failed", outcome=Outcome.FAILED).count() == 2


@pytest.mark.django_db
def test_expired_jobs_are_purged_with_their_files_and_the_kinds_cleanup(owner):
    from django.core.files.storage import default_storage

    old, fresh = start(owner), start(owner)
    job_run(old.pk)
    path = old.files.get().path
    assert default_storage.exists(path)
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert jobs_purge() == 1
    assert not default_storage.exists(path) and not JobFile.objects.filter(path=path).exists()
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert f"cleanup {old.pk}" in SEEN and SEEN[-1] == "sweep"
    assert jobs_purge() == 0 and SEEN.count("sweep") == 2  # a kind sweeps its leftovers even with no job expiring


def test_a_kind_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        kinds.register_job("tests.echo", label="again", run=_run)
