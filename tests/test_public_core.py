"""The core's public-page mechanics (``wuse.public``), apart from any step: the rate limit per namespace, form and
network address; the double-tap nonce; the QR code; the device cookie and its keyed hash; the page headers."""

import datetime as dt
import re
import sys
import uuid
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from wuse.public import device, ratelimit
from wuse.public.pages import public_headers, public_link
from wuse.public.qr import qr_svg

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """A cache of this test's own (a shared Redis, if configured, is left alone)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"public-core-{uuid.uuid4()}"}}
    yield
    cache.clear()


# --- the rate limit ------------------------------------------------------------------------------------------


def test_the_limit_counts_per_namespace_form_and_address(settings):
    settings.SURVEY_PUBLIC_LIMIT_PER_HOUR = 2
    assert ratelimit.limit() == 2
    for _ in range(2):
        assert not ratelimit.exceeded("surveys", 7, "10.0.0.1")
        ratelimit.count("surveys", 7, "10.0.0.1")
    assert ratelimit.exceeded("surveys", 7, "10.0.0.1")
    assert not ratelimit.exceeded("surveys", 8, "10.0.0.1")  # another form
    assert not ratelimit.exceeded("surveys", 7, "10.0.0.2")  # another address
    assert not ratelimit.exceeded("satisfaction", 7, "10.0.0.1")  # another kind of form with the same id
    assert not ratelimit.exceeded("surveys", 7, "10.0.0.1", per_hour=3)  # a caller's own limit
    assert ratelimit.exceeded("surveys", 7, None, per_hour=0)  # no address: counted as one "unknown" client
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        assert not ratelimit.exceeded("surveys", 7, "10.0.0.1")  # the hour has passed


def test_the_keys_keep_the_surveys_layout_and_never_hold_an_address():
    """The surveys' counters keep the keys they had before the move (``wuse:surveys:rate:<id>:<hash>``)."""
    ratelimit.count("surveys", 7, "203.0.113.9")
    keys = [key for key in cache._cache if "wuse:surveys:rate:7:" in key]  # locmem's own store
    assert len(keys) == 1 and "203.0.113.9" not in keys[0]
    assert re.search(r"wuse:surveys:rate:7:[0-9a-f]{32}$", keys[0])


@pytest.mark.parametrize("namespace", ["", "Surveys", "a b", "x" * 40, "needs:list", None, 3])
def test_a_namespace_is_a_short_lowercase_name(namespace):
    with pytest.raises(ValueError):
        ratelimit.exceeded(namespace, 1, "10.0.0.1")
    with pytest.raises(ValueError):
        device.keyed_hash(namespace, device.new_token())


def test_a_double_tapped_submit_is_seen_once_until_forgotten():
    assert ratelimit.first_submission("surveys", 1, "nonce-1")
    assert not ratelimit.first_submission("surveys", 1, "nonce-1")
    assert ratelimit.first_submission("surveys", 2, "nonce-1")  # another form
    assert ratelimit.first_submission("satisfaction", 1, "nonce-1")  # another namespace
    ratelimit.forget_submission("surveys", 1, "nonce-1")
    assert ratelimit.first_submission("surveys", 1, "nonce-1")
    ratelimit.forget_submission("surveys", 1, "")  # nothing to forget: no error


# --- the QR code ---------------------------------------------------------------------------------------------


def test_the_qr_code_is_an_svg_file_or_an_inline_element_without_style():
    url = "https://wuse.example.gov.cn/public/evaluations/s/abcdefgh12345678/"
    whole = qr_svg(url)
    inline = qr_svg(url, inline=True)
    assert whole.lstrip().startswith("<?xml") and "<svg" in whole
    assert inline.startswith('<svg role="img" width="100%" height="100%"') and "<path" in inline
    assert "style" not in inline and "<script" not in inline


# --- one response per device ---------------------------------------------------------------------------------


def test_the_device_cookie_is_random_long_lived_and_http_only(settings):
    request = RequestFactory().get("/")
    assert device.token_of(request) is None
    response = HttpResponse()
    token = device.remember(request, response)
    cookie = response.cookies[device.COOKIE]
    assert cookie.value == token and len(token) == 43 and token != device.new_token()
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == device.MAX_AGE
    assert not cookie["secure"]
    settings.SESSION_COOKIE_SECURE = True
    again = RequestFactory().get("/", HTTP_COOKIE=f"{device.COOKIE}={token}")
    assert device.token_of(again) == token
    refreshed = HttpResponse()
    assert device.remember(again, refreshed) == token  # the same device keeps its token
    assert refreshed.cookies[device.COOKIE]["secure"]


@pytest.mark.parametrize("value", ["", "short", "x" * 44, "a" * 42 + "!", "a" * 42 + "\x00"])
def test_a_malformed_cookie_counts_as_none(value):
    request = RequestFactory().get("/")
    request.COOKIES[device.COOKIE] = value
    assert device.token_of(request) is None


def test_only_a_keyed_hash_of_the_cookie_is_stored(settings):
    token = device.new_token()
    first = device.keyed_hash("satisfaction", token)
    assert re.fullmatch(r"[0-9a-f]{64}", first) and token not in first
    assert device.keyed_hash("satisfaction", token) == first  # the same device, the same hash
    assert device.keyed_hash("surveys", token) != first  # namespaces never share a hash
    assert device.keyed_hash("satisfaction", device.new_token()) != first
    settings.SECRET_KEY = "another-installation-secret-0123456789-abcdefghijklmnop"
    assert device.keyed_hash("satisfaction", token) != first  # keyed with the installation's secret


# --- the page ------------------------------------------------------------------------------------------------


def test_a_public_page_is_never_cached_and_sends_no_referrer_elsewhere(settings):
    response = public_headers(HttpResponse())
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"
    request = RequestFactory().get("/")  # the test server's own name
    assert public_link(request, "/p/x/") == "http://testserver/p/x/"
    settings.WUSE_PUBLIC_BASE_URL = "https://wuse.example.gov.cn/"
    assert public_link(request, "/p/x/") == "https://wuse.example.gov.cn/p/x/"


def test_the_core_module_imports_no_step():
    sys.path.insert(0, str(ROOT / "scripts"))
    import import_graph

    edges = import_graph.graph()
    mine = {name: targets for name, targets in edges.items() if name.startswith("wuse.public")}
    assert set(mine) >= {"wuse.public", "wuse.public.ratelimit", "wuse.public.qr", "wuse.public.device",
                         "wuse.public.pages"}
    assert all(target.startswith("wuse.") for targets in mine.values() for target in targets)
    users = {name for name, targets in edges.items() if any(t.startswith("wuse.public") for t in targets)}
    assert {"needs.surveys.views.public", "evaluation.satisfaction_views"} <= users
    assert not (ROOT / "needs/surveys/ratelimit.py").exists() and not (ROOT / "needs/surveys/qr.py").exists()
