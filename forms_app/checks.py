"""System checks of the keys protecting personal data (``manage.py check``, ``migrate``, and the
web server's start-up: hostsite/wsgi.py runs the checks tagged ``personal_data`` and refuses to
start on an error).

A wrong key must stop the site before it stores anything: a Fernet key that is not 32 url-safe
base64 bytes fails at the first application, and a short HMAC key makes ID-number lookups
guessable.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core import checks

TAG = "personal_data"
HMAC_MIN_LENGTH = 32
#: The keys dev.py and test.py fall back to: public (they are in this repository).
PUBLIC_KEYS = {"bGSFfvx3dJ9xBv8cY8V6qk0Kk6gd5oLq1m5pNsTQ0aM="}


def fernet_key_problem(key: str) -> str | None:
    """Why ``key`` is not a Fernet key, or None."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return "it is not url-safe base64"
    if len(raw) != 32:
        return f"it decodes to {len(raw)} bytes, not 32"
    return None


@checks.register(TAG)
def check_personal_data_keys(app_configs=None, **kwargs):
    errors = []
    keys = list(getattr(settings, "PERSONAL_DATA_KEYS", []) or [])
    hint = (
        "Generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())' and put it first in PERSONAL_DATA_KEYS."
    )
    if not keys:
        errors.append(
            checks.Error(
                "PERSONAL_DATA_KEYS is empty: applicants' ID numbers and phones cannot be "
                "encrypted.",
                hint=hint,
                id="forms_app.E010",
            )
        )
    for position, key in enumerate(keys, start=1):
        problem = fernet_key_problem(key)
        if problem:
            errors.append(
                checks.Error(
                    f"PERSONAL_DATA_KEYS: key {position} is not a Fernet key ({problem}).",
                    hint=hint,
                    id="forms_app.E011",
                )
            )
    hmac_key = getattr(settings, "PERSONAL_DATA_HMAC_KEY", "") or ""
    if not hmac_key:
        errors.append(
            checks.Error(
                "PERSONAL_DATA_HMAC_KEY is empty: ID numbers cannot be looked up or de-duplicated.",
                hint="Set it to a random secret of at least 32 characters, once; never change it.",
                id="forms_app.E012",
            )
        )
    return errors


@checks.register(TAG, deploy=True)
def check_personal_data_keys_for_production(app_configs=None, **kwargs):
    errors = []
    hmac_key = getattr(settings, "PERSONAL_DATA_HMAC_KEY", "") or ""
    if hmac_key and len(hmac_key) < HMAC_MIN_LENGTH:
        errors.append(
            checks.Error(
                f"PERSONAL_DATA_HMAC_KEY has {len(hmac_key)} characters; production needs at "
                f"least {HMAC_MIN_LENGTH} (a short key makes ID-number lookups guessable).",
                hint="python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                id="forms_app.E013",
            )
        )
    public = [key for key in getattr(settings, "PERSONAL_DATA_KEYS", []) if key in PUBLIC_KEYS]
    if public:
        errors.append(
            checks.Error(
                "PERSONAL_DATA_KEYS contains the development key published in this repository.",
                hint="Generate a new key for production and put it first.",
                id="forms_app.E014",
            )
        )
    return errors
