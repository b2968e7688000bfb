"""Settings (hostsite.settings): production is safe to deploy, the site speaks Chinese."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPOSITORY = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PERSONAL_DATA_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(**env: str) -> dict[str, str]:
    """What a real deployment sets (README "Environment"), apart from the secret key."""
    return {
        "DJANGO_SETTINGS_MODULE": "hostsite.settings.production",
        "DJANGO_ALLOWED_HOSTS": "skills.example.cn",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://skills.example.cn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/skills",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PERSONAL_DATA_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "PERSONAL_DATA_HMAC_KEY": secrets.token_urlsafe(48),
        # an Ed25519 key signing certificates (assessments): any 32 random bytes
        "CERTIFICATE_SIGNING_KEYS": f"test:{secrets.token_urlsafe(32)}",
        # the public address: admission tickets' check-in QR codes start with it
        "WAGTAILADMIN_BASE_URL": "https://skills.example.cn",
        **env,
    }


def test_production_settings_pass_the_deployment_checks(tmp_path):
    run = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), VAR_DIR=str(tmp_path)),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


@pytest.mark.parametrize("secret_key", [None, "too-short"], ids=["missing", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    env = production(VAR_DIR=str(tmp_path))
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    run = manage("check", **env)
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr
    assert "DJANGO_SECRET_KEY must be set" in run.stderr


def test_the_site_speaks_simplified_chinese_on_china_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_I18N and settings.USE_TZ


def test_the_admin_login_page_is_in_chinese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html
    assert 'lang="zh-hans"' in html.lower() or 'lang="zh-cn"' in html.lower()


def test_the_admin_scripts_speak_chinese(client, db):
    # Wagtail's zh_Hans script catalogue lacks these; every rich-text field showed
    # "Write something or type ‘/’ to insert a block", a tab "(10 errors)".
    import json
    import re

    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"newcatalog = (\{.*?\n\s*\});", script, re.S).group(1))

    assert catalogue["Write something or type ‘/’ to insert a block"] == "输入内容，或输入“/”插入块"
    assert catalogue["%(num)s error"] == ["%(num)s 处错误"]
    assert catalogue["(%(number)s new items in this menu)"] == "（本菜单有 %(number)s 项新内容）"
