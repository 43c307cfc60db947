import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The public pages' rate-limit counters live in the cache (Redis), keyed by round id: a rerun on a fresh test
    database reuses the ids, so every test starts from empty counters."""
    from django.core.cache import cache

    cache.clear()
    yield
