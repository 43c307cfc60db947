"""需求调研 in the browser: a resident answers the 北山街道 demo survey on a phone without an account
(a slip is pointed out and nothing typed is lost); the 上保社区 worker reads the results and turns the
written answer into a need; the street officer downloads the Excel export."""

import pytest

from needs.models import Need
from needs.surveys.models import Campaign, Response
from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
SHANGBAO = "330106002051"


def test_answer_on_a_phone_then_turn_the_answer_into_a_need(live_server, hangzhou_demo, in_chinese,  # noqa: F811
                                                            phone, page):  # noqa: F811
    base = live_server.url
    campaign = Campaign.objects.get(region_id="330106002000")
    before = Response.objects.filter(campaign=campaign).count()
    visit(phone, f"{base}/surveys/p/{campaign.public_token}/")
    assert "北山街道居民需求调研" in phone.inner_text("main h1")
    assert phone.locator("nav").count() == 0  # nothing of the staff shell
    phone.select_option("select[name=unit]", SHANGBAO)
    phone.get_by_label("周末").check()
    phone.locator("label.wuse-scale", has_text="5").click()
    phone.fill("textarea", "希望楼下的健身器材修一修，有一个已经坏了半年")
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "请回答此题" in phone.inner_text("main")  # the first question was skipped
    assert phone.input_value("textarea") == "希望楼下的健身器材修一修，有一个已经坏了半年"
    assert phone.get_by_label("周末").is_checked()
    screenshot(phone, "phone-survey-slip")
    phone.get_by_label("文体活动").check()
    with phone.expect_navigation():
        phone.click("main form button[type=submit]")
    assert "感谢您的参与" in phone.inner_text("main")
    screenshot(phone, "phone-survey-thanks")
    assert Response.objects.filter(campaign=campaign).count() == before + 1

    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/surveys/{campaign.pk}/")
    assert page.locator("[data-testid=qr] svg").count() == 1
    assert "健身器材" in page.inner_text("#questions")
    screenshot(page, "survey-results")
    with page.expect_navigation():
        page.locator("#questions li", has_text="健身器材").get_by_role("link", name="转为需求").click()
    visit(page, page.url)
    assert "健身器材" in page.inner_text("[data-testid=answer-text]")
    screenshot(page, "survey-answer-to-need")
    page.fill("input[name=title]", "小区健身器材损坏需维修")
    page.select_option("select[name=category]", "safety")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    need = Need.objects.get(title="小区健身器材损坏需维修")
    assert (need.community_id, need.channel) == (SHANGBAO, "survey")
    assert page.url == f"{base}/needs/{need.pk}/"

    page.context.clear_cookies()
    sign_in(page, base, "beishan_officer")
    visit(page, f"{base}/surveys/{campaign.pk}/")
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
