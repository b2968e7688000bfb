"""The site's health: one function that /healthz and the API's health route both answer from.

Each check is a function returning True when its part works; plugins may add theirs with
``@health_check("name")`` (a registry, like the rest of the site's extension points).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

CHECKS: dict[str, Callable[[], bool]] = {}


def health_check(name: str):
    def register(check: Callable[[], bool]) -> Callable[[], bool]:
        CHECKS[name] = check
        return check

    return register


@dataclass(frozen=True)
class Health:
    parts: dict[str, bool]

    @property
    def ok(self) -> bool:
        return all(self.parts.values())

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.parts.items() if not ok]

    def as_dict(self) -> dict:
        return {"status": "ok" if self.ok else "unavailable", **self.parts, "failed": self.failed}


def check_health() -> Health:
    parts = {}
    for name, check in CHECKS.items():
        try:
            parts[name] = bool(check())
        except Exception:  # a check that raises reports its part as failed, never a 500
            logger.exception("Health check %s raised", name)
            parts[name] = False
    return Health(parts=parts)


@health_check("database")
def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@health_check("cache")
def cache_answers() -> bool:
    """A value written to the shared cache reads back (ResilientRedisCache answers as an empty
    cache while Redis is down, so the value does not come back)."""
    cache = caches["default"]
    token = secrets.token_hex(8)
    cache.set("hostsite:health", token, timeout=10)
    return cache.get("hostsite:health") == token
