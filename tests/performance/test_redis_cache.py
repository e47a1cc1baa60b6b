"""The portal's Redis cache keeps one client per connection pool and behaves as Django's."""

import uuid
from urllib.parse import urlsplit

import pytest

from loket.core.redis_cache import PortalRedisCache
from tests.worker import require_redis


@pytest.fixture
def redis_url():
    """The worker tests' Redis (skipped locally, failed in CI, without one), another database."""
    return urlsplit(require_redis())._replace(path="/3").geturl()


def test_one_client_for_every_call_and_the_values_as_stored(redis_url):
    cache = PortalRedisCache(redis_url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
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


def test_two_caches_on_one_redis_see_each_others_values(redis_url):
    """As two web processes do: their own clients, the same data."""
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = (PortalRedisCache(redis_url, {"KEY_PREFIX": prefix}) for _ in range(2))
    first.set("version", 7, 30)
    assert second.get("version") == 7
    assert first._cache.get_client() is not second._cache.get_client()
    second.delete("version")


def test_a_read_client_per_replica_each_on_its_own_pool(redis_url):
    """With several servers in LOCATION, reads go to the others: each keeps its own client."""
    cache = PortalRedisCache(f"{redis_url};{redis_url}", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader and reader is cache._cache.get_client()
    assert writer.connection_pool is cache._cache._pools[0]
    assert reader.connection_pool is cache._cache._pools[1]
