"""Issue 9's home pages (工作台) in the real Hangzhou demo, for each role a demo user holds, on a desktop
(1366×900) and on a phone (390×844): what waits for the user, counted and linked to the list filtered the same
way; the shortcuts; the unit's key figures of the year with their definitions; the volunteer's own card. No
page scrolls sideways on the phone; every page is in Chinese (``visit``/``check_page``)."""

import pytest

from needs.models import Need
from tests.e2e.browser import check_page, screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from wuse.ledger.models import Account

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ROLES = ("shangbao_staff", "beishan_officer", "xihu_reviewer", "city_admin", "evaluator", "volunteer")


def queue_counts(page) -> dict[str, int]:
    """The home page's queues: link (path and query) → the count shown."""
    found = {}
    for link in page.locator("[data-testid=home-queue]").all():
        found[link.get_attribute("href")] = int(link.get_attribute("data-count"))
        assert link.locator(".badge").inner_text() == link.get_attribute("data-count")
    return found


def fits(page) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url}: {scroll} px wide on a {inner} px screen"


def open_home(browser, base: str, username: str, size: str):
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS[size], is_mobile=size == "phone",
                                  has_touch=size == "phone", device_scale_factor=2 if size == "phone" else 1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, base, username)  # lands on the home page and checks it
    return context, page


def check_figures(page) -> None:
    """Each key figure shows a value and, on opening its disclosure, the sentence that defines it."""
    figures = page.locator("[data-testid=home-figure]")
    assert figures.count() >= 5
    last = figures.last
    definition = last.locator("[data-testid=home-figure-definition]")
    assert not definition.is_visible()  # closed until asked for
    last.locator("summary").click()
    assert definition.is_visible() and len(definition.inner_text()) > 10
    assert "口径" in last.locator("summary").inner_text()


def test_every_roles_home_on_a_desktop_and_a_phone(live_server, hangzhou_demo, browser):  # noqa: F811
    base = live_server.url
    for username in ROLES:
        for size in VIEWPORTS:
            context, page = open_home(browser, base, username, size)
            try:
                if page.locator("[data-testid=home-figure] summary").count():
                    page.locator("[data-testid=home-figure] summary").first.click()  # a definition, opened
                if size == "phone":
                    fits(page)
                screenshot(page, f"home-{username}-{size}")
                if size == "desktop":
                    CHECKS[username](page, base)
            finally:
                context.close()


def _shangbao_staff(page, base: str) -> None:
    queues = queue_counts(page)
    submitted = Need.objects.filter(community_id=SHANGBAO, status="submitted").count()
    assert queues["/needs/?status=submitted"] == submitted > 0
    # the demo's own overdue need and the history's open needs past their answer-by date (assessment.history)
    assert queues["/needs/?overdue=1"] == Need.objects.overdue().filter(community_id=SHANGBAO).count() >= 1
    assert queues["/ledger/orders/?status=placed"] == 1 and queues["/ledger/adjustments/?status=pending"] == 1
    assert "登记需求" in page.inner_text("[data-testid=home-shortcuts]")
    assert "上保社区" in page.inner_text("[data-testid=home-unit]")
    # The count links to the list filtered the same way: it lists exactly that many needs.
    with page.expect_navigation():
        page.click("[data-testid=home-queue][href='/needs/?status=submitted']")
    check_page(page)
    assert page.url == f"{base}/needs/?status=submitted"
    assert page.locator("main table tbody tr").count() == submitted
    visit(page, f"{base}/")
    check_figures(page)


def _beishan_officer(page, base: str) -> None:
    queues = queue_counts(page)
    assert queues["/needs/lists/?status=in_review"] == 1  # 宝石社区's list, submitted to the street
    assert queues["/registry/volunteers/entries/?status=recorded"] == 4  # the registry demo's 2, the delivery's 2
    with page.expect_navigation():
        page.click("[data-testid=home-queue][href='/needs/lists/?status=in_review']")
    check_page(page)
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "宝石社区" in rows.first.inner_text()
    visit(page, f"{base}/")
    check_figures(page)


def _xihu_reviewer(page, base: str) -> None:
    queues = queue_counts(page)
    overdue = Need.objects.overdue().filter(community__code__startswith="330106").count()  # with the history's
    assert queues == {"/needs/?overdue=1": overdue, "/registry/organizations/?status=suspended": 1,
                      "/projects/?status=district_review": 1,  # the demo's project above the district threshold
                      "/evaluations/?status=submitted": 0,  # the demo's evaluation: the street has not submitted
                      # the district's venture round: one application to check, two to score on its panel
                      "/venture/queue/?todo=check": 1, "/venture/queue/?todo=score": 2}
    assert "西湖区" in page.inner_text("[data-testid=home-unit]")
    check_figures(page)


def _city_admin(page, base: str) -> None:
    queues = queue_counts(page)
    # the demo's own overdue need and the history's open needs past their answer-by date (assessment.history)
    assert queues["/needs/?overdue=1"] == Need.objects.overdue().count() > 1
    text = page.inner_text("[data-testid=home-figures]")
    assert "收集的需求" in text and "志愿者" in text
    check_figures(page)


def _evaluator(page, base: str) -> None:
    # The demo's third-party evaluator is assigned 加装电梯居民协商议事's final evaluation, not yet scored.
    # On a venture panel too (its scores are in): the queue is shown, muted at 0.
    assert queue_counts(page) == {"/evaluations/waiting/": 1, "/venture/queue/?todo=score": 0}


def _volunteer(page, base: str) -> None:
    card = page.locator("[data-testid=home-volunteer]")
    assert "王秀英" in card.inner_text()
    assert float(page.inner_text("[data-testid=home-hours]")) > 0
    account = Account.objects.filter(person__user__username="volunteer").order_by("pk").first()
    assert f"{account.balance.normalize():f}" in page.inner_text("[data-testid=home-balance]")
    certificate = page.locator("[data-testid=home-certificate] a")
    assert certificate.count() == 1 and "/certificates/" in certificate.get_attribute("href")
    assert page.locator("[data-testid=home-queue]").count() == 0
    with page.expect_navigation():
        card.get_by_role("link", name="积分超市").click()
    check_page(page)
    assert page.url == f"{base}/ledger/me/shop/"


CHECKS = {"shangbao_staff": _shangbao_staff, "beishan_officer": _beishan_officer, "xihu_reviewer": _xihu_reviewer,
          "city_admin": _city_admin, "evaluator": _evaluator, "volunteer": _volunteer}
