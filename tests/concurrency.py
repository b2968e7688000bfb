"""Concurrency tests on PostgreSQL: code run in threads with database connections of their own.

Each thread has its own connection (as gunicorn's threads, or several staff at once, have), so
what one commits is what the others see. A test's data is made and removed by such threads too
(committed, then deleted): the package's school content stays loaded in an open transaction on
the test's own connection, which the threads cannot see, and flushing the database inside it
fails on PostgreSQL, so these are not ``transaction=True`` tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

LOCK_TIMEOUT = "60s"  # a lost lock fails the test, never hangs it
TIMEOUT = 300  # seconds for one piece of work in its own connection


def needs_postgresql(why: str) -> list:
    """The marks of a module of concurrency tests; ``why`` says what SQLite cannot show."""
    return [
        pytest.mark.postgres,
        pytest.mark.skipif(connection.vendor != "postgresql", reason=f"needs PostgreSQL: {why}"),
        pytest.mark.django_db,
    ]


def in_own_connection(function: Callable, *args):
    """``function(*args)`` in a new thread with its own (autocommit) connection; its result."""
    with ThreadPoolExecutor(max_workers=1) as pool:

        def run():
            try:
                return function(*args)
            finally:
                connections.close_all()

        return pool.submit(run).result(timeout=TIMEOUT)


def in_parallel(function: Callable[[int], object], count: int) -> list:
    """``function(0 … count-1)`` in ``count`` threads released together; results or exceptions
    (an exception is an outcome to count, not a failure of the harness)."""
    barrier = threading.Barrier(count)

    def run(n: int):
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            barrier.wait(timeout=60)
            return function(n)
        except Exception as error:  # noqa: BLE001
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
