"""In Debian chromium on the Hangzhou demo: the district reviewer opens the dashboard, the charts draw (canvas)
with not a single Content-Security-Policy violation, reads a tile's definition, drills down district → street →
community through the red/amber/green board and from a tile to the records behind it. Screenshots at 1366×768 and
1920×1080 go to ``artifacts/screenshots/`` (looked at, not compared)."""

import pytest

from tests.e2e.browser import check_page, screenshot
from tests.e2e.test_csp_journey import Violations
from tests.e2e.test_login_scope import hangzhou_demo  # noqa: F401  (fixture)
from wuse.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

XIHU = "330106000000"


def _page(chromium, width: int, height: int):
    context = chromium.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{base}/", page.url


def _charts_drawn(page) -> int:
    """The charts whose canvas ECharts has drawn (a canvas wider than 100 px in each chart box)."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-chart]')].filter(
        box => [...box.querySelectorAll('canvas')].some(c => c.getBoundingClientRect().width > 100)).length""")


def test_the_reviewer_reads_the_dashboard_and_drills_down_to_the_records(live_server, hangzhou_demo, browser):  # noqa: F811
    base = live_server.url
    for width, height in ((1366, 768), (1920, 1080)):
        context, page = _page(browser, width, height)
        try:
            violations = Violations(page)
            _sign_in(page, base, "xihu_reviewer")
            violations.visit(f"{base}/dashboard/")
            check_page(page)  # in Chinese, nothing garbled or left in English
            assert "西湖区" in page.locator("main h1").inner_text()
            boxes = page.locator("[data-chart]").count()
            assert boxes >= 4 and _charts_drawn(page) == boxes
            screenshot(page, f"dashboard-district-{width}x{height}")
            if width != 1366:
                violations.assert_none()
                continue

            # a tile's definition: the "?" opens a tooltip with the figure's definition
            tile = page.locator("[data-testid='tile-needs.collected']")
            definition = tile.locator("[data-testid=definition]").text_content()
            tile.locator(".wuse-tile-help").hover()
            page.wait_for_selector(".tooltip.show")
            assert page.locator(".tooltip.show").inner_text().strip() == definition.strip()

            # a table view under a chart, opened
            page.locator("[data-testid=chart-need_states] summary").click()
            assert page.locator("[data-testid=table-need_states] tbody tr").count() > 3

            # district → street → community through the board
            with page.expect_navigation():
                page.locator("[data-testid=board-row] th a").first.click()
            assert "/dashboard/330106" in page.url and page.locator("[data-testid=board]").count() == 1
            check_page(page)
            violations.collect()
            with page.expect_navigation():
                page.locator("[data-testid=board-row] th a").first.click()
            violations.collect()
            assert len(page.url.split("/dashboard/")[1][:12]) == 12
            check_page(page)
            assert _charts_drawn(page) == page.locator("[data-chart]").count()
            screenshot(page, "dashboard-community")

            # the tile's number → the needs list of the community for the year
            link = page.locator("[data-testid='tile-needs.collected'] [data-testid=records]")
            if link.count():
                shown = int(link.inner_text().replace(",", ""))
                with page.expect_navigation():
                    link.click()
                assert "/needs/?region=" in page.url and "date_from=" in page.url
                violations.collect()
                assert shown >= 0
            violations.assert_none()
        finally:
            context.close()
