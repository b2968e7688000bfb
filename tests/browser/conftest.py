"""Browser tests: Playwright drives Debian's Chromium (Playwright cannot download its own here).

Without /usr/bin/chromium the tests are skipped on a developer's machine, and fail in CI
(CI=true), where .ci/run installs it.
"""

import os
from pathlib import Path

import pytest

# pytest-django's live server and Playwright's synchronous API share the test's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `make browser-deps`"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(f"{message} (CI must run the browser tests)", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshots() -> Path:
    """var/screenshots/ (ignored by git): look at them after a run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def school_site_url(live_server, transactional_db) -> str:
    """The live server's address, serving the school's site as `make run` loads it."""
    from hostsite.content.school import load_school_content

    load_school_content()  # also recreates Wagtail's root if an earlier test flushed it
    return live_server.url
