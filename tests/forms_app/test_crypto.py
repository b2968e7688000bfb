"""Personal data at rest: encrypted columns, keyed hashes, masking, key rotation, and production
refusing to run without keys."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from forms_app import crypto
from forms_app.models import Application
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, applicant, make_form_page, valid_id_number

REPOSITORY = Path(__file__).resolve().parents[2]
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def raw_rows(*columns: str) -> list[tuple]:
    """What the database itself holds, read past the model."""
    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        return cursor.fetchall()


def every_stored_text() -> str:
    """Every value of every table, as text (for "is this anywhere in the database?")."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


# --- at rest ----------------------------------------------------------------------------------


def test_no_id_number_or_mobile_is_stored_in_plain_text(client, occupation, exam_period):
    page = make_form_page(occupation=occupation, exam_period=exam_period)
    assert client.post(page.url, applicant(email="zhangsan@example.com")).status_code == 302
    number, mobile = valid_id_number(0), MOBILE

    [(id_token, mobile_token, id_hash, masked)] = raw_rows(
        "id_number", "mobile", "id_number_hash", "id_number_masked"
    )
    assert number not in id_token and mobile not in mobile_token
    assert crypto.decrypt(id_token) == number and crypto.decrypt(mobile_token) == mobile
    assert id_hash == crypto.lookup_hash(number)
    assert masked == number[:4] + "*" * 10 + number[-4:]
    stored = every_stored_text()
    assert number not in stored
    assert mobile not in stored
    assert number[6:14] + number[14:] not in stored  # not even the birth date and sequence


def test_the_same_value_encrypts_differently_each_time():
    first, second = crypto.encrypt(MOBILE), crypto.encrypt(MOBILE)

    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == MOBILE


def test_lookup_hashes_ignore_case_and_surrounding_spaces():
    number = next(valid_id_number(n) for n in range(100) if valid_id_number(n).endswith("X"))

    assert crypto.lookup_hash(f" {number.lower()} ") == crypto.lookup_hash(number)


def test_the_hash_depends_on_the_secret_key(settings):
    before = crypto.lookup_hash(MOBILE)
    settings.PERSONAL_DATA_HMAC_KEY = "another-secret-key"

    assert crypto.lookup_hash(MOBILE) != before


@pytest.mark.parametrize(
    ("value", "masked"),
    [("152502199001011234", "1525**********1234"), ("1234567", "****")],
)
def test_id_numbers_are_masked_to_region_and_last_four(value, masked):
    assert crypto.mask_id_number(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("13800138000", "138****8000"), ("1380", "****")])
def test_mobile_numbers_are_masked_to_prefix_and_last_four(value, masked):
    assert crypto.mask_mobile(value) == masked


def test_missing_keys_stop_storage_with_a_clear_error(settings):
    settings.PERSONAL_DATA_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEYS is empty"):
        crypto.encrypt(MOBILE)

    settings.PERSONAL_DATA_HMAC_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_HMAC_KEY is not set"):
        crypto.lookup_hash(MOBILE)


# --- rotation -----------------------------------------------------------------------------------


def test_a_new_key_in_front_still_reads_old_data_and_rotate_moves_it(settings):
    settings.PERSONAL_DATA_KEYS = [KEY_A]
    old = crypto.encrypt(MOBILE)

    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    assert crypto.decrypt(old) == MOBILE
    rotated = crypto.rotate(old)
    assert rotated != old

    settings.PERSONAL_DATA_KEYS = [KEY_B]
    assert crypto.decrypt(rotated) == MOBILE
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        crypto.decrypt(old)


def test_new_data_is_encrypted_with_the_newest_key(settings):
    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    token = crypto.encrypt(MOBILE)

    assert Fernet(KEY_B.encode()).decrypt(token.encode()).decode() == MOBILE


def test_the_rotation_command_re_encrypts_every_application_in_batches(
    settings, occupation, exam_period
):
    settings.PERSONAL_DATA_KEYS = [KEY_A]
    applications = [
        factories.ApplicationFactory(
            occupation=occupation, exam_period=exam_period, id_number=valid_id_number(n)
        )
        for n in range(5)
    ]
    before = raw_rows("id_number", "mobile", "id_number_hash", "updated_at")

    settings.PERSONAL_DATA_KEYS = [KEY_B, KEY_A]
    out = io.StringIO()
    call_command("rotate_personal_data", batch_size=2, stdout=out)

    assert "forms_app.Application: 5 rows re-encrypted (id_number, mobile)" in out.getvalue()
    after = raw_rows("id_number", "mobile", "id_number_hash", "updated_at")
    settings.PERSONAL_DATA_KEYS = [KEY_B]  # the old key can go now
    for (old_id, old_mobile, old_hash, old_time), (new_id, new_mobile, new_hash, new_time) in zip(
        before, after, strict=True
    ):
        assert new_id != old_id and new_mobile != old_mobile
        assert Fernet(KEY_B.encode()).decrypt(new_id.encode())
        assert (new_hash, new_time) == (old_hash, old_time)
    stored = Application.objects.order_by("pk")
    assert [a.id_number for a in stored] == [a.id_number for a in applications]
    assert {a.mobile for a in stored} == {MOBILE}


def test_the_rotation_command_on_an_empty_database_reports_zero(db):
    out = io.StringIO()

    call_command("rotate_personal_data", stdout=out)

    assert "forms_app.Application: 0 rows re-encrypted" in out.getvalue()


# --- production settings ------------------------------------------------------------------------


def manage_check(**env: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PERSONAL_DATA_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="hostsite.settings.production",
        DJANGO_SECRET_KEY="s" * 60,
        DJANGO_ALLOWED_HOSTS="skills.example.cn",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"PERSONAL_DATA_HMAC_KEY": "h" * 40},
        {"PERSONAL_DATA_KEYS": KEY_A},
        {"PERSONAL_DATA_KEYS": KEY_A, "PERSONAL_DATA_HMAC_KEY": "too-short"},
    ],
    ids=["no keys", "no encryption key", "no hmac key", "short hmac key"],
)
def test_production_refuses_to_start_without_personal_data_keys(tmp_path, keys):
    run = manage_check(VAR_DIR=str(tmp_path), **keys)

    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr
    assert "Set PERSONAL_DATA_KEYS" in run.stderr


def test_production_starts_with_keys_or_without_the_registration_plugin(tmp_path):
    with_keys = manage_check(
        VAR_DIR=str(tmp_path),
        PERSONAL_DATA_KEYS=f"{KEY_B},{KEY_A}",
        PERSONAL_DATA_HMAC_KEY="h" * 40,
    )
    assert with_keys.returncode == 0, with_keys.stderr

    without_plugin = manage_check(VAR_DIR=str(tmp_path), SITE_PLUGINS="occupations")
    assert without_plugin.returncode == 0, without_plugin.stderr
