"""The plugin mechanism (hostsite.plugins): which sets of plugins a site may run.

Every allowed set of plugins starts, migrates, loads the school's content and serves its pages;
a plugin listed without the plugins it requires stops start-up with a message naming them. Each
set runs in a process of its own: see tests/hostsite/plugin_sets.py.
"""

import json

import pytest

from tests.hostsite.plugin_sets import ALLOWED, REFUSED, RUNS


@pytest.fixture(scope="module")
def runs():
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
