"""The city admin makes the yearly report in a real browser: the report's page, the job's progress bar moving by
itself (``jobs/progress.js`` polling the job's status, no inline script) until the page shows both files, and both
downloaded; then "我的导出" lists the report. The worker is a thread started when the job is queued, a moment later,
so the page is seen before the job has finished."""

import threading
import time

import pytest

from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
CITY = "330100000000"


@pytest.fixture
def slow_worker(monkeypatch):
    """Jobs run by a thread 1.5 s after they are queued, as a worker would pick them up."""
    from django.db import connection

    from wuse.jobs import services
    from wuse.jobs.runner import job_run

    threads = []

    def later(job_id):
        time.sleep(1.5)
        try:
            job_run(job_id)
        finally:
            connection.close()

    def delay(job_id):
        thread = threading.Thread(target=later, args=(job_id,))
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(services.job_run_task, "delay", delay)
    yield threads
    for thread in threads:
        thread.join(timeout=120)


def test_the_city_admin_makes_the_yearly_report_and_downloads_both_files(live_server, hangzhou_demo,  # noqa: F811
                                                                         page, slow_worker):  # noqa: F811
    from django.utils import timezone

    year = timezone.localdate().year - 1
    base = live_server.url
    sign_in(page, base, "city_admin")
    visit(page, f"{base}/assessment/reports/new/?unit={CITY}&year={year}")
    page.select_option("select[name=year]", str(year))
    with page.expect_navigation():
        page.click("[data-testid=report-start]")
    assert "/jobs/" in page.url
    assert page.locator("[data-job-status]").count() == 1  # the job has not finished when its page opens
    screenshot(page, "report-progress")
    page.wait_for_selector("[data-testid=job-file]", timeout=90_000)  # the page reloads itself when it is done
    assert page.eval_on_selector(".progress-bar[data-bar-width]", "bar => bar.style.width") == "100%"
    links = page.locator("[data-testid=job-file]")
    assert links.count() == 2
    screenshot(page, "report-done")
    names = []
    for index in range(2):
        with page.expect_download() as download:
            links.nth(index).click()
        names.append(download.value.suggested_filename)
        assert download.value.path().stat().st_size > 1000
    assert [name.rsplit(".", 1)[-1] for name in names] == ["xlsx", "pdf"]
    visit(page, f"{base}/jobs/")
    assert page.locator("[data-testid=job-row]").count() >= 1
    screenshot(page, "my-exports")
