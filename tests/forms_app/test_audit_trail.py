"""The audit trail over a whole journey: an applicant submits, staff review, look at full numbers,
search by one, export and import. Every step that touches personal data leaves an entry, and
neither the trail nor the log output holds a full ID number or mobile."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hostsite import audit
from hostsite.models import AuditEntry

from forms_app.audit import (
    EXPORT,
    IMPORT,
    LIST_PERSONAL_DATA,
    SEARCH_ID_NUMBER,
    STATUS_CHANGE,
    VIEW_PERSONAL_DATA,
)
from forms_app.choices import ApplicationStatus
from forms_app.exchange import services as exchange
from forms_app.models import Application
from tests.forms_app.factories import MOBILE, staff_user, valid_id_number
from tests.forms_app.test_support import applicant, make_form_page

IMPORTED_ID = valid_id_number(77)
IMPORTED_MOBILE = "13900139077"


@pytest.fixture(autouse=True)
def _private_storage(private_media):
    """Uploaded lists are kept in a temporary private folder between preview and import."""


def test_a_full_journey_is_recorded_without_a_full_number_anywhere(
    client, occupation, exam_period, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    page = make_form_page(occupation=occupation, exam_period=exam_period)
    submitted = client.post(page.url, applicant(1))
    assert submitted.status_code == 302, submitted.content.decode()[:500]
    application = Application.objects.get()

    manager = staff_user(
        "manager",
        extra_perms=(
            "forms_app.view_personal_data",
            "forms_app.review_application",
            "forms_app.add_application",
        ),
    )
    client.force_login(manager)
    assert valid_id_number(1) in client.get("/admin/applications/").content.decode()
    detail = client.get(f"/admin/applications/{application.pk}/").content.decode()
    assert MOBILE in detail
    found = client.get("/admin/applications/", {"q": valid_id_number(1)})
    assert application.number in found.content.decode()
    decided = client.post(
        f"/admin/applications/{application.pk}/decision/", {"decision": "approved", "reason": ""}
    )
    assert decided.status_code == 302
    exported = client.post(
        "/admin/applications-exchange/export/",
        {
            "columns": list(exchange.DEFAULT_COLUMNS),
            "file_format": "csv",
            "full_personal_data": "on",
        },
    )
    assert valid_id_number(1).encode() in exported.content
    header = "姓名,身份证号码,手机号码,工种,等级\r\n"
    listing = f"{header}王五,{IMPORTED_ID},{IMPORTED_MOBILE},网商,四级\r\n"
    upload = SimpleUploadedFile("名单.csv", listing.encode("utf-8-sig"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the check job runs
        preview = client.post(
            "/admin/applications-exchange/import/", {"form_page": page.pk, "file": upload}
        )
    with django_capture_on_commit_callbacks(execute=True):  # the import job runs
        imported = client.post(preview["Location"], {"confirm": "1"})
    assert imported.status_code == 302
    assert Application.objects.filter(name="王五").exists()

    entries = {entry.action: entry for entry in AuditEntry.objects.order_by("pk")}
    assert {
        LIST_PERSONAL_DATA,
        VIEW_PERSONAL_DATA,
        SEARCH_ID_NUMBER,
        STATUS_CHANGE,
        EXPORT,
        IMPORT,
    } <= set(entries)
    assert entries[VIEW_PERSONAL_DATA].object_id == str(application.pk)
    decision = entries[STATUS_CHANGE]
    assert (decision.actor, decision.object_id) == (manager, str(application.pk))
    assert decision.detail == f"{ApplicationStatus.SUBMITTED} → {ApplicationStatus.APPROVED}"
    export = entries[EXPORT]
    assert (export.actor, export.row_count, export.masked) == (manager, 1, False)
    assert (entries[IMPORT].row_count, entries[IMPORT].masked) == (1, False)

    secrets = [valid_id_number(1), MOBILE, IMPORTED_ID, IMPORTED_MOBILE]
    trail = " ".join(
        " ".join(str(value) for value in row)
        for row in AuditEntry.objects.values_list(
            "actor_label", "object_type", "object_id", "object_label", "detail"
        )
    )
    logged = caplog.text
    assert logged  # the journey logged something (exports, imports, notifications)
    for secret in secrets:
        assert secret not in trail
        assert secret not in logged
    assert audit.action_label(EXPORT) == "导出报名"
