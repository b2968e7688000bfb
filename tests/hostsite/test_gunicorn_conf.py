"""gunicorn.conf.py as gunicorn itself reads it: workers are recycled (memory a request left
behind goes back to the system), rarely enough and with jitter wide enough that restarts cost a
crowd little and never silence every worker at once."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# gunicorn loads hostsite.wsgi (production settings, keys checked at start-up)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hostsite.settings.production",
    "DJANGO_SECRET_KEY": "s" * 60,
    "REDIS_URL": "redis://127.0.0.1:1/9",
    "PERSONAL_DATA_KEYS": "x8Zb2cVvO1hFQ3oR6m1b0w5m0D2nB8s1kq9YdR2t3uE=",
    "PERSONAL_DATA_HMAC_KEY": "h" * 40,
    "CERTIFICATE_SIGNING_KEYS": "test:x8Zb2cVvO1hFQ3oR6m1b0w5m0D2nB8s1kq9YdR2t3uE",
}


def gunicorn_settings(**env) -> dict[str, str]:
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "hostsite.wsgi:application"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **PRODUCTION, **env},
        check=True,
    ).stdout
    return dict(re.findall(r"^(\w+)\s+= (.*)$", printed, re.M))


def test_restarting_workers_costs_little_per_request_and_not_all_at_once():
    """A worker's start costs ~2.5 s of CPU: recycled too often, a crowd's requests pay more for
    restarts than for pages from the page cache, and workers that reach the limit together
    leave the site silent while they start (bench/pages.py)."""
    settings = gunicorn_settings()
    assert int(settings["max_requests"]) >= 10000  # ≤ 0.25 ms of start-up a request
    assert int(settings["max_requests_jitter"]) >= int(settings["max_requests"]) // 2


def test_the_recycling_is_set_from_the_environment():
    settings = gunicorn_settings(GUNICORN_MAX_REQUESTS="500", GUNICORN_MAX_REQUESTS_JITTER="50")
    assert (settings["max_requests"], settings["max_requests_jitter"]) == ("500", "50")
