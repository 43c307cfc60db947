"""我的导出 and jobs with several result files (wuse/jobs, with a kind of the tests' own): every file stored under a
random name and downloaded by its owner only, each download audited; the list of the user's own jobs, newest first,
paginated, at a constant number of queries; the progress as JSON for the job's page; expired files purged; a file
that cannot be stored stops the job and leaves nothing behind."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers import C111, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.jobs import kinds
from wuse.jobs.models import Job, JobFile, JobStatus
from wuse.jobs.runner import job_run, jobs_purge, progress_key
from wuse.jobs.services import job_start

pytestmark = pytest.mark.django_db
FILES = (("表.xlsx", b"PK-workbook"), ("报告.pdf", b"%PDF-1.7 report"))


@pytest.fixture(autouse=True)
def two_files_kind(settings):
    settings.LANGUAGE_CODE = "en"
    kinds.register_job("tests.two", label="两个文件", run=lambda job, progress: kinds.JobResult(count=2, files=FILES))
    yield
    kinds.KINDS.pop("tests.two", None)


@pytest.fixture
def owner(tree):
    return make_user("owner", Role.COMMUNITY_STAFF, C111)


def finished(user) -> Job:
    job = job_start(user=user, kind="tests.two", total=2)
    job_run(job.pk)
    job.refresh_from_db()
    return job


def test_a_job_keeps_several_files_each_downloaded_and_audited(client, owner):
    job = finished(owner)
    files = list(job.files.all())
    assert [(f.position, f.name, f.size, f.content_type) for f in files] == [
        (0, "表.xlsx", 11, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (1, "报告.pdf", 15, "application/pdf")]
    assert all(f.path.startswith("jobs/") and f.path.endswith(".bin") and "表" not in f.path for f in files)
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    for position in (0, 1):
        assert f'href="{reverse("jobs:file", args=[job.pk, position])}"' in page
    assert "Kept until" in page or "保留至" in page
    for position, (name, content) in enumerate(FILES):
        response = client.get(reverse("jobs:file", args=[job.pk, position]))
        assert response.status_code == 200 and b"".join(response.streaming_content) == content
        assert response["Content-Type"] == files[position].content_type and response["Cache-Control"] == "no-store"
    downloads = AuditEntry.objects.filter(action="job.download", user=owner).order_by("id")
    assert [entry.detail["file"] for entry in downloads] == ["表.xlsx", "报告.pdf"]
    missing = client.get(reverse("jobs:file", args=[job.pk, 7]), follow=True)
    assert missing.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    assert AuditEntry.objects.filter(action="job.download").count() == 2


def test_another_user_reaches_no_page_status_or_file_of_a_job(client, owner):
    job = finished(owner)
    other = make_user("other", Role.CITY_ADMIN, "410100000000")
    client.force_login(other)
    for url in (reverse("jobs:detail", args=[job.pk]), reverse("jobs:status", args=[job.pk]),
                reverse("jobs:download", args=[job.pk]), reverse("jobs:file", args=[job.pk, 1])):
        assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="job.download").exists()
    assert AuditEntry.objects.filter(action="job.out_of_scope", user=other).count() == 4
    assert "两个文件" not in client.get(reverse("jobs:list")).content.decode()


def test_the_status_says_how_far_a_running_job_is(client, owner):
    job = job_start(user=owner, kind="tests.two", total=4)
    cache.set(progress_key(job.pk), 3)
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'data-job-status="{reverse("jobs:status", args=[job.pk])}"' in page and "jobs/progress.js" in page
    state = json.loads(client.get(reverse("jobs:status", args=[job.pk])).content)
    assert state == {"status": "queued", "label": "Waiting to start", "finished": False, "done": 3, "total": 4,
                     "percent": 75}
    job_run(job.pk)
    state = json.loads(client.get(reverse("jobs:status", args=[job.pk])).content)
    assert (state["finished"], state["percent"], state["status"]) == (True, 100, "done")
    assert "jobs/progress.js" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_my_exports_lists_own_jobs_newest_first_in_pages_at_constant_queries(client, owner):
    colleague = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    finished(colleague)
    first = finished(owner)
    client.force_login(owner)
    client.get(reverse("jobs:list"))  # warm the session and the menu

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("jobs:list")).status_code == 200
        return len(captured)

    one = queries()
    later = [finished(owner) for _ in range(29)]
    cache.set(progress_key(job_start(user=owner, kind="tests.two", total=2).pk), 1)  # and one still running
    assert queries() == one
    page = client.get(reverse("jobs:list"))
    lines = page.context["page"].lines
    assert len(lines) == 20 and lines[0].job.status == JobStatus.QUEUED and lines[0].percent == 50
    assert [line.job.pk for line in lines[1:]] == [job.pk for job in reversed(later)][:19]
    assert all(len(line.files) == 2 for line in lines[1:])
    second = client.get(reverse("jobs:list") + "?page=2").context["page"]
    assert [line.job.pk for line in second.lines][-1] == first.pk and len(second.lines) == 11
    assert client.get(reverse("jobs:list") + "?page=junk").status_code == 200


def test_expired_jobs_lose_their_files_first_from_the_pages_then_from_the_storage(client, owner):
    job = finished(owner)
    paths = list(job.files.values_list("path", flat=True))
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(owner)
    assert client.get(reverse("jobs:file", args=[job.pk, 0])).status_code == 302  # no longer kept
    assert not client.get(reverse("jobs:list")).context["page"].lines[0].files
    assert jobs_purge() == 1
    assert not any(default_storage.exists(path) for path in paths) and not JobFile.objects.exists()


def test_a_file_that_cannot_be_stored_stops_the_job_and_leaves_nothing(owner, monkeypatch):
    saved = []
    real_save = default_storage.save

    def flaky(name, content, **kwargs):
        if saved:
            raise OSError("disk full")
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", flaky)
    job = job_start(user=owner, kind="tests.two", total=2)
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "disk full" not in job.message and not job.files.exists()
    assert saved and not default_storage.exists(saved[0])


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_a_finished_jobs_single_file_to_a_file_row(tree):
    """jobs 0002: the single result file of the jobs finished before it becomes their first ``JobFile``."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("jobs", "0001_initial")])
    old = executor.loader.project_state([("jobs", "0001_initial")]).apps
    user = old.get_model("accounts", "User").objects.create(username="before")
    job = old.get_model("jobs", "Job").objects.create(
        owner_id=user.pk, kind="needs.errors", status="done", result_path="jobs/1-abc.bin",
        result_name="错误报告.xlsx", expires_at=timezone.now() + dt.timedelta(hours=1))
    old.get_model("jobs", "Job").objects.create(owner_id=user.pk, kind="needs.import", status="done",
                                                expires_at=timezone.now())
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    moved = JobFile.objects.get()
    assert (moved.job_id, moved.position, moved.name, moved.path) == (job.pk, 0, "错误报告.xlsx", "jobs/1-abc.bin")
    assert moved.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
