"""The shared cache while Redis is down (hostsite.cache): the site reads the database instead
of answering 500, logs the outage once per interval, and /healthz names the failed part."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.cache import cache, caches
from hostsite import versions
from hostsite.cache import CacheUnavailable
from hostsite.versions import Remembered

from tests.support import point_cache_at_dead_redis


@pytest.fixture
def dead_redis(settings):
    return point_cache_at_dead_redis(settings)


def test_an_unreachable_redis_answers_as_an_empty_cache(dead_redis):
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    cache.set("k", 1)  # stores nothing, raises nothing
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    cache.delete("k")
    with pytest.raises(ValueError):
        cache.incr("k")
    assert caches["default"].reachable() is False


def test_redis_is_left_alone_for_a_while_after_a_failure(settings, monkeypatch):
    point_cache_at_dead_redis(settings, RETRY_AFTER=60)
    import redis.connection

    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counting_connect(self, *args, **kwargs):
        attempts.append(1)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counting_connect)
    for _ in range(20):
        cache.get("k")
    assert len(attempts) == 1
    with pytest.raises(CacheUnavailable):
        caches["default"].call(lambda: "never run")


def test_the_outage_is_logged_once_per_interval_not_per_request(settings, caplog):
    point_cache_at_dead_redis(settings, RETRY_AFTER=0, LOG_EVERY=60)  # every call tries Redis
    with caplog.at_level(logging.WARNING, logger="hostsite.cache"):
        for _ in range(10):
            cache.get("k")
    errors = [r for r in caplog.records if r.name == "hostsite.cache"]
    assert len(errors) == 1
    assert "Cache unreachable" in errors[0].getMessage()


def test_remembered_values_are_derived_afresh_while_the_cache_is_down(dead_redis, db):
    remembered = Remembered()
    calls = []
    for _ in range(3):
        remembered.get("k", lambda: calls.append(1) or len(calls))
    assert len(calls) == 3  # no process can learn of another's change: nothing is kept


def test_a_process_that_saw_the_outage_renews_the_token_when_the_cache_is_back(db, monkeypatch):
    remembered = Remembered()
    remembered.get("k", lambda: "before")
    token_before = cache.get(versions.TOKEN_KEY)

    monkeypatch.setattr(versions, "reachable", lambda: False)  # Redis stops
    versions._memo.until = 0
    versions.content_changed()  # an editor publishes meanwhile: no other process hears of it
    assert remembered.get("k", lambda: "during") == "during"

    monkeypatch.setattr(versions, "reachable", lambda: True)  # Redis is back, token unchanged
    cache.set(versions.TOKEN_KEY, token_before, timeout=None)
    versions._memo.until = 0
    versions.content_token()
    assert cache.get(versions.TOKEN_KEY) != token_before  # the other processes derive afresh


def test_healthz_answers_503_naming_the_cache_while_redis_is_down(client, dead_redis, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": True,
        "cache": False,
        "failed": ["cache"],
    }


def test_the_home_page_and_the_api_answer_while_redis_is_down(client, dead_redis, school_site):
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.fixture
def own_redis():
    """A redis-server of this test's own on a free port (no persistence), and a way to stop and
    start it again."""
    import shutil
    import subprocess
    import time

    import redis

    from tests.support import unused_port

    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (Debian package redis-server)")
    port = unused_port()
    servers = []

    def start():
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        servers.append(server)
        for _ in range(100):
            try:
                redis.Redis(port=port).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop():
        servers[-1].terminate()
        servers[-1].wait(timeout=10)

    start()
    yield port, start, stop
    for server in servers:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


def test_the_cache_serves_again_once_redis_is_back(settings, own_redis):
    """The backend keeps one redis-py client per connection pool (hostsite.cache.ClientPerPool)
    rather than making one per call: after a restart of Redis that same client reconnects."""
    port, start, stop = own_redis
    location = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "hostsite.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_AFTER": 0},
        }
    }
    cache.set("k", "before")
    assert cache.get("k") == "before"
    client = cache._cache.get_client()

    stop()
    assert cache.get("k", "fallback") == "fallback"
    assert caches["default"].reachable()  # RETRY_AFTER=0: the next call tries again

    start()  # an empty Redis, as after a restart without persistence
    cache.set("k", "after")
    assert cache.get("k") == "after"
    assert cache._cache.get_client() is client
