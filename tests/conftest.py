import os

import pytest

from tests.e2e.browser import CHROMIUM_ARGS
from tests.helpers import build_tree, chromium_path, require_chromium

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by the tests themselves (set-up, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cached_lists():
    """Rows cached for a while across requests (the need categories) are read afresh in every test: a flush
    between transactional tests does not go through the models' save/delete that forget them."""
    from django.core.cache import cache

    from needs.models import NeedCategoryQuerySet

    cache.delete(NeedCategoryQuerySet.CACHE_KEY)
    yield
    cache.delete(NeedCategoryQuerySet.CACHE_KEY)


@pytest.fixture
def tree(db):
    from needs.categories import ensure_default_categories

    ensure_default_categories()  # transactional tests flush the rows the migration seeded
    build_tree()


@pytest.fixture
def in_chinese():
    """Pages rendered in Chinese (the default language) for assertions on Chinese wording."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


# --- the browser (Playwright on Debian chromium): one per test process, shared by every browser test ----------------
# Here, not in tests/e2e/conftest.py, so that the journeys under tests/assessment/ use the same one: a second
# definition would start a second sync Playwright in the same process, which Playwright refuses.

@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    """A page the size of a phone (390 × 844), touch and mobile."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()
