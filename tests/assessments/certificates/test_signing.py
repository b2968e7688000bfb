"""The QR code's signed payload: genuine ones verify with the public key alone, a changed or
forged one does not, and rotating the key keeps old certificates verifiable."""

from __future__ import annotations

import datetime

import pytest
from django.core import checks

from assessments.services.certificates import signing
from tests.assessments.certificates.factories import issue

FIELDS = signing.SignedFields(
    number="S000015250001264000001",
    name="张三",
    occupation="电子商务师",
    specialty="网商",
    level=4,
    issued_on=datetime.date(2026, 12, 1),
)


def test_a_signed_payload_verifies_and_says_what_was_signed():
    payload, key_id = signing.sign(FIELDS)
    assert payload.startswith(f"ZS1.{key_id}.") and len(payload) < 250  # fits a small QR code
    fields = signing.verify(payload)
    assert fields == signing.SignedFields(**{**FIELDS.__dict__, "key_id": key_id})


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: p.replace(
            p.split(".")[2], signing.b64encode("S0000152500012640000099\x1f李四".encode())
        ),
        lambda p: p[:-3] + ("AAA" if not p.endswith("AAA") else "BBB"),
        lambda p: p.replace("ZS1.dev.", "ZS1.other."),
        lambda p: p.rsplit(".", 1)[0],
        lambda p: "ZS1.dev.%%%.%%%",
        lambda p: "",
    ],
)
def test_a_changed_or_forged_payload_is_refused(tamper):
    payload, _key_id = signing.sign(FIELDS)
    with pytest.raises(signing.PayloadInvalid):
        signing.verify(tamper(payload))


def test_a_payload_signed_with_another_key_under_our_key_id_is_refused(settings):
    settings.CERTIFICATE_SIGNING_KEYS = [signing.generate_key_entry("dev")]
    forged, _key_id = signing.sign(FIELDS)
    settings.CERTIFICATE_SIGNING_KEYS = [signing.DEVELOPMENT_KEY]
    with pytest.raises(signing.PayloadInvalid):
        signing.verify(forged)


def test_rotation_keeps_old_certificates_verifiable(settings):
    old_entry = signing.generate_key_entry("2026a")
    settings.CERTIFICATE_SIGNING_KEYS = [old_entry]
    old_payload, _ = signing.sign(FIELDS)
    old_public = signing.published_keys()[0]["public_key"]

    new_entry = signing.generate_key_entry("2027a")
    settings.CERTIFICATE_SIGNING_KEYS = [new_entry, old_entry]  # new key in front
    new_payload, new_id = signing.sign(FIELDS)
    assert new_id == "2027a"
    assert signing.verify(old_payload).key_id == "2026a"
    assert signing.verify(new_payload).key_id == "2027a"

    # the old private key retired: only its public half remains, and still verifies
    settings.CERTIFICATE_SIGNING_KEYS = [new_entry]
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = [f"2026a:{old_public}"]
    assert signing.verify(old_payload).key_id == "2026a"
    published = {key["kid"]: key["use"] for key in signing.published_keys()}
    assert published == {"2027a": "current", "2026a": "verify"}


@pytest.mark.django_db
def test_an_issued_certificate_carries_its_payload():
    certificate = issue("王芳")
    fields = signing.verify(certificate.payload)
    assert (fields.number, fields.name, fields.key_id) == (certificate.number, "王芳", "dev")


def _errors(**kwargs):
    return [
        message.id
        for message in checks.run_checks(tags=["keys"], include_deployment_checks=True)
        if message.id.startswith("assessments.")
    ]


def test_production_refuses_the_development_key(settings):
    settings.CERTIFICATE_SIGNING_KEYS = [signing.DEVELOPMENT_KEY]
    assert "assessments.E022" in _errors()


def test_production_refuses_no_key(settings):
    settings.CERTIFICATE_SIGNING_KEYS = []
    assert "assessments.E021" in _errors()


def test_a_malformed_key_is_an_error(settings):
    settings.CERTIFICATE_SIGNING_KEYS = ["2026a:not-a-key", "no-colon"]
    assert _errors().count("assessments.E020") == 2


def test_a_generated_key_passes_the_checks(settings):
    settings.CERTIFICATE_SIGNING_KEYS = [signing.generate_key_entry("2026a")]
    assert _errors() == []


def test_the_web_server_refuses_to_start_with_the_development_key():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hostsite.settings.production",
        "DJANGO_SECRET_KEY": "s" * 60,
        "REDIS_URL": "redis://127.0.0.1:1/9",
        "PERSONAL_DATA_KEYS": "x8Zb2cVvO1hFQ3oR6m1b0w5m0D2nB8s1kq9YdR2t3uE=",
        "PERSONAL_DATA_HMAC_KEY": "h" * 40,
        "CERTIFICATE_SIGNING_KEYS": signing.DEVELOPMENT_KEY,
    }
    started = subprocess.run(
        [sys.executable, "-c", "import hostsite.wsgi"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "assessments.E022" in started.stderr


def test_the_key_command_prints_a_usable_entry(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("certificate_signing_key", "2027a", stdout=out)
    entry = out.getvalue().split("(secret): ")[1].split()[0]
    settings.CERTIFICATE_SIGNING_KEYS = [entry]
    payload, key_id = signing.sign(FIELDS)
    assert key_id == "2027a" and signing.verify(payload).number == FIELDS.number
