"""Issue 14's journey: a need at 上保社区 left untriaged for ten days has been escalated to 北山街道. The street
officer signs in, sees the unread count on the bell in the header, opens the notification centre, clicks the
notification and lands on the need's page; back in the centre the line is read and the count one lower. The
pages run under the Content-Security-Policy without a single violation, and the bell keeps to the header on a
phone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.e2e.browser import visit
from tests.e2e.test_csp_journey import Violations
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from tests.notify.support import need_on
from wuse.accounts.models import User
from wuse.notify.models import Notification
from wuse.notify.sweep import sweep

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区, under 北山街道 (330106002000)
SHOTS = Path("/tmp/h2-shots")
TITLE = "小区北门路灯不亮已十天"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def unread_badge(page) -> int:
    return int(page.inner_text("[data-testid=notify-badge]").split()[0])


def test_a_street_officer_follows_an_escalated_reminder_to_the_need(live_server, hangzhou_demo, page,  # noqa: F811
                                                                    phone):
    base = live_server.url
    cache.clear()  # unread counts of an earlier journey's users
    today = timezone.localdate()
    staff = User.objects.get(username="shangbao_staff")
    officer = User.objects.get(username="beishan_officer")
    need = need_on(today - timedelta(days=10), staff, community=SHANGBAO, title=TITLE)
    sweep(today=today)  # due 7 days ago, escalated to the street after 3 more: the officer is told
    note = Notification.objects.get(user=officer, url=f"/needs/{need.pk}/", level=1)
    unread = Notification.objects.filter(user=officer, read_at__isnull=True).count()
    assert unread >= 1

    violations = Violations(page)
    sign_in(page, base, "beishan_officer")
    violations.collect()
    badge = page.locator("[data-testid=notify-badge]")
    assert badge.is_visible()
    assert unread_badge(page) == min(unread, 99)
    shot(page, "1-home-with-badge")

    with page.expect_navigation():
        page.click("[data-testid=notify-bell]")
    assert page.url == f"{base}/notifications/"
    violations.collect()
    row = page.locator("[data-testid=notification-row]", has_text=TITLE)
    assert row.count() == 1 and "wuse-unread" in (row.get_attribute("class") or "")
    shot(page, "2-notification-centre")

    with page.expect_navigation():
        row.locator("[data-testid=notification-link]").click()
    assert page.url == f"{base}/needs/{need.pk}/"
    assert TITLE in page.inner_text("main")
    violations.collect()
    note.refresh_from_db()
    assert note.read_at is not None
    shot(page, "3-need-page")

    visit(page, f"{base}/notifications/")
    violations.collect()
    row = page.locator("[data-testid=notification-row]", has_text=TITLE)
    assert "wuse-unread" not in (row.get_attribute("class") or "")
    if unread > 1:
        assert unread_badge(page) == min(unread - 1, 99)
    else:
        assert page.locator("[data-testid=notify-badge]").count() == 0
    visit(page, f"{base}/notifications/?show=unread")
    assert page.locator("[data-testid=notification-row]", has_text=TITLE).count() == 0
    violations.visit(f"{base}/notifications/preferences/")
    shot(page, "4-preferences")
    violations.assert_none()

    # On a phone the bell stays in the header beside the menu button, not folded into the menu.
    sign_in(phone, base, "beishan_officer")
    bell = phone.locator("[data-testid=notify-bell]")
    assert bell.is_visible()
    assert bell.bounding_box()["y"] < phone.locator("button.navbar-toggler").bounding_box()["y"] + 40
    visit(phone, f"{base}/notifications/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(phone, "5-phone-notification-centre")


def test_the_rules_and_the_send_log_pages(live_server, hangzhou_demo, page):  # noqa: F811
    """The city admin sets a rule for the installation; Xihu's reviewer may only tighten it, and is told so on
    the field; the system administrator reads the send log. No Content-Security-Policy violation anywhere."""
    from wuse.notify.models import RuleSetting, SendLog

    base = live_server.url
    cache.clear()
    staff = User.objects.get(username="shangbao_staff")
    need_on(timezone.localdate() - timedelta(days=10), staff, community=SHANGBAO, title=TITLE)
    sweep(today=timezone.localdate())
    assert SendLog.objects.exists()  # what the log page below lists
    violations = Violations(page)

    sign_in(page, base, "city_admin")
    violations.visit(f"{base}/notifications/rules/")
    shot(page, "6-rules-city-admin")
    row = page.locator("[data-testid=rule-row][data-rule='needs.untriaged']")
    with page.expect_navigation():
        row.locator("[data-testid=rule-edit]").click()
    violations.collect()
    page.fill("input[name=days]", "5")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    violations.collect()
    assert RuleSetting.objects.get(rule="needs.untriaged", region_id="330100000000").days == 5

    page.context.clear_cookies()
    sign_in(page, base, "xihu_reviewer")
    violations.visit(f"{base}/notifications/rules/needs.untriaged/")
    page.fill("input[name=days]", "6")  # later than the installation's 5: refused on the field
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    violations.collect()
    assert page.locator(".invalid-feedback").count() >= 1
    shot(page, "7-rule-district-refused")
    page.fill("input[name=days]", "2")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert RuleSetting.objects.get(rule="needs.untriaged", region_id="330106000000").days == 2
    row = page.locator("[data-testid=rule-row][data-rule='needs.untriaged']")
    assert "2" in row.locator("[data-testid=in-force]").inner_text()
    shot(page, "8-rules-district")

    page.context.clear_cookies()
    sign_in(page, base, "sys_admin")
    violations.visit(f"{base}/notifications/log/")
    assert page.locator("[data-testid=log-row]").count() >= 1
    shot(page, "9-send-log")
    violations.visit(f"{base}/notifications/log/?outcome=skipped&channel=-")
    violations.visit(f"{base}/notifications/rules/", status=403)
    violations.assert_none()
