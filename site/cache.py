"""The shared cache, and what the site does while it cannot be reached.

Why a subclass of Django's RedisCache rather than try/except around our own cache calls: the
cache is also read by code that is not ours (Wagtail reads its site root paths from it on every
page with a link), and Django's backend raises ``redis.ConnectionError`` from every call while
Redis is down, which made every page answer 500. ``ResilientRedisCache`` answers those calls as
an empty cache would (``get`` returns the default, ``add``/``set`` store nothing), so each caller
falls back to reading the database, and:

- leaves Redis alone for ``RETRY_AFTER`` seconds after a failure (no connection attempt, with its
  timeout, per request while it is down);
- logs the outage once per ``LOG_EVERY`` seconds (not once per request) and its end once;
- tells callers that need to know (rate limits, the content token, the health check) through
  :func:`reachable` and :class:`CacheUnavailable`.

Only connection and timeout errors count as an outage; any other Redis error still raises.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
T = TypeVar("T")


class CacheUnavailable(Exception):
    """The shared cache could not be reached (or failed within the last RETRY_AFTER seconds)."""


class _Outage:
    """One per cache location and process (Django makes a backend object per thread)."""

    def __init__(self) -> None:
        self.down_until = 0.0  # monotonic time before which Redis is not tried again
        self.down_since: float | None = None
        self.logged_at = 0.0


_outages: dict[str, _Outage] = {}


class ClientPerPool(RedisCacheClient):
    """Django's Redis cache client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every cache call, and redis-py builds its table of
    response callbacks in each: measured here ~0.2 ms a call, about what the GET itself costs,
    paid by every page the page cache serves (one call: the page and the content token). The
    object only holds the pool, which hands out connections (and renews them after a fork or an
    outage), so keeping it changes nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that behaves as an empty cache while Redis cannot be reached.

    OPTIONS beyond redis-py's: ``RETRY_AFTER`` (seconds, default 5) and ``LOG_EVERY`` (seconds,
    default 60). Give redis-py short ``socket_connect_timeout``/``socket_timeout`` options so a
    Redis that hangs (rather than refusing connections) costs a request little.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.log_every = float(options.pop("LOG_EVERY", 60))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ClientPerPool
        self._outage = _outages.setdefault(str(server), _Outage())

    # --- outage book-keeping -------------------------------------------------------------
    def reachable(self) -> bool:
        """False while a failure less than RETRY_AFTER seconds old keeps Redis untried."""
        return time.monotonic() >= self._outage.down_until

    def call(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` (which talks to Redis); raise CacheUnavailable during an outage."""
        if not self.reachable():
            raise CacheUnavailable
        try:
            result = operation()
        except OUTAGE_ERRORS as error:
            self._failed(error)
            raise CacheUnavailable from error
        if self._outage.down_since is not None:
            logger.warning(
                "Cache reachable again after %.0f s; caching resumed.",
                time.monotonic() - self._outage.down_since,
            )
            self._outage.down_since = None
        return result

    def _failed(self, error: BaseException) -> None:
        outage = self._outage
        now = time.monotonic()
        outage.down_until = now + self.retry_after
        if outage.down_since is None:
            outage.down_since = now
        if now - outage.logged_at >= self.log_every or outage.logged_at == 0.0:
            outage.logged_at = now
            logger.error(
                "Cache unreachable (%s: %s); reading from the database instead, retrying every "
                "%.0f s (logged once per %.0f s).",
                type(error).__name__,
                error,
                self.retry_after,
                self.log_every,
            )

    def _or(self, default: Any, operation: Callable[[], Any]) -> Any:
        try:
            return self.call(operation)
        except CacheUnavailable:
            return default

    # --- Django's cache API: what an empty cache would answer during an outage ----------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._or(False, lambda: parent.add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        parent = super()
        return self._or(default, lambda: parent.get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._or(None, lambda: parent.set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._or(False, lambda: parent.touch(key, timeout, version))

    def delete(self, key, version=None):
        parent = super()
        return self._or(False, lambda: parent.delete(key, version))

    def get_many(self, keys, version=None):
        parent = super()
        return self._or({}, lambda: parent.get_many(keys, version))

    def has_key(self, key, version=None):
        parent = super()
        return self._or(False, lambda: parent.has_key(key, version))

    def incr(self, key, delta=1, version=None):
        parent = super()
        try:
            return self.call(lambda: parent.incr(key, delta, version))
        except CacheUnavailable as error:
            # Nothing stored can be incremented: Django's answer for a missing key.
            raise ValueError(f"Key '{key}' not found (cache unreachable)") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._or(list(data), lambda: parent.set_many(data, timeout, version))

    def delete_many(self, keys, version=None):
        parent = super()
        return self._or(None, lambda: parent.delete_many(keys, version))

    def clear(self):
        parent = super()
        return self._or(False, lambda: parent.clear())


def reachable(alias: str = "default") -> bool:
    """False while the cache ``alias`` is known to be unreachable (always True for caches that
    live in the process)."""
    backend = caches[alias]
    check = getattr(backend, "reachable", None)
    return check() if check is not None else True
