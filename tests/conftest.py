"""Project-wide fixtures.

Tests of a plugin live in tests/<plugin>/ and are left out when the plugin is not in
SITE_PLUGINS, so a site with fewer plugins still passes its remaining tests. A test elsewhere
that needs plugins (e.g. a browser test of the registration form) says so with
``@pytest.mark.plugins("forms_app")`` and is skipped when one of them is disabled.
"""

import pytest
from django.conf import settings

PLUGIN_TEST_DIRS = ("occupations", "forms_app", "assessments")


def _drop_pygals_legacy_finder() -> None:
    """pygal (the statistics charts) appends to sys.meta_path a finder for its map plugins that
    has only the legacy find_module API; pytest's importlib import mode calls find_spec on every
    finder, so once pygal is imported the next test module fails to import. The project draws
    no maps: leave the finder out while testing."""
    import sys

    try:
        import pygal  # noqa: F401
    except ImportError:
        return
    sys.meta_path[:] = [finder for finder in sys.meta_path if hasattr(finder, "find_spec")]


_drop_pygals_legacy_finder()
collect_ignore = [name for name in PLUGIN_TEST_DIRS if name not in settings.SITE_PLUGINS]


#: Test files that wait on slow work in processes of their own. Without pytest-xdist that work
#: starts in the background at collection (tests/hostsite/conftest.py); under xdist (`make test`)
#: these files go first, so the other workers keep busy while one waits, not idle at the end.
SLOW_FIRST = ("tests/hostsite/test_plugins.py",)


def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # a pytest-xdist worker; every worker sorts alike
        items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable sort
    for item in items:
        for marker in item.iter_markers("plugins"):
            missing = [label for label in marker.args if label not in settings.SITE_PLUGINS]
            if missing:
                reason = f"needs the disabled plugin(s) {', '.join(missing)}"
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: what an earlier test cached (sites, lookups, rate
    limits) may describe rows its rollback removed."""
    from django.core.cache import caches
    from hostsite.versions import forget_token

    for alias in settings.CACHES:  # the shared cache and each process's template fragments
        caches[alias].clear()
    forget_token()


@pytest.fixture
def school_site(db):
    """The school's site as `make run` loads it: home page, pages, settings, plugin content."""
    from hostsite.content.school import load_school_content

    load_school_content()
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
