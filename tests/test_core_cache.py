"""The Redis cache backend keeps one client per connection pool and still behaves as Django's (real Redis)."""

from tests.helpers import redis_url, require_redis
from wuse.core.cache import RedisCache


def test_one_client_serves_every_call_and_values_round_trip():
    require_redis()
    cache = RedisCache(redis_url(), {"KEY_PREFIX": "wuse-cache-test"})
    try:
        cache.set("a", {"n": 1}, 30)
        assert cache.add("a", "other") is False and cache.add("n", 1) is True
        assert cache.incr("n") == 2
        assert cache.get_many(["a", "n", "missing"]) == {"a": {"n": 1}, "n": 2}
        first = cache._cache.get_client("a")
        assert cache._cache.get_client("b") is first and cache._cache.get_client("c", write=True) is first
        cache.delete("a")
        assert cache.get("a", "gone") == "gone"
    finally:
        cache.delete_many(["a", "n"])
