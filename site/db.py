"""Waiting out a busy database instead of answering 500.

SQLite lets one connection write at a time: a long write elsewhere (an import, the task worker)
makes ``BEGIN IMMEDIATE`` wait for the busy timeout (5 s) and then raise "database is locked".
:func:`retry_when_locked` runs an operation again, with growing pauses, until it succeeds or its
time budget is spent, then raises :class:`DatabaseBusy` for the caller to answer with a message
that keeps what the user typed. Only lock errors are retried; PostgreSQL never raises them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

logger = logging.getLogger(__name__)

T = TypeVar("T")
LOCKED = ("database is locked", "database table is locked", "database schema is locked")


class DatabaseBusy(Exception):
    """The database stayed locked for the whole time budget."""


def is_locked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and any(text in str(error) for text in LOCKED)


def retry_when_locked(
    operation: Callable[[], T],
    *,
    budget: float,
    pause: float = 0.2,
    max_pause: float = 2.0,
    before_retry: Callable[[], None] | None = None,
) -> T:
    """``operation()``, retried while the database is locked, for at most ``budget`` seconds
    (each attempt may itself wait for the database's busy timeout). Call it outside any
    transaction: a transaction that met a lock error cannot go on."""
    deadline = time.monotonic() + budget
    attempt = 1
    while True:
        try:
            return operation()
        except OperationalError as error:
            if not is_locked(error):
                raise
            if time.monotonic() + pause >= deadline:
                logger.error("Database still locked after %s attempts; giving up", attempt)
                raise DatabaseBusy(str(error)) from error
            logger.warning("Database locked (attempt %s); retrying in %.1f s", attempt, pause)
        time.sleep(pause)
        pause = min(pause * 2, max_pause)
        attempt += 1
        if before_retry is not None:
            before_retry()
