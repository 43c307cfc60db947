"""Issue 15's 揭榜挂帅 journey in the Hangzhou demo, through the real pages only: 上保社区's worker posts a call with
its acceptance criteria; the organization member bids (揭榜) for two organizations; the worker shortlists one,
declines the other with the reason, closes the shortlist once the deadline has passed, and selects (挂帅) the
winner, which undertakes a new project of vehicle "open_call"; the public page shows the result without personal
data. Every visited page is checked for Chinese text; screenshots are saved under artifacts/screenshots/calls-*.png."""

import datetime as dt

import pytest

from projects.calls.models import Call
from projects.models import Project
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from wuse.registry.organizations.models import Organization

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区 (西湖区北山街道)
TITLE = "社区夜间照护揭榜"
LELING, NEIGHBOURS = "西湖区乐龄社会工作服务中心", "上保社区邻里互助会"


def _click(page, selector: str, *, confirm: bool = False) -> None:
    if confirm:
        page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click(selector)
    check_page(page)


def _bid(page, base, call, organization: Organization, approach: str, price: str) -> None:
    visit(page, f"{base}/calls/{call.pk}/")
    _click(page, "[data-testid=bid]")
    page.select_option("[data-testid=bid-form] select[name=organization]", str(organization.pk))
    page.fill("[data-testid=bid-form] textarea[name=approach]", approach)
    page.fill("[data-testid=bid-form] textarea[name=team]", "持证社工2名")
    page.fill("[data-testid=bid-form] input[name=price]", price)
    page.fill("[data-testid=bid-form] input[name=timeline]", "签约后两个月")
    _click(page, "[data-testid=bid-form] button[type=submit]")
    assert page.url == f"{base}/calls/{call.pk}/"


def test_a_call_from_posting_to_selection(live_server, hangzhou_demo, page, phone):  # noqa: F811
    base = live_server.url
    deadline = dt.date.today() + dt.timedelta(days=10)
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/calls/")
    screenshot(page, "calls-list")
    _click(page, "[data-testid=new-call]")
    page.select_option("select[name=region]", SHANGBAO)
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=problem]", "辖区失能老人夜间无人照护，征集有能力的组织揭榜。")
    page.fill("input[name=budget]", "80000")
    page.fill("input[name=deadline]", deadline.isoformat())
    page.fill("input[name=criterion_0]", "夜间照护覆盖老人")
    page.fill("input[name=target_0]", "≥30人")
    page.fill("input[name=criterion_1]", "家属满意度")
    page.fill("input[name=target_1]", "≥90%")
    # A budget below zero: refused on the form, nothing saved.
    page.fill("input[name=budget]", "-5")
    _click(page, "[data-testid=call-form] button[type=submit]")
    assert not Call.objects.filter(title=TITLE).exists()
    assert page.locator("main .text-danger").count() >= 1
    screenshot(page, "calls-form")
    page.fill("input[name=budget]", "80000")
    _click(page, "[data-testid=call-form] button[type=submit]")
    call = Call.objects.get(title=TITLE)
    assert page.url == f"{base}/calls/{call.pk}/"
    assert page.inner_text("[data-testid=call-status]").strip() == "草稿"
    _click(page, "[data-testid=action-post] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=call-status]").strip() == "揭榜中"
    screenshot(page, "calls-posted")

    page.context.clear_cookies()
    sign_in(page, base, "org_member")
    leling, neighbours = Organization.objects.get(name=LELING), Organization.objects.get(name=NEIGHBOURS)
    _bid(page, base, call, leling, "夜间值守+智能呼叫设备，社工每周回访。", "76000")
    _bid(page, base, call, neighbours, "邻里志愿者夜间轮值。", "30000")
    assert page.locator("[data-testid=bid-row]").count() == 2
    # Over the budget: refused with the reason.
    visit(page, f"{base}/calls/{call.pk}/bid/")
    assert page.locator("[data-testid=bid-form] select[name=organization] option").count() >= 2
    screenshot(page, "calls-bid-form")

    page.context.clear_cookies()
    sign_in(page, base, "shangbao_staff")
    visit(page, f"{base}/calls/{call.pk}/")
    first, second = list(call.bids.order_by("id"))
    _click(page, f"[data-testid=shortlist-{first.pk}] button[type=submit]")
    page.fill(f"[data-testid=decline-{second.pk}] input[name=reason]", "缺少夜间安全保障方案")
    _click(page, f"[data-testid=decline-{second.pk}] button[type=submit]")
    screenshot(page, "calls-decided")
    # The deadline passes (the call's date is moved back: the pages read the date of today).
    Call.objects.filter(pk=call.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    visit(page, f"{base}/calls/{call.pk}/")
    _click(page, "[data-testid=action-close_shortlist] button[type=submit]")
    assert page.inner_text("[data-testid=call-status]").strip() == "已入围"
    _click(page, f"[data-testid=select-{first.pk}] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=call-status]").strip() == "已挂帅"
    project = Project.objects.get(pk=Call.objects.get(pk=call.pk).project_id)
    assert project.vehicle == "open_call" and project.undertaker_id == leling.pk
    assert page.inner_text("[data-testid=call-project]").strip() == project.code
    screenshot(page, "calls-selected")
    _click(page, "[data-testid=action-publish_result] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=call-status]").strip() == "结果已公示"

    # The project links back to the call it came from.
    visit(page, f"{base}/projects/{project.pk}/")
    assert TITLE in page.inner_text("main")

    page.context.clear_cookies()
    visit(page, f"{base}/public/calls/{call.pk}/")
    text = page.inner_text("main")
    assert LELING in text and "76000" in text
    for private in ("持证社工2名", "夜间值守", "shangbao_staff", "缺少夜间安全保障方案"):
        assert private not in text
    screenshot(page, "calls-public")
    visit(page, f"{base}/public/calls/results/")
    assert TITLE in page.inner_text("main")
    # On a phone: the public list stacks its rows (no sideways scrolling).
    visit(phone, f"{base}/public/calls/?unit={SHANGBAO}")
    assert TITLE in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone, "calls-public-phone")


