import os

import pytest

from tests.helpers import build_tree

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
