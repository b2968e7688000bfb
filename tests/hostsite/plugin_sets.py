"""Start the site once per set of plugins, each in its own process (see test_plugins.py).

INSTALLED_APPS is fixed at start-up, so every set of plugins needs a Python process of its own,
on its own SQLite file. Migrating Wagtail and the host takes ~12 s of CPU, so it happens once,
for the host alone; every set then starts from a copy of that database and migrates its plugins
on top, as a site that enables plugins later would. (A fresh install with every plugin is the
test database of the pytest session itself.) The sets run side by side.

This is slow work that waits on other processes, so tests/hostsite/conftest.py starts it in a
background thread as soon as pytest knows test_plugins.py will run; the tests then collect the
results, by which time most of the work is done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HELPER = Path(__file__).with_name("plugin_site.py")
ALLOWED = ["", "occupations", "occupations,forms_app", "occupations,forms_app,assessments"]
REFUSED = {"forms_app": "occupations", "occupations,assessments": "forms_app"}  # set → missing
TIMEOUT = 300


def _environment(plugins: str, database: Path) -> dict[str, str]:
    private = {"DATABASE_URL", "REDIS_URL", "SITE_PLUGINS", "VAR_DIR", "PYTHONPATH"}
    env = {name: value for name, value in os.environ.items() if name not in private}
    var_dir = database.with_suffix("")
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="hostsite.settings.test",
        SITE_PLUGINS=plugins,
        DATABASE_URL=f"sqlite:///{database}",
        VAR_DIR=str(var_dir),
    )
    return env


class PluginSetRuns:
    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._processes: list[subprocess.Popen] = []
        self._results: dict[str, subprocess.CompletedProcess] = {}
        self._error: BaseException | None = None
        self._folder: Path | None = None

    def start(self) -> None:
        if self._thread is None:
            self._folder = Path(tempfile.mkdtemp(prefix="plugin-sets-"))
            self._thread = threading.Thread(target=self._run, name="plugin-sets", daemon=True)
            self._thread.start()

    def results(self) -> dict[str, subprocess.CompletedProcess]:
        """What each set of plugins printed; starts the runs if nobody has yet."""
        self.start()
        self._thread.join(TIMEOUT)
        if self._thread.is_alive():
            raise TimeoutError(f"the plugin sets did not finish within {TIMEOUT} s")
        if self._error is not None:
            raise self._error
        return self._results

    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _popen(self, plugins: str, database: Path, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, str(HELPER), *args],
            env=_environment(plugins, database),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._processes.append(process)
        return process

    def _run(self) -> None:
        try:
            template = self._folder / "host.sqlite3"
            migrate = self._popen("", template, "--migrate-only")
            # A refused set stops before it touches a database: run those while the host migrates.
            running = {
                plugins: self._popen(plugins, self._folder / f"refused{number}.sqlite3")
                for number, plugins in enumerate(REFUSED)
            }
            _, stderr = migrate.communicate(timeout=TIMEOUT)
            if migrate.returncode != 0:
                raise RuntimeError(f"migrating the host alone failed:\n{stderr}")
            for number, plugins in enumerate(ALLOWED):
                database = self._folder / f"set{number}.sqlite3"
                for suffix in ("", "-wal", "-shm"):
                    if Path(f"{template}{suffix}").exists():
                        shutil.copyfile(f"{template}{suffix}", f"{database}{suffix}")
                running[plugins] = self._popen(plugins, database)
            for plugins, process in running.items():
                stdout, stderr = process.communicate(timeout=TIMEOUT)
                self._results[plugins] = subprocess.CompletedProcess(
                    process.args, process.returncode, stdout, stderr
                )
        except BaseException as error:  # reported by results(), in the test
            self._error = error


RUNS = PluginSetRuns()