def test_an_organization_posts_a_call_for_partners_and_selects_one(live_server, hangzhou_demo, page):  # noqa: F811
    base = live_server.url
    title = "社区长者陪伴合作伙伴招募"
    leling, neighbours = Organization.objects.get(name=LELING), Organization.objects.get(name=NEIGHBOURS)
    sign_in(page, base, "org_member")
    visit(page, f"{base}/calls/")
    _click(page, "[data-testid=new-partner-call]")
    page.select_option("select[name=organization]", str(leling.pk))
    page.fill("input[name=title]", title)
    page.fill("textarea[name=problem]", "本中心承接的助老项目需要志愿团队一起开展陪伴服务。")
    page.fill("input[name=budget]", "0")
    page.fill("input[name=reward]", "联合署名及活动物资")
    page.fill("input[name=deadline]", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.fill("input[name=criterion_0]", "每月陪伴服务")
    page.fill("input[name=target_0]", "≥10次")
    _click(page, "[data-testid=call-form] button[type=submit]")
    call = Call.objects.get(title=title)
    assert call.kind == "partners" and call.poster_organization_id == leling.pk
    _click(page, "[data-testid=action-post] button[type=submit]", confirm=True)
    # The same member also acts for another organization, which answers (no price: the call offers no money).
    _click(page, "[data-testid=bid]")
    options = page.locator("[data-testid=bid-form] select[name=organization] option").all_inner_texts()
    assert LELING not in options and NEIGHBOURS in options
    page.select_option("[data-testid=bid-form] select[name=organization]", str(neighbours.pk))
    page.fill("[data-testid=bid-form] textarea[name=approach]", "楼道志愿者每周陪伴独居老人。")
    _click(page, "[data-testid=bid-form] button[type=submit]")
    answer = call.bids.get()
    _click(page, f"[data-testid=shortlist-{answer.pk}] button[type=submit]")
    Call.objects.filter(pk=call.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    visit(page, f"{base}/calls/{call.pk}/")
    _click(page, "[data-testid=action-close_shortlist] button[type=submit]")
    _click(page, f"[data-testid=select-{answer.pk}] button[type=submit]", confirm=True)
    assert page.inner_text("[data-testid=call-status]").strip() == "已挂帅"
    assert Call.objects.get(pk=call.pk).project_id is None
    screenshot(page, "calls-partners")
