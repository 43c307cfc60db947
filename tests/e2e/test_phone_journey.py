"""Issue 9's phone pass (390×844) over what residents and volunteers read on a phone: the public resource
list and needs notice (anonymous), and the volunteer's own pages (her record, her points and statement, the
shop). No page scrolls sideways, and no table squeezes a cell to one or two characters per line: every table
has a phone layout (``table.wuse-stack``: rows become cards, each cell labelled from ``data-label``). Then the
desktop in English at 1366 px: the navigation fits one line for every demo account, and labels start with a
capital letter."""

import pytest
from django.utils import timezone

from tests.e2e.browser import screenshot, visit
from tests.e2e.test_login_scope import hangzhou_demo  # noqa: F401  (fixture)
from tests.e2e.test_login_scope import sign_in as sign_in_form
from wuse.core.demo import ACCOUNTS
from wuse.ledger.models import Account

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区: the demo publishes its needs list and its resource list
MIN_CELL = 120  # px: on a phone, a cell of some text narrower than this reads a few characters per line

# Each cell holding more than a few characters, with its width (a cell hidden on the phone has none).
CELL_WIDTHS = """t => [...t.querySelectorAll('tbody td, tfoot td')]
  .filter(td => td.offsetParent !== null && td.innerText.trim().length > 4)
  .map(td => [td.innerText.trim().slice(0, 20), Math.round(td.getBoundingClientRect().width)])"""


@pytest.fixture
def desktop(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page, base: str, username: str) -> None:
    """Sign out (drop the cookies, the language one too) and sign in through the login form."""
    page.context.clear_cookies()
    sign_in_form(page, base, username)


def in_english(page) -> None:
    """Switch to English the way a user does: the language button in the footer (Django's set_language)."""
    with page.expect_navigation():
        page.click("footer button[name=language][value=en]")
    assert page.get_attribute("html", "lang") == "en"


def fits_the_phone(page, name: str, tables: int = 1) -> None:
    """No sideways scrolling, and every cell of some text in the page's tables is wide enough to read."""
    screenshot(page, f"phone-{name}")
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url}: {scroll} px wide on a {inner} px screen"
    found = page.locator("main table")
    assert found.count() >= tables, f"{page.url}: {found.count()} tables, expected {tables}"
    for i in range(found.count()):
        cells = found.nth(i).evaluate(CELL_WIDTHS)
        assert cells, f"{page.url}: table {i} shows no text"
        narrow = [(text, width) for text, width in cells if width < MIN_CELL]
        assert not narrow, f"{page.url}: table {i} squeezes {narrow}"


def test_public_and_volunteer_pages_fit_a_phone(live_server, hangzhou_demo, phone):  # noqa: F811
    base = live_server.url
    year = timezone.localdate().year
    visit(phone, f"{base}/registry/charity/public/{SHANGBAO}/{year}/")
    fits_the_phone(phone, "public-resource-list")
    # the totals are a card of their own, each figure on its own labelled line
    totals = phone.locator("[data-testid=resource-totals] td[data-label]")
    assert totals.count() == 4 and len({round(box["x"] + box["width"]) for box in (
        totals.nth(i).bounding_box() for i in range(totals.count()))}) == 1  # right edges aligned

    visit(phone, f"{base}/public/needs/{SHANGBAO}/")
    fits_the_phone(phone, "public-needs-notice")
    period = phone.inner_text("[data-testid=publicity-period]")
    assert "至" in period and "公示中" in period
    # the demo list names where to object and an office phone residents can tap
    assert "社区党群服务中心一楼服务台" in phone.inner_text("[data-testid=objection]")
    assert phone.locator("a[href^='tel:']").inner_text() == "0571-87000000"
    in_english(phone)  # the longer English labels still fit beside their values
    fits_the_phone(phone, "public-needs-notice-en")

    sign_in(phone, base, "volunteer")
    visit(phone, f"{base}/registry/volunteers/me/")
    fits_the_phone(phone, "volunteer-record", tables=2)  # balances and services
    visit(phone, f"{base}/ledger/me/shop/")
    fits_the_phone(phone, "volunteer-shop")
    # Redeem on the phone, so that her points page lists an order too.
    card = phone.locator("[data-testid=my-shop] tbody tr", has_text="理发服务")
    phone.once("dialog", lambda dialog: dialog.accept())
    with phone.expect_navigation():
        card.locator("button[type=submit]").click()
    assert phone.url == f"{base}/ledger/me/"
    visit(phone, f"{base}/ledger/me/")
    assert "理发服务" in phone.inner_text("[data-testid=my-orders]")
    fits_the_phone(phone, "volunteer-points")
    account = Account.objects.filter(person__user__username="volunteer").order_by("pk").first()
    visit(phone, f"{base}/ledger/me/accounts/{account.pk}/")
    fits_the_phone(phone, "volunteer-statement")


NAV_LINES = """() => {
  const items = [...document.querySelectorAll('#wuse-nav .nav-link, #wuse-nav .navbar-text, #wuse-nav .btn')];
  return {tops: items.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)),
          tallest: Math.max(...items.map(e => e.getBoundingClientRect().height)),
          line: parseFloat(getComputedStyle(document.querySelector('#wuse-nav .nav-link')).lineHeight),
          bar: document.querySelector('nav.navbar').getBoundingClientRect().height};
}"""


def test_the_english_navigation_fits_one_line_and_labels_are_capitalised(live_server, hangzhou_demo,  # noqa: F811
                                                                        desktop):
    base = live_server.url
    for account in ACCOUNTS:
        sign_in(desktop, base, account.username)
        in_english(desktop)
        nav = desktop.evaluate(NAV_LINES)
        # every item centred on one line, none wrapped inside itself (two lines would be twice as tall)
        assert len(set(nav["tops"])) == 1, f"{account.username}: the navigation wraps: {nav}"
        assert nav["tallest"] < 2 * nav["line"] and nav["bar"] < 64, f"{account.username}: {nav}"
        if account.username in ("shangbao_staff", "city_admin", "volunteer"):
            screenshot(desktop, f"desktop-en-nav-{account.username}")
    # signed in as the last account (a duty with few items): see the longest menu, a community worker's
    sign_in(desktop, base, "shangbao_staff")
    in_english(desktop)
    assert "Five-society registry" in desktop.inner_text("#wuse-nav")
    assert "Five societies" not in desktop.inner_text("#wuse-nav")  # no longer the brand's name again
    desktop.set_viewport_size({"width": 1200, "height": 900})  # the narrowest width with the menu spelled out
    nav = desktop.evaluate(NAV_LINES)
    assert len(set(nav["tops"])) == 1 and nav["tallest"] < 2 * nav["line"], nav
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1200
    screenshot(desktop, "desktop-en-nav-1200")
    desktop.set_viewport_size({"width": 1366, "height": 900})

    # English labels start with a capital, whatever the case of their msgid ("category", "answer by")
    desktop.goto(f"{base}/needs/lists/")
    screenshot(desktop, "desktop-en-needs-lists")
    first_letter = "e => getComputedStyle(e, '::first-letter').textTransform"
    assert desktop.locator("main th").first.evaluate(first_letter) == "uppercase"
    assert desktop.locator("main form label.form-label").first.evaluate(first_letter) == "uppercase"
    desktop.goto(f"{base}/registry/charity/public/{SHANGBAO}/{timezone.localdate().year}/")
    screenshot(desktop, "desktop-en-public-resource-list")
