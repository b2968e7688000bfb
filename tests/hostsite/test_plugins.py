"""The plugin mechanism (hostsite.plugins): which sets of plugins a site may run.

Every allowed set of plugins starts, migrates, loads the school's content and serves its pages;
a plugin listed without the plugins it requires stops start-up with a message naming them; a
set with fewer plugins passes its remaining tests. Each set runs in a process of its own: see
tests/hostsite/plugin_sets.py.
"""

import inspect
import json
import re

import pytest
from hostsite import plugins as plugin_registry

from tests.hostsite.plugin_sets import ALLOWED, REFUSED, RUNS, TESTS, skip_reason


@pytest.fixture(scope="module")
def runs():
    if reason := skip_reason():
        pytest.skip(reason)
    yield RUNS.results()
    RUNS.stop()


@pytest.mark.parametrize("plugins", ALLOWED, ids=lambda p: p or "host-alone")
def test_an_allowed_set_of_plugins_starts_and_serves_the_site(runs, plugins):
    run = runs[plugins]
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["plugins"] == [label for label in plugins.split(",") if label]
    assert result["content_report"].startswith("created ")
    pages = result["pages"]
    assert {url: page["status"] for url, page in pages.items()} == {
        "/": 200,
        "/about/": 200,
        "/healthz": 200,
        "/api/v1/openapi.json": 200,
    }
    assert pages["/"]["has_school_name"] and pages["/"]["has_about_title"]
    assert pages["/about/"]["has_about_title"]
    assert pages["/api/v1/openapi.json"]["api_title"] == "职业技能等级认定 API"


@pytest.mark.parametrize("plugins", REFUSED, ids=lambda p: p.replace(",", "+"))
def test_a_plugin_without_the_plugins_it_requires_stops_start_up(runs, plugins):
    run = runs[plugins]
    missing = REFUSED[plugins]
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr
    assert f"requires '{missing}'" in run.stderr
    assert f"Add {missing} to SITE_PLUGINS" in run.stderr


@pytest.mark.parametrize("plugins", list(TESTS), ids=lambda p: p or "host-alone")
def test_a_smaller_set_of_plugins_passes_its_remaining_tests(runs, plugins):
    if plugins not in RUNS.reduced_sets():
        pytest.skip("this session itself runs with these plugins")
    run = runs[f"tests:{plugins}"]
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert run.returncode == 0, f"{summary}\n{run.stdout[-3000:]}\n{run.stderr[-2000:]}"
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) > 10, summary
    assert "error" not in summary, summary


def test_every_content_loader_takes_the_arguments_the_host_passes():
    """site/plugins.py documents ``(*, home, force, report)``; load_school_content passes them."""
    loaders = plugin_registry.content_loaders()
    assert loaders
    for loader in loaders:
        parameters = inspect.signature(loader).parameters
        assert {"home", "force", "report"} <= set(parameters), loader
        assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values()), loader
