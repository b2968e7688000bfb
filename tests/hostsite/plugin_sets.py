"""Start the site once per set of plugins, each in its own process (see test_plugins.py).

INSTALLED_APPS is fixed at start-up, so every set of plugins needs a Python process of its own,
on its own SQLite file. Migrating Wagtail and the host takes ~12 s of CPU, so it happens once,
for the host alone; every set then starts from a copy of that database and migrates its plugins
on top, as a site that enables plugins later would. (A fresh install with every plugin is the
test database of the pytest session itself.) The sets run side by side.

Then each set with fewer plugins than the full site runs its remaining tests (TESTS: the
host's, and those of the plugins it enables), one set after the other, in a pytest process of
its own with SITE_PLUGINS set: tests of disabled plugins are left out by tests/conftest.py, so
what runs must pass without them. The engine's own unit tests (tests/occupations/eligibility)
and the browser tests are left out: they do not touch other plugins. The full set's tests are
the pytest session itself.

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
REPOSITORY = Path(__file__).resolve().parents[2]
ALLOWED = ["", "occupations", "occupations,forms_app", "occupations,forms_app,assessments"]
REFUSED = {"forms_app": "occupations", "occupations,assessments": "forms_app"}  # set → missing
#: The remaining tests each reduced set runs (paths are left out when their plugin is disabled).
TESTS = {
    "": ["tests/hostsite"],
    "occupations": ["tests/hostsite", "tests/occupations"],
    # forms_app without assessments: the submission and status-page tests (assessments adds vetoes
    # and status-page links to those).
    "occupations,forms_app": [
        "tests/hostsite",
        "tests/forms_app/test_submission.py",
        "tests/forms_app/test_status.py",
        "tests/forms_app/test_lifecycle.py",
    ],
}
LEFT_OUT = [
    "tests/hostsite/test_plugins.py",  # this test itself
    "tests/occupations/eligibility",  # the engine's unit tests: no other plugin involved
]
TIMEOUT = 300  # seconds, for starting one set
TESTS_TIMEOUT = 900  # seconds, for one set's tests


def _environment(plugins: str, database: Path) -> dict[str, str]:
    private = {"DATABASE_URL", "REDIS_URL", "SITE_PLUGINS", "VAR_DIR", "PYTHONPATH"}
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in private and not name.startswith("PYTEST_XDIST_")  # not a worker
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


def skip_reason() -> str | None:
    """Why this session leaves the plugin sets out, if it does. The sets always run on SQLite
    files of their own, whatever database the session tests: on a PostgreSQL session they would
    repeat, to the byte, what the SQLite session of `make test` runs (CI runs both)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return "the plugin sets run on SQLite files of their own: make test on SQLite runs them"
    return None


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
        limit = TIMEOUT + TESTS_TIMEOUT * len(self.reduced_sets())
        self._thread.join(limit)
        if self._thread.is_alive():
            raise TimeoutError(f"the plugin sets did not finish within {limit} s")
        if self._error is not None:
            raise self._error
        return self._results

    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    @staticmethod
    def reduced_sets() -> list[str]:
        """The allowed sets whose tests are not those of this session (fewer plugins)."""
        from django.conf import settings

        enabled = set(settings.SITE_PLUGINS)
        return [p for p in TESTS if set(filter(None, p.split(","))) < enabled]

    def _popen(self, plugins: str, database: Path, *args: str, command=None) -> subprocess.Popen:
        process = subprocess.Popen(
            command or [sys.executable, str(HELPER), *args],
            env=_environment(plugins, database),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPOSITORY,
        )
        self._processes.append(process)
        return process

    def _run_tests(self, plugins: str) -> None:
        """pytest on the set's remaining tests, in a process with only these plugins."""
        command = [
            sys.executable,
            "-m",
            "pytest",
            *TESTS[plugins],
            *(f"--ignore={path}" for path in LEFT_OUT),
            "-m",
            "not browser",
            "-q",
            "-p",
            "no:randomly",
        ]
        process = self._popen(plugins, self._folder / "unused.sqlite3", command=command)
        stdout, stderr = process.communicate(timeout=TESTS_TIMEOUT)
        self._results[f"tests:{plugins}"] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )

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
            for plugins in self.reduced_sets():  # one after the other: CPU is shared
                self._run_tests(plugins)
        except BaseException as error:  # reported by results(), in the test
            self._error = error


RUNS = PluginSetRuns()
