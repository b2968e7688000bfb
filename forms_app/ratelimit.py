"""Cache-backed rate limits (Redis in production, per-process memory in development).

While the cache cannot be reached no hit can be counted: a limit then fails *closed* (refuses)
unless the caller passes ``fail_open=True``. Reading pages and submitting a registration fail
open (the site keeps taking applications during a Redis outage); anything that costs money or
guards a secret (SMS codes, logins) keeps the default and fails closed.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from hostsite.cache import OUTAGE_ERRORS, CacheUnavailable, reachable
from hostsite.net import client_ip  # noqa: F401  (re-exported: callers import it from here)

logger = logging.getLogger(__name__)


def _cache_key(scope: str, key: str) -> str:
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allowed(scope: str, key: str, *, limit: int, fail_open: bool = False) -> bool:
    """Whether ``key`` has hits left, without counting one: for allowances used up only by
    what succeeds (call ``hit`` then), so that failed attempts do not spend them. While the
    cache is unreachable: ``fail_open``."""
    if not reachable():
        return fail_open
    return int(cache.get(_cache_key(scope, key)) or 0) < limit


def hit(scope: str, key: str, *, limit: int, window: int, fail_open: bool = False) -> bool:
    """Count one hit for ``key``; False once more than ``limit`` hits fall in ``window`` s.

    While the cache is unreachable: ``fail_open`` (True lets the request through)."""
    cache_key = _cache_key(scope, key)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        redis_key = backend.make_and_validate_key(cache_key)
        call = getattr(backend, "call", lambda operation: operation())
        try:
            return call(lambda: _redis_hit(backend, redis_key, window)) <= limit
        except (CacheUnavailable, *OUTAGE_ERRORS):
            logger.info(
                "Rate limit %s not counted (cache unreachable): fail_open=%s", scope, fail_open
            )
            return fail_open
    if not reachable():
        return fail_open
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit


def _redis_hit(backend: RedisCache, key: str, window: int) -> int:
    """One round trip to Redis: count the hit, and start the window with the first one."""
    client = backend._cache.get_client(key, write=True)
    pipeline = client.pipeline()
    pipeline.incr(key)
    pipeline.expire(key, window, nx=True)
    count, _started = pipeline.execute()
    return count


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The page a visitor over a rate limit sees (429, in Chinese)."""
    return render(request, "429.html", status=429)
