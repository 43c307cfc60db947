"""The pages run under the strict Content-Security-Policy (wuse.core.security): chromium reports every refused
inline style, handler or script in the console, and this journey fails on any such report while it visits the
main pages of the real Hangzhou demo — the navigation, a need, a survey with its QR code, a background job's
progress bar, the linkage page (its year select submits itself through wuse.js), the registry and the ledger,
the public pages and an error page."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from needs.models import Need
from needs.surveys.models import Campaign
from tests.e2e.test_login_scope import hangzhou_demo, sign_in  # noqa: F401  (fixture)
from wuse.accounts.models import User
from wuse.jobs.models import Job
from wuse.jobs.runner import progress_key
from wuse.registry.volunteers.models import Volunteer

pytestmark = pytest.mark.browser

SHANGBAO = "330106002051"  # 上保社区 (西湖区北山街道)
# Records every violation the page itself sees (the console message is the other witness).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " @ " +
                              (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


class Violations:
    """Console messages and page events about the Content-Security-Policy, per visited URL."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: script error {error}"))
        page.context.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response is not None, url
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
        assert "default-src 'self'" in (response.header_value("content-security-policy") or ""), url
        self.collect()

    def collect(self) -> None:
        self.page.wait_for_load_state("load")
        seen = self.page.evaluate("window.__cspViolations || []")
        self.found.extend(f"{self.page.url}: {violation}" for violation in seen)

    def assert_none(self) -> None:
        assert not self.found, "Content-Security-Policy violations:\n" + "\n".join(self.found)


def _nav_links(page) -> list[str]:
    links = page.eval_on_selector_all("#wuse-nav a.nav-link, #wuse-nav a.dropdown-item", "els => els.map(e => e.href)")
    return sorted({href for href in links if not href.endswith("#")})  # the "More" toggle is no page


def test_the_main_pages_run_under_the_policy_without_a_single_violation(live_server, hangzhou_demo, page):  # noqa: F811
    base = live_server.url
    violations = Violations(page)
    violations.visit(f"{base}/accounts/login/")
    sign_in(page, base, "shangbao_staff")
    violations.collect()

    # every page of the navigation
    nav = _nav_links(page)
    assert len(nav) >= 5, nav
    for url in nav:
        violations.visit(url)

    # a need, and the form to register one
    need = Need.objects.filter(community_id=SHANGBAO).order_by("pk").first()
    violations.visit(f"{base}/needs/{need.pk}/")
    violations.visit(f"{base}/needs/new/")

    # the street's survey with its QR code (inline SVG) and its result bars, widths set by wuse.js
    campaign = Campaign.objects.get(region_id="330106002000")
    violations.visit(f"{base}/surveys/{campaign.pk}/")
    assert page.locator("[data-testid=qr] svg").count() == 1
    assert page.locator("[data-testid=qr] svg").bounding_box()["width"] > 50  # drawn, not refused
    for width in page.eval_on_selector_all("[data-bar-width]", "bars => bars.map(b => b.style.width)"):
        assert width.endswith("%"), width

    # a background job's progress page: the bar's width comes from data-bar-width through wuse.js
    staff = User.objects.get(username="shangbao_staff")
    job = Job.objects.create(owner=staff, kind="needs.import", total=3,
                             expires_at=timezone.now() + dt.timedelta(days=1))
    cache.set(progress_key(job.pk), 2)
    violations.visit(f"{base}/jobs/{job.pk}/")
    assert page.eval_on_selector(".progress-bar[data-bar-width]", "bar => bar.style.width") == "66%"

    # the linkage page: choosing another year submits the form (data-autosubmit, no onchange=)
    violations.visit(f"{base}/registry/linkage/")
    years = page.eval_on_selector_all("select[data-autosubmit] option", "options => options.map(o => o.value)")
    assert len(years) >= 2, years
    with page.expect_navigation():
        page.select_option("select[data-autosubmit]", years[1])
    assert f"year={years[1]}" in page.url, page.url
    violations.collect()

    # the registry: a volunteer's record, the teams and services, organizations, charity, the ledger
    volunteer = Volunteer.objects.filter(region_id=SHANGBAO).order_by("pk").first()
    for path in ("/registry/", f"/registry/volunteers/{volunteer.pk}/", "/registry/volunteers/teams/",
                 "/registry/volunteers/entries/", "/registry/organizations/", "/registry/charity/donations/",
                 "/ledger/", "/ledger/shop/", "/meetings/"):
        violations.visit(base + path)

    # an error page, then the public pages a resident opens without an account
    violations.visit(f"{base}/regions/330110005001/", status=404)
    page.context.clear_cookies()
    violations.visit(f"{base}/public/needs/{SHANGBAO}/")
    violations.visit(f"{base}/surveys/p/{campaign.public_token}/")
    violations.assert_none()
