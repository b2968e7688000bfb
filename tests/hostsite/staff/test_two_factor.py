"""Two-factor authentication in the admin: enrolment (QR code, first code, recovery codes), the
code asked after the password, recovery codes used once, and STAFF_2FA_REQUIRED."""

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hostsite import audit
from hostsite.models import AuditEntry

from tests.hostsite.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105


@pytest.fixture
def editor():
    user = UserFactory(username="editor")
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def sign_in(client):
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    return response


def code_of(device: TOTPDevice, *, step: int = 0) -> str:
    """What the authenticator app shows now (``step`` periods later: a code is used once, so
    the next sign-in within the same 30 seconds needs the following period's)."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + step * device.step
    return f"{generator.token():0{device.digits}d}"


def enrol(client) -> list[str]:
    setup = client.get("/admin/2fa/setup/")
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post("/admin/2fa/setup/", {"code": code_of(device)})
    assert done.status_code == 200
    return re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())


def test_with_2fa_required_an_admin_without_a_device_must_enrol_first(client, editor, required):
    sign_in(client)
    response = client.get("/admin/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")

    setup = client.get("/admin/2fa/setup/")
    page = setup.content.decode()
    assert "<svg" in page and "绑定身份验证器" in page  # the QR code, inline
    assert "otpauth" not in page.split("<svg", 1)[0]  # the key is not leaked as a link
    wrong = client.post("/admin/2fa/setup/", {"code": "000000"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/account/").status_code == 302

    time.sleep(1.1)  # django-otp refuses every code for a second after a wrong one
    codes = enrol(client)

    assert len(codes) == 10
    assert client.get("/admin/account/").status_code == 200
    assert AuditEntry.objects.filter(action=audit.OTP_ENROLLED, object_label="editor").exists()


def test_an_enrolled_admin_enters_a_code_after_the_password(client, editor):
    sign_in(client)
    enrol(client)
    client.post("/admin/logout/")
    sign_in(client)

    response = client.get("/admin/account/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/verify/")
    wrong = client.post("/admin/2fa/verify/", {"code": "123456", "next": "/admin/account/"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert AuditEntry.objects.filter(action=audit.OTP_FAILED).count() == 1

    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    time.sleep(1.1)  # django-otp refuses every code for a second after a wrong one
    right = client.post(
        "/admin/2fa/verify/", {"code": code_of(device, step=1), "next": "/admin/account/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_a_recovery_code_works_once(client, editor):
    sign_in(client)
    codes = enrol(client)
    client.post("/admin/logout/")

    sign_in(client)
    assert client.post("/admin/2fa/verify/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/account/").status_code == 200
    client.post("/admin/logout/")

    sign_in(client)
    assert client.post("/admin/2fa/verify/", {"code": codes[0]}).status_code == 400
    assert client.get("/admin/account/").status_code == 302


def test_an_offsite_next_is_not_followed(client, editor):
    sign_in(client)
    codes = enrol(client)
    client.post("/admin/logout/")
    sign_in(client)
    response = client.post("/admin/2fa/verify/", {"code": codes[1], "next": "https://evil.cn/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_without_the_requirement_an_admin_without_a_device_goes_straight_in(client, editor):
    sign_in(client)
    assert client.get("/admin/account/").status_code == 200
    assert client.get("/admin/2fa/").status_code == 200


@pytest.mark.parametrize(("setting", "expected"), [(None, "True"), ("false", "False")])
def test_production_demands_two_factor_authentication_by_default(tmp_path, setting, expected):
    import secrets

    from tests.hostsite.test_settings import manage, production

    env = production(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), VAR_DIR=str(tmp_path))
    if setting is not None:
        env["STAFF_2FA_REQUIRED"] = setting
    code = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    run = manage("shell", "-c", code, **env)
    assert run.stdout.strip().splitlines()[-1] == expected, run.stderr
