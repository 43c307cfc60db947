"""The core's shared pages in a real browser: an action a guard blocks is shown disabled with its reason,
a status change appears in the record's timeline, and a background job's page speaks Chinese."""

import pytest

from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_a_blocked_action_says_why_and_a_status_change_shows_in_the_timeline(live_server, hangzhou_demo,  # noqa: F811
                                                                             page):
    from needs.surveys.services import campaign_create
    from wuse.accounts.models import User
    from wuse.regions.models import Region
    from wuse.registry.organizations.models import Organization

    base = live_server.url
    staff = User.objects.get(username="shangbao_staff")
    campaign = campaign_create(user=staff, region=Region.objects.get(code="330106002051"), title="社区助老需求调研",
                               **_period())
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/surveys/{campaign.pk}/")
    blocked = page.locator("[data-testid=blocked-open]")
    assert blocked.locator("button").is_disabled()
    assert "请至少添加一道题目后再开始收集答卷" in blocked.inner_text()
    screenshot(page, "core-blocked-action")

    organization = (Organization.objects.filter(region__code__startswith="330106", status="active")
                    .order_by("pk").first())
    page.context.clear_cookies()
    sign_in(page, base, "xihu_reviewer")
    visit(page, f"{base}/registry/organizations/{organization.pk}/")
    page.select_option("select[name=status-status]", "suspended")
    page.fill("[name=status-reason]", "年检未通过")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#status button[type=submit]")
    timeline = page.inner_text(".wuse-timeline")
    assert "暂停" in timeline and "年检未通过" in timeline
    assert page.inner_text("[data-testid=status]") == "暂停"
    screenshot(page, "core-status-timeline")


def test_a_background_jobs_page(live_server, hangzhou_demo, page):  # noqa: F811
    from django.utils import timezone

    from wuse.accounts.models import User
    from wuse.jobs.models import Job, JobStatus

    owner = User.objects.get(username="shangbao_staff")
    job = Job.objects.create(owner=owner, kind="needs.import", total=1200, done=1200, status=JobStatus.DONE,
                             finished_at=timezone.now(), expires_at=timezone.now() + timezone.timedelta(hours=24))
    base = live_server.url
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/jobs/{job.pk}/")
    text = page.inner_text("[data-testid=job]")
    assert "1200" in text and "已完成" in text
    assert page.locator("a", has_text="返回").count() >= 1
    screenshot(page, "core-job-done")
    page.context.clear_cookies()
    sign_in(page, base, "baoshi_staff")
    visit(page, f"{base}/jobs/{job.pk}/", status=404)


def _period():
    from django.utils import timezone

    today = timezone.localdate()
    return {"starts_on": today, "ends_on": today + timezone.timedelta(days=30)}
