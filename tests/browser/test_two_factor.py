"""Signing in to the admin with two-factor authentication demanded (production's setting), as a
member of staff does it in Chromium at 1280×800: password, enrolment by QR code (the code an
authenticator app would show is computed here from the key on the page), recovery codes, and the
code asked at the next sign-in."""

from __future__ import annotations

import re
import subprocess
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-staff-password"  # noqa: S105


def app_code(secret: str, *, step: int = 0) -> str:
    """What an authenticator app shows for the key typed from the enrolment page."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    generator = TOTP(key)
    generator.time = time.time() + step * 30
    return f"{generator.token():06d}"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_an_admin_enrols_and_signs_in_with_a_totp_code(
    staff_page, school_site_url, settings, screenshots
):
    from django.contrib.auth import get_user_model

    settings.STAFF_2FA_REQUIRED = True
    get_user_model().objects.create_superuser("chief", "chief@example.cn", PASSWORD)
    page = staff_page

    sign_in(page, school_site_url)
    expect(page).to_have_url(f"{school_site_url}/admin/2fa/setup/?next=/admin/")
    expect(page.locator("#main h1")).to_have_text("绑定身份验证器")
    qr = page.locator(".staff-2fa-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["height"] >= 150  # big enough for a phone to scan
    page.screenshot(path=screenshots / "2fa-enrolment.png", full_page=True)
    secret = page.locator(".staff-2fa-secret").inner_text()
    # A phone reads the QR code: the same key, for this site, in an otpauth:// URL.
    qr.screenshot(path=screenshots / "2fa-qr.png")
    scanned = subprocess.run(
        ["zbarimg", "--raw", "-q", str(screenshots / "2fa-qr.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert scanned.startswith("otpauth://totp/")
    assert f"secret={secret.replace(' ', '')}" in scanned

    page.fill("#id_code", app_code(secret))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.locator("#main h1")).to_have_text("恢复码")
    assert page.locator(".staff-2fa-codes li").count() == 10
    page.screenshot(path=screenshots / "2fa-recovery-codes.png", full_page=True)
    page.get_by_role("link", name="我已保存，进入管理后台").click()
    expect(page).to_have_url(f"{school_site_url}/admin/")

    # Next time: the password, then the code the app shows (the next period's: a code counts once).
    page.context.clear_cookies()
    sign_in(page, school_site_url)
    expect(page.locator("#main h1")).to_have_text("两步验证")
    page.fill("#id_code", app_code(secret, step=1))
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(f"{school_site_url}/admin/")
    expect(page).to_have_title(re.compile("控制面板"))
    page.screenshot(path=screenshots / "2fa-dashboard.png")
