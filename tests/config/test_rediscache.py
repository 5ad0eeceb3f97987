"""config.rediscache: Django's RedisCache with one redis-py client per connection pool."""

import threading
import uuid
from unittest import mock

import pytest
import redis

from config.rediscache import RedisCache


@pytest.fixture
def cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": f"test-rediscache-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many([f"k{i}" for i in range(10)] + ["counter", "many-a", "many-b"])


def test_it_is_still_djangos_cache(cache):
    cache.set("k1", {"page": b"<html>"}, timeout=30)
    assert cache.get("k1") == {"page": b"<html>"}
    assert cache.add("k1", "other") is False
    cache.set_many({"many-a": 1, "many-b": 2})
    assert cache.get_many(["many-a", "many-b", "k9"]) == {"many-a": 1, "many-b": 2}
    assert cache.incr("many-a", 5) == 6
    cache.delete("k1")
    assert cache.get("k1", "gone") == "gone"


def test_one_client_serves_every_call(cache):
    made = mock.Mock(wraps=redis.Redis)
    with mock.patch.object(cache._cache, "_client", made):
        for i in range(50):
            cache.set(f"k{i % 10}", i)
            cache.get(f"k{i % 10}")
    # Django's own client would have made 100: one per call.
    assert made.call_count == 1


def test_the_shared_client_is_safe_across_threads(cache):
    cache.set("counter", 0, timeout=60)

    def bump():
        for _ in range(100):
            cache.incr("counter")

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("counter") == 800
