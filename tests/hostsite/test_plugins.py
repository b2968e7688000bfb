"""The plugin mechanism (hostsite.plugins): which sets of plugins a site may run.

Every allowed set of plugins starts, migrates, loads the school's content and serves its pages;
a plugin listed without the plugins it requires stops start-up with a message naming them.

Each set runs in its own Python process (INSTALLED_APPS is fixed at start-up) on its own SQLite
file. Migrating Wagtail and the host takes ~12 s of CPU, so it happens once, for the host alone;
every set then starts from a copy of that database and migrates its plugins on top, as a site
that enables plugins later would. (A fresh install with all plugins is what the test database
of this very session is.) The processes run side by side.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("plugin_site.py")
ALLOWED = ["", "occupations", "occupations,forms_app", "occupations,forms_app,assessments"]
REFUSED = {"forms_app": "occupations", "occupations,assessments": "forms_app"}
TIMEOUT = 240


def _environment(plugins: str, database: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "SITE_PLUGINS", "VAR_DIR", "PYTHONPATH"}
    }
    var_dir = database.with_suffix("")
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="hostsite.settings.test",
        SITE_PLUGINS=plugins,
        DATABASE_URL=f"sqlite:///{database}",
        VAR_DIR=str(var_dir),
    )
    return env


def _start(plugins: str, database: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPER), *args],
        env=_environment(plugins, database),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    folder = tmp_path_factory.mktemp("plugin-sets")
    template = folder / "host.sqlite3"
    migrate = _start("", template, "--migrate-only")
    # A refused set never reaches the database: start those while the host migrates.
    processes = {
        plugins: _start(plugins, folder / f"refused{i}.sqlite3")
        for i, plugins in enumerate(REFUSED)
    }
    _, stderr = migrate.communicate(timeout=TIMEOUT)
    assert migrate.returncode == 0, stderr
    for i, plugins in enumerate(ALLOWED):
        database = folder / f"set{i}.sqlite3"
        _copy_database(template, database)
        processes[plugins] = _start(plugins, database)
    results = {}
    for plugins, process in processes.items():
        stdout, stderr = process.communicate(timeout=TIMEOUT)
        results[plugins] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )
    return results


@pytest.mark.parametrize("plugins", ALLOWED, ids=lambda p: p or "host-alone")
def test_an_allowed_set_of_plugins_starts_and_serves_the_site(runs, plugins):
    import json

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
