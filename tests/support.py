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
            recreate_root_collection()
            loaded = (load or load_school_content)()
            recreate_staff_groups()  # after the content: the root page may be new
            yield loaded
            transaction.set_rollback(True)
        cache.clear()


def recreate_root_collection() -> None:
    """Make Wagtail's root collection again if a test on ``transactional_db`` emptied every
    table (it is made by a migration): documents and images need it."""
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def recreate_staff_groups() -> None:
    """Run again the data migrations that create staff groups (every ``*_staff_groups``
    migration; their code is idempotent). A test on ``transactional_db`` (browser tests, the
    PostgreSQL concurrency tests) empties every table when it ends, the rows migrations made
    included; later tests find the groups as a migrated database has them."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    apps = loader.project_state().apps  # the models as migrations see them
    for key in sorted(loader.disk_migrations):
        if key[1].endswith("_staff_groups"):
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)


def unused_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_cache_at_dead_redis(settings, **options) -> str:
    """Make the default cache a ResilientRedisCache whose Redis refuses every connection, as
    when Redis is stopped. Returns its location."""
    from hostsite import cache as resilient
    from hostsite.versions import forget_token

    location = f"redis://127.0.0.1:{unused_port()}/9"
    resilient._outages.pop(location, None)
    settings.CACHES = {
        "default": {
            "BACKEND": "hostsite.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **options},
        }
    }
    forget_token()
    return location
