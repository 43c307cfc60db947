"""Issue 3's journey on a phone: a community worker logs a need with a proposer, is shown the
likely duplicate, registers it anyway; the street officer approves the community's needs list;
the public 公示 page shows it with the phone masked."""

import pytest

from needs.models import Need, NeedsList
from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
COMMUNITY = "330106002051"  # 上保社区


def test_log_a_need_on_a_phone_then_publish_the_list(live_server, hangzhou_demo, phone, page):  # noqa: F811
    base = live_server.url
    sign_in(phone, base, "shangbao_staff")
    visit(phone, f"{base}/needs/new/")
    phone.fill("input[name=title]", "楼道灯坏了，晚上看不见")
    phone.select_option("select[name=category]", "safety")
    phone.select_option("select[name=channel]", "visit")
    phone.fill("input[name=location]", "3幢2单元")
    phone.fill("input[name=proposer_name]", "钱阿婆")
    phone.fill("input[name=proposer_phone]", "+86 139 0571 0099")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]:not([name])")
    # The demo already holds "楼道灯损坏，老人夜间出行不便" at 3幢2单元: suggested as a duplicate.
    suggestion = phone.locator("[data-testid=duplicates]")
    assert "楼道灯损坏" in suggestion.inner_text()
    assert phone.input_value("input[name=proposer_phone]") == "+86 139 0571 0099"  # nothing typed is lost
    screenshot(phone, "phone-duplicate-suggestion")
    with phone.expect_navigation():
        phone.click("button[name=confirm_new]")
    need = Need.objects.get(title="楼道灯坏了，晚上看不见")
    assert phone.url == f"{base}/needs/{need.pk}/"
    assert phone.inner_text("[data-testid=proposer-phone]") == "139****0099"
    screenshot(phone, "phone-need-registered")

    # Verify and list it, then put it on a new needs list and submit it to the street.
    for action in ("verify", "list"):
        with phone.expect_navigation():
            phone.click(f"form[action$='/do/{action}/'] button")
    visit(phone, f"{base}/needs/lists/")
    phone.fill("input[name=period_label]", "2026年专项")
    phone.fill("input[name=period_start]", "2026-11-01")
    phone.fill("input[name=period_end]", "2026-12-31")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    needs_list = NeedsList.objects.get(period_label="2026年专项")
    assert "楼道灯坏了" in phone.inner_text("main")
    with phone.expect_navigation():
        phone.click("form[action$='/do/submit/'] button")

    # The street officer approves (on a desktop), confirming the dialog.
    sign_in(page, base, "beishan_officer")
    visit(page, f"{base}/needs/lists/{needs_list.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("form[action$='/do/approve/'] button")
    assert page.inner_text("[data-testid=list-status]") == "已发布"

    # The public notice, opened on the phone without an account.
    phone.context.clear_cookies()
    visit(phone, f"{base}/public/needs/{COMMUNITY}/")
    table = phone.inner_text("main")
    assert "2026年专项" in table and "楼道灯坏了，晚上看不见" in table
    assert "139****0099" in table and "13905710099" not in phone.content() and "钱阿婆" not in table
    screenshot(phone, "phone-public-notice")
