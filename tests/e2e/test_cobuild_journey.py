"""Issue 15's co-building journey in the Hangzhou demo, through the real pages only: 上保社区's worker builds a
co-building list with two pledges (one matched to a need of the community), publishes it, records a delivery
against the matched pledge, and the public page shows the unit, the resource and the fulfilment; the community's
public index lists it. Every visited page is checked for Chinese text; screenshots are saved under
artifacts/screenshots/cobuild-*.png."""

import datetime as dt
from decimal import Decimal

import pytest

from projects.cobuild.models import CobuildList, Delivery
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from wuse.registry.charity.models import Donor
from wuse.registry.organizations.models import Organization

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区 (西湖区北山街道)
TITLE = "上保社区第二批联建共建清单"


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    check_page(page)


def _add_pledge(page, unit: str, resource: str, description: str, quantity: str, measure: str, *,
                need: bool = False) -> None:
    page.select_option("[data-testid=pledge-form] select[name=unit]", unit)
    page.select_option("[data-testid=pledge-form] select[name=resource]", resource)
    page.fill("[data-testid=pledge-form] input[name=description]", description)
    page.fill("[data-testid=pledge-form] input[name=quantity]", quantity)
    page.fill("[data-testid=pledge-form] input[name=measure]", measure)
    if need:
        options = page.locator("[data-testid=pledge-form] select[name=need] option")
        page.select_option("[data-testid=pledge-form] select[name=need]", options.nth(1).get_attribute("value"))
    _click(page, "[data-testid=pledge-form] button[type=submit]")


def test_a_community_worker_builds_publishes_and_delivers_a_co_building_list(live_server, hangzhou_demo, page):  # noqa: F811
    base = live_server.url
    today = dt.date.today()
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/cobuild/")
    screenshot(page, "cobuild-list")
    _click(page, "[data-testid=new-list]")
    page.select_option("select[name=region]", SHANGBAO)
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=period_start]", f"{today.year}-01-01")
    page.fill("input[name=period_end]", f"{today.year}-12-31")
    _click(page, "main form button[type=submit]")
    cobuild_list = CobuildList.objects.get(title=TITLE)
    assert page.url == f"{base}/cobuild/{cobuild_list.pk}/"
    assert page.inner_text("[data-testid=list-status]").strip() == "草稿"

    tech = Donor.objects.get(name="杭州北山数字科技有限公司")
    leling = Organization.objects.get(name="西湖区乐龄社会工作服务中心")
    _add_pledge(page, f"donor:{tech.pk}", "volunteer_hours", "员工志愿者助老服务", "100", "小时", need=True)
    _add_pledge(page, f"org:{leling.pk}", "services", "长者健康讲座", "6", "场次")
    assert page.locator("[data-testid=pledge-row]").count() == 2
    matched = cobuild_list.pledges.get(need__isnull=False)
    screenshot(page, "cobuild-draft")

    page.once("dialog", lambda dialog: dialog.accept())
    _click(page, "[data-testid=action-publish] button[type=submit]")
    assert page.inner_text("[data-testid=list-status]").strip() == "已发布"

    visit(page, f"{base}/cobuild/pledges/{matched.pk}/")
    page.fill("[data-testid=delivery-form] input[name=quantity]", "40")
    page.fill("[data-testid=delivery-form] input[name=note]", "第一季度")
    _click(page, "[data-testid=delivery-form] button[type=submit]")
    assert "40%" in page.inner_text("[data-testid=delivered]")
    # Over what is left: refused with a message, nothing written.
    page.fill("[data-testid=delivery-form] input[name=quantity]", "61")
    _click(page, "[data-testid=delivery-form] button[type=submit]")
    assert "超出剩余数量" in page.inner_text("main")
    assert [d.quantity for d in Delivery.objects.filter(pledge=matched)] == [Decimal("40")]
    screenshot(page, "cobuild-pledge")

    page.context.clear_cookies()
    visit(page, f"{base}/public/cobuild/{SHANGBAO}/{cobuild_list.pk}/")
    text = page.inner_text("main")
    assert "杭州北山数字科技有限公司" in text and "40%" in text and "长者健康讲座" in text
    screenshot(page, "cobuild-public")

    # The community's public index lists it by period; a resident follows the link.
    visit(page, f"{base}/public/cobuild/{SHANGBAO}/")
    assert TITLE in page.inner_text("main")
    screenshot(page, "cobuild-public-index")
    page.set_viewport_size({"width": 390, "height": 844})  # a resident's phone
    _click(page, f"a[href='/public/cobuild/{SHANGBAO}/{cobuild_list.pk}/']")
    assert "杭州北山数字科技有限公司" in page.inner_text("main")
    screenshot(page, "cobuild-public-phone")
