import os

import pytest

from tests.helpers import build_tree

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by the tests themselves (set-up, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
