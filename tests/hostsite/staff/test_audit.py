"""The audit trail: hostsite.audit.record (and record_all), append-only rows, 设置 → 审计日志
(listing, export)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from hostsite import audit
from hostsite.models import AppendOnlyError, AuditEntry
from hostsite.redaction import RedactPersonalData
from openpyxl import load_workbook

from tests.hostsite.factories import UserFactory

pytestmark = pytest.mark.django_db

FULL_ID = "152502199001010012"
FULL_MOBILE = "13800138000"


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="chief", is_superuser=True)
    client.force_login(admin)
    client.user = admin
    return client


def test_record_refuses_an_action_nobody_registered():
    with pytest.raises(ValueError, match="Unregistered"):
        audit.record("made_up")


def test_record_masks_full_id_numbers_and_mobiles_wherever_they_appear():
    entry = audit.record(
        audit.LOGIN_FAILED,
        actor_label=FULL_ID,
        object_label=f"申请人 {FULL_MOBILE}",
        detail=f"搜索 {FULL_ID.lower()} 和 +86 {FULL_MOBILE}",
    )
    entry.refresh_from_db()
    stored = " ".join([entry.actor_label, entry.object_label, entry.detail])
    assert FULL_ID not in stored and FULL_MOBILE not in stored
    assert entry.actor_label == "1525**********0012"
    assert "138****8000" in entry.object_label


def test_record_all_appends_several_entries_masked_like_record():
    entries = audit.record_all(
        [
            audit.entry(audit.LOGIN_FAILED, actor_label="mallory", detail=f"证件 {FULL_ID}"),
            audit.entry(audit.LOGIN, actor_label="alice"),
        ]
    )
    stored = list(AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).order_by("pk"))
    assert [e.action for e in stored] == [audit.LOGIN_FAILED, audit.LOGIN]
    assert FULL_ID not in stored[0].detail and "1525**********0012" in stored[0].detail
    with pytest.raises(ValueError, match="Unregistered"):
        audit.entry("made_up")


def test_entries_cannot_be_changed_or_deleted():
    entry = audit.record(audit.LOGIN_FAILED, actor_label="mallory")
    entry.detail = "nothing happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_admin_lists_entries_and_offers_no_way_to_change_them(admin_client):
    entry = audit.record(audit.LOGIN_FAILED, actor_label="mallory", detail="password")
    audit.record(audit.LOGIN, actor_label="alice")
    listing = admin_client.get("/admin/audit/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "审计日志" in page and "mallory" in page and "登录失败" in page
    filtered = admin_client.get("/admin/audit/", {"action": audit.LOGIN}).content.decode()
    assert "alice" in filtered and "mallory" not in filtered
    searched = admin_client.get("/admin/audit/", {"q": "mallory"}).content.decode()
    assert "mallory" in searched and "alice" not in searched
    for url in (
        f"/admin/audit/edit/{entry.pk}/",
        f"/admin/audit/delete/{entry.pk}/",
        f"/admin/audit/inspect/{entry.pk}/",
        "/admin/audit/new/",
    ):
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"detail": "changed"}).status_code == 404
    assert admin_client.post("/admin/audit/", {"detail": "changed"}).status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).detail == "password"
    # Not offered in Django's admin either, nor as a permission to grant.
    codenames = set(
        Permission.objects.filter(
            content_type__app_label="hostsite", codename__endswith="auditentry"
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_auditentry"}


def test_staff_without_the_view_permission_cannot_see_the_trail(client):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get("/admin/audit/").status_code in (302, 403)


def test_export_as_csv_and_xlsx_with_formulas_kept_as_text(admin_client):
    first = audit.record(audit.LOGIN_FAILED, actor_label='=HYPERLINK("http://evil")')
    response = admin_client.get("/admin/audit/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["时间", "操作", "操作人"]
    assert ["登录失败", '\'=HYPERLINK("http://evil")'] == rows[1][1:3]

    response = admin_client.get("/admin/audit/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    attack = next(row for row in rows if row[1] == "登录失败")
    assert attack[2] == '=HYPERLINK("http://evil")'  # a string cell: openpyxl reads it back
    assert attack[0].strftime("%H:%M") == timezone.localtime(first.created_at).strftime("%H:%M")
    # Each export is itself recorded, with the number of rows it held.
    exports = AuditEntry.objects.filter(action=audit.AUDIT_EXPORT).order_by("pk")
    assert [(e.actor_label, e.detail) for e in exports] == [("chief", "csv"), ("chief", "xlsx")]


def test_logins_and_failed_logins_are_recorded_with_the_address(client):
    user = UserFactory(username="editor2")
    user.set_password("a-long-password-2")
    user.save()
    wrong = {"username": "editor2", "password": "wrong"}
    client.post("/admin/login/", wrong, REMOTE_ADDR="10.1.2.3")
    client.post(
        "/admin/login/",
        {"username": "editor2", "password": "a-long-password-2"},
        REMOTE_ADDR="10.1.2.3",
    )
    entries = list(AuditEntry.objects.values_list("action", "actor_label", "ip_address"))
    assert (audit.LOGIN_FAILED, "editor2", "10.1.2.3") in entries
    assert (audit.LOGIN, "editor2", "10.1.2.3") in entries


def test_group_membership_and_permission_changes_are_recorded(admin_client):
    editors = Group.objects.create(name="测试组")
    member = UserFactory(username="member")
    response = admin_client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "username": "member",
            "email": "member@example.cn",
            "first_name": "成员",
            "last_name": "王",
            "is_active": "on",
            "groups": [editors.pk],
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    membership = AuditEntry.objects.get(action=audit.GROUP_MEMBERSHIP)
    assert membership.actor_label == "chief" and membership.object_label == "member"
    assert membership.detail == "+ 测试组"

    member.is_superuser = True
    member.save()
    promoted = AuditEntry.objects.get(action=audit.USER_PERMISSIONS, object_label="member")
    assert (promoted.object_label, promoted.detail) == ("member", "+ superuser")

    editors.permissions.add(Permission.objects.get(codename="view_auditentry"))
    editors.permissions.clear()
    # (Only this group's: loading the school's content grants the staff groups page rights.)
    changes = AuditEntry.objects.filter(
        action=audit.GROUP_PERMISSIONS, object_label="测试组"
    ).order_by("pk")
    assert [c.detail for c in changes] == [
        "+ hostsite.view_auditentry",
        "- hostsite.view_auditentry",
    ]


def test_the_console_log_masks_full_numbers_whoever_logs_them():
    import logging

    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalData) for f in handler.filters)
    ]
    assert handlers, "the console handler carries the filter (settings LOGGING)"
    record = logging.LogRecord(
        "somewhere", logging.WARNING, __file__, 1, "ID %s phone %s", (FULL_ID, FULL_MOBILE), None
    )
    assert handlers[0].filter(record)
    written = handlers[0].format(record)
    assert FULL_ID not in written and FULL_MOBILE not in written
    assert "1525**********0012" in written and "138****8000" in written
