"""The Content-Security-Policy header (wuse.core.security) on every kind of response, and templates kept free of
what the policy refuses (inline styles, handlers and scripts), so it cannot come back. The browser test
tests/e2e/test_csp_journey.py checks that the pages really run under it."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path

from tests.helpers import C111, make_user
from wuse.accounts.roles import Role
from wuse.core.security import HEADER, ContentSecurityPolicyMiddleware, policy_header

ROOT = Path(__file__).resolve().parent.parent
DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "font-src": "'self'", "connect-src": "'self'", "object-src": "'none'", "base-uri": "'self'",
    "form-action": "'self'", "frame-ancestors": "'none'",
}


def _boom(request):
    raise RuntimeError("a bug in a view")


# A URLconf of this module's own: the site's, plus one view that fails (the 500 page goes through the middleware).
urlpatterns = [path("csp-test-boom/", _boom), path("", include("wuse.urls"))]


def parsed(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
            for part in (p.strip() for p in header.split(";")) if part}


def assert_strict(response) -> None:
    assert HEADER in response, f"no {HEADER} on {response.status_code} {response.get('Content-Type')}"
    policy = parsed(response[HEADER])
    for directive, sources in DIRECTIVES.items():
        assert policy.get(directive) == sources, (directive, response[HEADER])
    assert "unsafe-inline" not in response[HEADER] and "unsafe-eval" not in response[HEADER]
    assert "http:" not in response[HEADER] and "*" not in response[HEADER]


# --- the header ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_html_page_carries_the_policy(client, tree):
    client.force_login(make_user("staff", Role.COMMUNITY_STAFF, C111))
    response = client.get("/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert_strict(response)
    assert_strict(client.get(f"/regions/{C111}/"))


@pytest.mark.django_db
def test_public_pages_carry_the_policy(client, tree):
    assert_strict(client.get("/accounts/login/"))
    response = client.get(f"/public/needs/{C111}/")
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
def test_error_pages_carry_the_policy(client, tree):
    client.force_login(make_user("staff", Role.COMMUNITY_STAFF, C111))
    missing = client.get("/regions/410199999999/")
    assert missing.status_code == 404
    assert_strict(missing)
    client.force_login(make_user("nobody"))
    forbidden = client.get("/needs/")
    assert forbidden.status_code == 403
    assert_strict(forbidden)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_500_page_carries_the_policy_and_uses_no_inline_style():
    response = Client(raise_request_exception=False).get("/csp-test-boom/")
    assert response.status_code == 500
    assert_strict(response)
    body = response.content.decode()
    assert "<style" not in body and 'style="' not in body
    assert 'href="/static/wuse/error.css"' in body


def test_the_error_stylesheet_is_where_the_500_page_links_it():
    assert (ROOT / "static" / "wuse" / "error.css").is_file()


@pytest.mark.django_db
def test_a_redirect_carries_it_too(client):
    response = client.get("/needs/")  # not signed in: a redirect to the sign-in page
    assert response.status_code == 302
    assert_strict(response)


def test_a_view_that_sets_its_own_policy_keeps_it(rf, settings):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("x")
        response[HEADER] = "default-src 'none'"
        return response

    assert ContentSecurityPolicyMiddleware(view)(rf.get("/"))[HEADER] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = {}
    assert HEADER not in ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))(rf.get("/"))


def test_the_header_is_written_from_the_setting():
    assert policy_header({"default-src": ["'self'"], "img-src": ["'self'", "data:"],
                          "upgrade-insecure-requests": []}) == (
        "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests")
    with pytest.raises(TypeError, match="list of sources"):
        policy_header({"default-src": "'self'"})


def test_production_upgrades_insecure_requests_on_top_of_the_same_policy():
    text = (ROOT / "wuse" / "settings" / "production.py").read_text(encoding="utf-8")
    assert '{**CONTENT_SECURITY_POLICY, "upgrade-insecure-requests": []}' in text


# --- what the policy refuses never comes back ---------------------------------------------------

TEMPLATE_ROOTS = [ROOT / "templates", *(p for part in ("wuse", "needs", "projects", "evaluation")
                                        for p in (ROOT / part).rglob("templates") if p.is_dir())]
# Rendered to PDF by WeasyPrint, never served as a page: its <style> is the print layout.
NOT_SERVED = {"volunteers/certificate_pdf.html"}
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)


def _blank(match: re.Match) -> str:
    """Template syntax blanked out (``{% with only=… %}`` is no ``on…=`` handler), lines kept for line numbers."""
    return re.sub(r"[^\n]", " ", match.group(0))


def templates() -> list[tuple[str, str]]:
    """(name, the HTML of the template with its template syntax blanked out) for every template served as a page."""
    found = []
    for root in TEMPLATE_ROOTS:
        for file in sorted(root.rglob("*.html")):
            name = file.relative_to(root).as_posix()
            if name not in NOT_SERVED:
                found.append((name, TEMPLATE_SYNTAX.sub(_blank, file.read_text(encoding="utf-8"))))
    return found


def test_the_templates_are_found():
    names = {name for name, _text in templates()}
    assert {"base.html", "500.html", "registry/linkage.html", "surveys/detail.html", "jobs/detail.html"} <= names
    assert len(names) > 50


@pytest.mark.parametrize(("what", "pattern"), [
    ("a style attribute", STYLE_ATTRIBUTE),
    ("an inline event handler", HANDLER),
    ("a <style> element", STYLE_ELEMENT),
    ("a javascript: URL", JS_URL),
])
def test_no_template_holds_inline_code(what, pattern):
    offending = [f"{name}:{text.count(chr(10), 0, match.start()) + 1}" for name, text in templates()
                 for match in pattern.finditer(text)]
    assert not offending, f"{what} (refused by the Content-Security-Policy) in: {offending}"


def test_no_template_has_an_inline_script():
    offending = [name for name, text in templates() for match in SCRIPT.finditer(text)
                 if not re.search(r"\ssrc\s*=", match.group(1))]
    assert not offending, f"an inline <script> (refused by the Content-Security-Policy) in: {offending}"


def test_no_form_widget_sets_a_style_attribute():
    offending = [str(file.relative_to(ROOT)) for part in ("wuse", "needs", "projects", "evaluation")
                 for file in (ROOT / part).rglob("*.py")
                 if re.search(r"""["']style["']\s*:""", file.read_text(encoding="utf-8"))]
    assert not offending, offending


def test_the_survey_qr_code_svg_has_no_style_to_refuse():
    from wuse.public.qr import qr_svg

    svg = qr_svg("https://wuse.example.gov.cn/surveys/p/abc/", inline=True)
    assert svg.startswith("<svg") and "<path" in svg
    assert not STYLE_ATTRIBUTE.search(svg) and not STYLE_ELEMENT.search(svg) and "<script" not in svg
