"""Two-factor authentication for the admin on django-otp: a TOTP device (an authenticator app)
and recovery codes (a static device). Services the views and the middleware call."""

from __future__ import annotations

import re

import segno
from django.db import transaction
from django.urls import reverse
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hostsite import audit

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
_TOTP_SHAPE = re.compile(r"^\d{6}$")


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


#: Admin URLs a signed-in user reaches before the second factor: sign-in and sign-out, and what
#: the two-factor pages themselves load (the icon sprite, the translations catalogue).
EXEMPT_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "staff_2fa_verify",
    "staff_2fa_setup",
)


def is_exempt(path: str) -> bool:
    return path.startswith(tuple(reverse(name) for name in EXEMPT_URL_NAMES))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made on first call, kept until confirmed,
    so reloading the page does not change the QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (a full QR code: phone scanners
    cannot read Micro QR)."""
    return segno.make_qr(device.config_url, error="m").svg_inline(scale=4, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows; returns fresh recovery codes,
    or None when the code is wrong. Any older authenticator of the user is replaced."""
    if device.confirmed or not device.verify_token(clean_code(code)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user=device.user)
    _login(request, device)
    audit.record(audit.OTP_ENROLLED, request=request, target=device.user)
    return codes


def new_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (each works once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(*, request, code: str) -> bool:
    """Check a code from the authenticator (6 digits) or a recovery code; on success the
    session counts as verified (django-otp's login)."""
    user = request.user
    code = clean_code(code)
    kind = TOTPDevice if _TOTP_SHAPE.match(code) else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind):
            verified = verify_token(user, device.persistent_id, code)
            if verified is not None:
                _login(request, verified)
                return True
    audit.record(audit.OTP_FAILED, request=request, target=user)
    return False


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _login(request, device) -> None:
    """The session counts as verified from now on, under a new key (no session fixation)."""
    from django_otp import login as otp_login

    request.session.cycle_key()
    otp_login(request, device)
