"""System checks of the keys signing certificates' QR codes, tagged "keys": the web server
runs them at start-up outside DEBUG (hostsite/wsgi.py), like forms_app's key checks, and refuses
to start with an unusable key, none, or the development key published in this repository."""

from __future__ import annotations

import binascii

from django.conf import settings
from django.core import checks

from assessments.services.certificates import signing

HINT = (
    "Generate one with `python manage.py certificate_signing_key <key id>` and put it first in "
    "CERTIFICATE_SIGNING_KEYS."
)


def key_problems() -> list[checks.CheckMessage]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    errors = []
    for setting, load in (
        ("CERTIFICATE_SIGNING_KEYS", Ed25519PrivateKey.from_private_bytes),
        ("CERTIFICATE_RETIRED_PUBLIC_KEYS", Ed25519PublicKey.from_public_bytes),
    ):
        for position, entry in enumerate(getattr(settings, setting, []) or [], start=1):
            try:
                load(signing.b64decode(signing.parse_key_entry(entry)[1]))
            except (ValueError, binascii.Error) as error:
                errors.append(
                    checks.Error(
                        f"{setting}: entry {position} is not 'key id:Ed25519 key' ({error}).",
                        hint=HINT,
                        id="assessments.E020",
                    )
                )
    return errors


@checks.register("keys")
def check_certificate_keys(app_configs=None, **kwargs):
    return key_problems()


@checks.register("keys", deploy=True)
def check_certificate_keys_for_production(app_configs=None, **kwargs):
    entries = list(getattr(settings, "CERTIFICATE_SIGNING_KEYS", []) or [])
    if not entries:
        return [
            checks.Error(
                "CERTIFICATE_SIGNING_KEYS is empty: certificates cannot be signed.",
                hint=HINT,
                id="assessments.E021",
            )
        ]
    if signing.DEVELOPMENT_KEY in entries:
        return [
            checks.Error(
                "CERTIFICATE_SIGNING_KEYS contains the development key published in this "
                "repository: anyone could sign certificates.",
                hint=HINT,
                id="assessments.E022",
            )
        ]
    return []


LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104


@checks.register("urls", deploy=True)
def check_check_in_address_for_production(app_configs=None, **kwargs):
    """Admission tickets print the check-in address (WAGTAILADMIN_BASE_URL + the candidate's
    token) as a QR code: the development default would send every invigilator's phone to
    127.0.0.1, and a printed ticket cannot be corrected."""
    from urllib.parse import urlsplit

    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    host = (urlsplit(base).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return [
            checks.Error(
                f"WAGTAILADMIN_BASE_URL is {base!r}: the check-in QR codes on admission "
                "tickets would point to this machine, not to the site.",
                hint="Set WAGTAILADMIN_BASE_URL to the public address, e.g. "
                "https://skills.example.cn (deploy/skills.env.example).",
                id="assessments.E023",
            )
        ]
    return []
