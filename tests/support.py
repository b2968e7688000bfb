"""Helpers shared by the test packages."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.db import transaction


@contextmanager
def content_loaded_once(django_db_blocker, load: Callable[[], Any] | None = None) -> Iterator[Any]:
    """Load the school's content once for a test package, inside a transaction rolled back at
    the end; tests asking for ``db`` run in savepoints inside it, so the content stays as loaded.
    ``load`` defaults to ``load_school_content()``; what it returns is yielded."""
    from hostsite.content.school import load_school_content

    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            yield (load or load_school_content)()
            transaction.set_rollback(True)
        cache.clear()
