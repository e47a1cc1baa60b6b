"""The portal's Redis cache keeps one client per connection pool and behaves as Django's."""

import uuid

from loket.core.redis_cache import PortalRedisCache

REDIS = "redis://127.0.0.1:6379/3"


def test_one_client_for_every_call_and_the_values_as_stored():
    cache = PortalRedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    client = cache._cache.get_client()
    cache.set("page", {"content": b"<p>Hallo</p>", "versions": [1, 2]}, 30)
    cache.set_many({"a": 1, "b": "twee"}, 30)
    assert cache.get("page") == {"content": b"<p>Hallo</p>", "versions": [1, 2]}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": "twee"}
    assert cache.add("a", 5, 30) is False and cache.incr("a") == 2
    cache.delete_many(["page", "a", "b"])
    assert cache.get("page") is None
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client


def test_two_caches_on_one_redis_see_each_others_values():
    """As two web processes do: their own clients, the same data."""
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = (PortalRedisCache(REDIS, {"KEY_PREFIX": prefix}) for _ in range(2))
    first.set("version", 7, 30)
    assert second.get("version") == 7
    assert first._cache.get_client() is not second._cache.get_client()
    second.delete("version")
