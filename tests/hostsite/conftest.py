"""Fixtures of the host's tests.

Loading the school's content (home page, school pages, contact settings and every enabled
plugin's content) takes seconds, so it happens once for the whole tests/hostsite package, through
the management command as `make run` calls it, inside a transaction rolled back at the end. Every
test that asks for ``loaded_site`` also gets the ``db`` fixture: what it changes runs in a
savepoint and is rolled back after the test, so the loaded content stays as first loaded.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.support import content_loaded_once

HERE = Path(__file__).resolve().parent


def pytest_collection_finish(session):
    """Start the slow plugin-set processes (test_plugins.py) now, so they run while the
    other tests do. Under pytest-xdist every worker collects every test, so none starts them
    here: the worker given test_plugins.py (scheduled first, see tests/conftest.py) starts
    them with its first test while the other workers go on."""
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if any(Path(item.path).resolve() == HERE / "test_plugins.py" for item in session.items):
        from tests.hostsite.plugin_sets import RUNS, skip_reason

        if not skip_reason():
            RUNS.start()


def pytest_sessionfinish(session):
    from tests.hostsite.plugin_sets import RUNS

    RUNS.stop()


@dataclass(frozen=True)
class FirstLoad:
    output: str  # what `manage.py load_school_content` printed on a fresh database
    page_count_before: int


@pytest.fixture(scope="package")
def _loaded_content(django_db_setup, django_db_blocker):
    from wagtail.models import Page

    def first_load() -> FirstLoad:
        before = Page.objects.count()
        out = io.StringIO()
        call_command("load_school_content", stdout=out)
        return FirstLoad(output=out.getvalue(), page_count_before=before)

    with content_loaded_once(django_db_blocker, first_load) as loaded:
        yield loaded


@pytest.fixture
def first_load(_loaded_content, db) -> FirstLoad:
    return _loaded_content


@pytest.fixture
def loaded_site(_loaded_content, db):
    """The default Site with everything `manage.py load_school_content` creates."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(loaded_site):
    return loaded_site.root_page.specific
