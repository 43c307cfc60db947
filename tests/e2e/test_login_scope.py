"""A community worker signs in and sees their own community, never another one.

Real Hangzhou divisions and the demo accounts: shangbao_staff works at 上保社区
(西湖区北山街道, 330106002051); 顾家桥社区 (余杭区五常街道, 330110005001) belongs
to someone else, so its page is a 404 that does not even name it.
"""

import pytest

from needs.demo import NEEDS
from tests import demo_copy
from tests.e2e.browser import REPO, check_page, screenshot, visit
from wuse.core.demo import DEMO_PASSWORD, load_demo
from wuse.regions.importer import import_regions_text

pytestmark = pytest.mark.browser

HANGZHOU = REPO / "data" / "hangzhou-divisions-2023.csv"
OWN, OTHER = "330106002051", "330110005001"


@pytest.fixture
def hangzhou_demo(transactional_db):
    """Hangzhou's divisions and the demo, loaded once per test process and copied back for each journey
    (``tests/demo_copy.py``)."""
    def load():
        import_regions_text(HANGZHOU.read_text(encoding="utf-8"))
        load_demo()

    demo_copy.hangzhou_demo(load)


def sign_in(page, base: str, username: str) -> None:
    visit(page, f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{base}/", f"still at {page.url} after signing in"
    check_page(page)


def test_community_worker_sees_only_their_own_community(live_server, hangzhou_demo, page):
    base = live_server.url
    sign_in(page, base, "shangbao_staff")
    assert page.locator("main").get_by_role("link", name="上保社区").is_visible()
    assert "上保社区" in page.inner_text("[data-testid=user-units]")

    visit(page, f"{base}/regions/{OWN}/")
    crumbs = [c.strip() for c in page.locator("[data-testid=breadcrumbs] li").all_inner_texts()]
    assert crumbs == ["杭州市", "西湖区", "北山街道", "上保社区"]
    assert page.locator("main h1").inner_text().startswith("上保社区")
    screenshot(page, "community-home")

    visit(page, f"{base}/regions/{OTHER}/", status=404)
    assert page.locator("[data-testid=error-404]").is_visible()
    assert page.locator("[data-testid=breadcrumbs]").count() == 0
    assert "顾家桥" not in page.inner_text("body")
    assert "顾家桥" not in page.content()  # nor in the title, attributes or hidden markup
    screenshot(page, "other-community-404")

    visit(page, f"{base}/needs/")
    listing = page.inner_text("main")
    assert "楼道灯损坏，老人夜间出行不便" in listing
    for title in (row[2] for row in NEEDS if row[0] == OTHER):
        assert title not in listing, f"{title!r} of 顾家桥社区 is listed"
    assert "顾家桥" not in page.content()
