"""PERSONAL_DATA_RETENTION and manage.py apply_retention: three years after its exam period
ends an application keeps only a masked name and what happened to it; its files go."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from forms_app.models import Application, ApplicationFile
from forms_app.retention import mask_name
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, valid_id_number


def application_in_period(occupation, *, ended_days_ago: int, n: int = 0) -> Application:
    period = factories.ExamPeriodFactory(
        name=f"批次{ended_days_ago}-{n}",
        ends_on=timezone.localdate() - timedelta(days=ended_days_ago),
    )
    application = factories.ApplicationFactory(
        occupation=occupation,
        exam_period=period,
        name="欧阳娜娜",
        id_number=valid_id_number(n),
        answers={"employer": "某某网店"},
    )
    ApplicationFile.objects.create(
        application=application,
        field_name="photo",
        kind="photo",
        file=ContentFile(b"jpeg bytes", name="photo.jpg"),
        original_name="photo.jpg",
        content_type="image/jpeg",
        size=10,
    )
    return application


def apply(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_and_recent(occupation, private_media):
    old = application_in_period(occupation, ended_days_ago=3 * 365 + 1, n=1)
    recent = application_in_period(occupation, ended_days_ago=30, n=2)
    return old, recent


def test_after_three_years_an_application_keeps_only_a_masked_name(
    old_and_recent, django_capture_on_commit_callbacks
):
    old, recent = old_and_recent
    old_file = Path(old.files.get().file.path)

    with django_capture_on_commit_callbacks(execute=True):  # files leave storage on commit
        output = apply()

    assert "did anonymise 1" in output
    old.refresh_from_db()
    assert old.name == "欧***"
    assert (old.id_number, old.mobile, old.id_number_masked, old.mobile_masked) == ("", "", "", "")
    assert old.answers == {} and old.anonymised_at is not None
    assert not old.files.exists() and not old_file.exists()
    assert (old.number, old.level, old.status) == (old.number, 4, "submitted")  # history kept
    recent.refresh_from_db()
    assert recent.name == "欧阳娜娜" and recent.id_number == valid_id_number(2)
    assert recent.files.exists()


def test_an_anonymised_application_is_no_longer_found_by_id_number_or_mobile(
    client, old_and_recent
):
    old, _recent = old_and_recent
    apply()
    response = client.post(
        "/applications/status/", {"id_number": valid_id_number(1), "mobile": MOBILE}
    )
    assert old.number not in response.content.decode()


def test_a_dry_run_changes_nothing(old_and_recent):
    old, _recent = old_and_recent
    output = apply("--dry-run")
    assert "would anonymise 1" in output and "would delete 1" in output
    old.refresh_from_db()
    assert old.name == "欧阳娜娜" and old.files.exists()


def test_files_may_be_kept_shorter_than_applications(old_and_recent, settings):
    settings.PERSONAL_DATA_RETENTION = {"files": 7, "applications": 3 * 365}
    old, recent = old_and_recent

    apply()

    recent.refresh_from_db()
    assert not recent.files.exists()  # 30 days after its period: files gone
    assert recent.name == "欧阳娜娜" and recent.anonymised_at is None


@pytest.mark.parametrize(("name", "masked"), [("张三", "张*"), ("李", "李*"), ("", "")])
def test_names_are_masked_to_their_first_character(name, masked):
    assert mask_name(name) == masked
