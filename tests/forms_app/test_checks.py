"""The keys protecting personal data are checked at start-up with a clear error
(forms_app.checks): before this, a mistyped key surfaced as a 500 at the first application."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

from forms_app.checks import PUBLIC_KEYS, TAG

GOOD_KEY = "x8Zb2cVvO1hFQ3oR6m1b0w5m0D2nB8s1kq9YdR2t3uE="
GOOD_HMAC = "h" * 40
REPO = Path(__file__).resolve().parents[2]


def problems(deploy: bool = False) -> set[str]:
    return {m.id for m in checks.run_checks(tags=[TAG], include_deployment_checks=deploy)}


def test_good_keys_pass(settings):
    settings.PERSONAL_DATA_KEYS = [GOOD_KEY]
    settings.PERSONAL_DATA_HMAC_KEY = GOOD_HMAC
    assert problems(deploy=True) == set()


def test_a_key_that_is_not_a_fernet_key_is_named(settings):
    settings.PERSONAL_DATA_KEYS = [GOOD_KEY, "my-secret-password"]
    messages = checks.run_checks(tags=[TAG])
    assert [m.id for m in messages] == ["forms_app.E011"]
    assert "key 2 is not a Fernet key" in messages[0].msg


def test_missing_keys_are_errors(settings):
    settings.PERSONAL_DATA_KEYS = []
    settings.PERSONAL_DATA_HMAC_KEY = ""
    assert problems() == {"forms_app.E010", "forms_app.E012"}


def test_production_needs_a_long_hmac_key_and_no_published_key(settings):
    settings.PERSONAL_DATA_KEYS = [*PUBLIC_KEYS]
    settings.PERSONAL_DATA_HMAC_KEY = "short"
    assert problems(deploy=True) == {"forms_app.E013", "forms_app.E014"}


def test_the_web_server_refuses_to_start_with_a_bad_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hostsite.settings.production",
        "DJANGO_SECRET_KEY": "s" * 60,
        "REDIS_URL": "redis://127.0.0.1:1/9",
        "PERSONAL_DATA_KEYS": "not-a-fernet-key",
        "PERSONAL_DATA_HMAC_KEY": GOOD_HMAC,
    }
    started = subprocess.run(
        [sys.executable, "-c", "import hostsite.wsgi"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "forms_app.E011" in started.stderr
    assert "key 1 is not a Fernet key" in started.stderr
