"""Staff in the benchmarks: accounts of the 报名管理 group with an authenticator (TOTP) device,
made in the served site's database, and a sign-in through the admin's login page and its
two-factor step as a browser does it (production settings require the second factor)."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import re
import secrets
import struct
import time
from urllib.parse import urlencode

PASSWORD = "bench-" + secrets.token_urlsafe(12)  # ≥ 12 characters, as the validators want

#: Django shell code: ``count`` staff members of 报名管理, each with a confirmed TOTP device and
#: ``applications`` applications to export (made as staff enter them); prints "STAFF name key".
MAKE_STAFF = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from forms_app import services
from forms_app.fields import ApplicantData
from forms_app.models import RegistrationFormPage
from bench.submit import id_number, mobile

group = Group.objects.get(name="报名管理")
for n in range({count}):
    user = get_user_model().objects.create_user(f"bench-staff-{{n}}", password="{password}")
    user.groups.add(group)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    print("STAFF", user.username, device.key)
page = RegistrationFormPage.objects.get(slug="{slug}")
for n in range(5_000_000, 5_000_000 + {applications}):
    data = ApplicantData(name="李四", id_number=id_number(n), mobile=mobile(n), specialty="网商",
                         level=4)
    services.application_create(page=page, data=data, answers={{}}, source="import",
                                check=services.check_applicant(page=page, data=data))
print("DONE")
"""


def totp(key_hex: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows (RFC 6238: SHA-1, 30-second steps)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Browser:
    """One keep-alive connection with a cookie jar (enough for the admin's forms)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": self.cookie}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response, content

    def token(self, path: str) -> str:
        _response, html = self.request("GET", path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()


def sign_in(port: int, username: str, key_hex: str) -> Browser:
    """Password, then the authenticator's code: a browser signed in to the admin."""
    browser = Browser(port)
    token = browser.token("/admin/login/")
    response, _ = browser.request(
        "POST",
        "/admin/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status == 302, f"sign-in of {username}: {response.status}"
    token = browser.token("/admin/2fa/verify/?next=/admin/")
    form = {"code": totp(key_hex), "next": "/admin/", "csrfmiddlewaretoken": token}
    response, _ = browser.request("POST", "/admin/2fa/verify/", form)
    assert response.status == 302, f"second factor of {username}: {response.status}"
    response, _ = browser.request("GET", "/admin/applications-exchange/export/")
    assert response.status == 200, f"export page for {username}: {response.status}"
    return browser
