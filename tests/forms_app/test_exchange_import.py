"""导入报名: upload, a background check giving the preview with row errors in Chinese, and an
all-or-nothing confirmation run as a background job (tests run tasks immediately, so a job has
finished when the request that started it commits: see ``run``)."""

from __future__ import annotations

import io
import logging
import re

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from forms_app.exchange import services
from forms_app.models import Application, ApplicationEvent
from forms_app.storage import private_storage
from tests.forms_app.exchange_support import exchange_page, id_number, make_application, staff
from tests.forms_app.test_support import SMS_LOGGER, sms_lines

IMPORT_URL = "/admin/applications-exchange/import/"
HEADER = "姓名,身份证号码,手机号码,工种,等级,工作单位\r\n"


@pytest.fixture(autouse=True)
def _private_storage(private_media):
    """Uploaded lists are kept in a temporary private folder between preview and import."""


@pytest.fixture
def form_page(occupation):
    return exchange_page(occupation=occupation)


@pytest.fixture
def importer(db):
    return staff("importer", "add_application", "view_application")


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8-sig", name="名单.csv"):
    return SimpleUploadedFile(
        name,
        (header + "".join(f"{line}\r\n" for line in lines)).encode(encoding),
        content_type="text/csv",
    )


def xlsx_file(rows: list[list], name="名单.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile(name, stream.getvalue())


def post(client, url: str, data: dict):
    """A POST whose on-commit callbacks (the background jobs it starts) run before it returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def followed(client, response):
    """The import's page a POST led to (its jobs have run), or the POST's own answer."""
    if response.status_code == 302 and "/imports/" in response["Location"]:
        return client.get(response["Location"])
    return response


def upload(client, user, page, file):
    client.force_login(user)
    return followed(client, post(client, IMPORT_URL, {"form_page": page.pk, "file": file}))


def confirm(client, preview):
    errors = re.findall(r"<li>([^<]*)</li>", text(preview))[-5:]
    assert 'name="confirm"' in text(preview), ("the preview offers no confirmation", errors)
    return followed(client, post(client, preview.wsgi_request.path, {"confirm": "1"}))


def text(response) -> str:
    return response.content.decode()


def test_the_preview_shows_what_would_be_created_and_writes_nothing(client, importer, form_page):
    first, second = id_number(), id_number()

    response = upload(
        client,
        importer,
        form_page,
        csv_file(
            f"王五,{first},13800138001,网商,四级,某公司",
            f"赵六,{second},13900139002,跨境电子商务师,3,",
        ),
    )

    assert response.status_code == 200
    page = text(response)
    assert "共 2 行，检查通过，确认后将创建 2 条报名" in page
    assert "王五" in page and "赵六" in page and "跨境电子商务师" in page
    assert "四级/中级工" in page and "三级/高级工" in page
    assert first not in page and first[:4] + "**********" + first[-4:] in page  # masked
    assert "138****8001" in page
    assert "工作单位：某公司" in page
    assert "系统按空白资料判断资格" in page
    assert "需要工作人员审核" in page or "暂不符合" in page
    assert Application.with_staged.count() == 0  # nothing written, not even hidden
    assert 'name="confirm"' in page


def test_confirming_creates_every_row_as_an_import_by_the_staff_member(
    client, importer, form_page, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    first, second = id_number(), id_number()
    preview = upload(
        client,
        importer,
        form_page,
        csv_file(
            f"王五,{first},13800138001,网商,四级,某公司", f"赵六,{second},13900139002,网商,3,"
        ),
    )

    response = confirm(client, preview)

    assert response.status_code == 200
    assert "已从 名单.csv 导入 2 条报名" in text(response)
    created = {a.name: a for a in Application.objects.all()}
    assert set(created) == {"王五", "赵六"}
    wang = created["王五"]
    assert wang.number in text(response)
    assert (wang.id_number, wang.mobile, wang.specialty, wang.level) == (
        first,
        "13800138001",
        "网商",
        4,
    )
    assert wang.source == "import" and wang.form_page_id == form_page.pk
    assert wang.answers == {"工作单位": "某公司"}
    assert wang.eligibility["headline"] and not wang.eligible  # nothing known: staff review
    assert created["赵六"].answers == {}
    event = ApplicationEvent.objects.get(application=wang)
    assert event.actor == importer and event.reason == "批量导入：名单.csv"
    assert len(sms_lines(caplog)) == 2  # each applicant is told their application number
    assert not private_storage().listdir("imports")[1]  # the uploaded file is gone


def test_row_errors_are_listed_in_chinese_and_nothing_is_imported(client, importer, form_page):
    good, existing_id = id_number(), id_number()
    existing = make_application(form_page, name="老报名", id_no=existing_id, level=4)
    bad_check_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        f"正常,{good},13800138001,网商,四级,",  # row 2
        f"校验错,{bad_check_digit},13800138002,网商,四级,",  # row 3
        "旧证,152502900101123,13800138003,网商,四级,",  # row 4
        f"手机错,{id_number()},12345,网商,四级,",  # row 5
        f"工种错,{id_number()},13800138005,厨师,四级,",  # row 6
        f"等级错,{id_number()},13800138006,网商,五级,",  # row 7
        f"正常,{good},13800138001,网商,4,",  # row 8: same as row 2
        f"已报,{existing_id},13800138008,网商,四级/中级工,",  # row 9
        ",,,,,",  # row 10: blank, skipped
    ]

    response = upload(client, importer, form_page, csv_file(*rows))

    assert response.status_code == 200
    page = text(response)
    assert "共 8 行，其中 7 行有问题" in page
    assert "整个文件都不会导入" in page
    assert "身份证号码：身份证号码校验位不正确" in page
    assert "15位的旧身份证号码已停止使用" in page
    assert "手机号码：请填写有效的11位中国大陆手机号码" in page
    assert "“厨师”不是本报名表可报的工种，可选：网商、跨境电子商务师" in page
    assert "本报名表的“网商”不可报五级/初级工，可报：" in page
    assert "与第 2 行是同一人、同一工种和等级，重复" in page
    assert f"已有本批次同一职业、工种和等级的有效报名（报名号 {existing.number}" in page
    assert 'name="confirm"' not in page
    assert list(Application.with_staged.values_list("name", flat=True)) == ["老报名"]


def test_a_row_that_fails_at_confirmation_leaves_nothing_written(
    client, importer, form_page, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    first, second = id_number(), id_number()
    preview = upload(
        client,
        importer,
        form_page,
        csv_file(f"王五,{first},13800138001,网商,四级,", f"赵六,{second},13900139002,网商,3,"),
    )
    # Meanwhile 赵六 applies online for the same specialty and level.
    make_application(form_page, name="赵六", id_no=second, specialty="网商", level=3)

    response = confirm(client, preview)

    assert response.status_code == 200
    assert "没有导入任何数据" in text(response)
    assert "有效报名" in text(response)
    assert 'name="confirm"' not in text(response)
    assert list(Application.with_staged.values_list("name", flat=True)) == ["赵六"]
    assert sms_lines(caplog) == []  # nobody is told of an application that does not exist


def test_an_xlsx_list_is_read_with_excel_numbers(client, importer, form_page):
    good = id_number()
    file = xlsx_file(
        [
            ["姓名", "身份证号", "手机号", "工种", "等级", "备注"],
            ["王五", good, 13800138001, "网商", 4, "夜班"],
            ["赵六", 152502199001011234.0, 13900139002.0, "网商", "三级", None],
            [None, None, None, None, None, None],
        ]
    )

    response = upload(client, importer, form_page, file)

    assert response.status_code == 200
    page = text(response)
    assert "共 2 行，其中 1 行有问题" in page
    assert "身份证号码被 Excel 存成了数字，后几位已经丢失" in page
    assert "138****8001" in page and "备注：夜班" in page


def test_a_gb18030_csv_from_chinese_excel_is_read(client, importer, form_page):
    response = upload(
        client,
        importer,
        form_page,
        csv_file(f"王五,{id_number()},13800138001,网商,四级,某公司", encoding="gb18030"),
    )
    assert response.status_code == 200
    assert "王五" in text(response) and "工作单位：某公司" in text(response)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("名单.txt", b"a,b"), "只能上传 CSV 或 XLSX 文件"),
        (SimpleUploadedFile("名单.xlsx", b"PK\x03\x04not a zip"), "文件已损坏"),
        (SimpleUploadedFile("名单.xlsx", b"\x00\x01binary"), "不是有效的 XLSX 表格"),
        (SimpleUploadedFile("名单.csv", b"\x00\x01binary"), "不是 CSV 文本文件"),
        (
            csv_file("王五,13800138001,四级", header="姓名,手机号码,等级\r\n"),
            "缺少必需的列：身份证号码、工种",
        ),
        (csv_file(), "文件中除表头外没有数据"),
        (csv_file("王五,1,2,3,4,5,6,7"), "第 2 行的列数多于表头"),
    ],
)
def test_files_that_are_not_applicant_lists_are_refused(client, importer, form_page, file, message):
    response = upload(client, importer, form_page, file)
    assert response.status_code == 400
    assert message in text(response)


def test_size_and_row_limits(client, importer, form_page, settings):
    settings.FORMS_APP_IMPORT_MAX_ROWS = 2
    rows = [f"王五,{id_number()},13800138001,网商,四级," for _ in range(3)]
    response = upload(client, importer, form_page, csv_file(*rows))
    assert response.status_code == 400
    assert "一次最多导入 2 行，此文件有 3 行" in text(response)

    settings.FORMS_APP_IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("名单.csv", HEADER.encode() + b"x" * (1024 * 1024))
    response = upload(client, importer, form_page, big)
    assert response.status_code == 400
    assert "文件太大（最大 1 MB）" in text(response)


def test_the_maximum_number_of_applications_holds(client, importer, occupation):
    page = exchange_page(occupation=occupation, slug="apply-limited", max_applications=2)
    make_application(page)
    rows = [f"学员{n},{id_number()},1380013800{i},网商,四级," for i, n in enumerate("甲乙")]

    response = upload(client, importer, page, csv_file(*rows))

    assert response.status_code == 200
    assert "共 2 行，其中 1 行有问题" in text(response)
    assert "超出本报名表的报名人数上限（2 人）" in text(response)


def test_an_uploaded_list_belongs_to_its_uploader(client, importer, form_page):
    preview = upload(
        client, importer, form_page, csv_file(f"王五,{id_number()},13800138001,网商,四级,")
    )
    url = preview.wsgi_request.path
    other = staff("other", "add_application")
    client.force_login(other)

    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1"}).status_code == 404
    assert client.post(url[:-3] + "00/", {"confirm": "1"}).status_code == 404
    assert Application.with_staged.count() == 0


def test_staff_without_the_add_permission_cannot_import(client, form_page):
    viewer = staff("viewer", "view_application")
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    file = csv_file(f"王五,{id_number()},13800138001,网商,四级,")
    assert client.post(IMPORT_URL, {"form_page": form_page.pk, "file": file}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.import_applications(
            page=form_page, content=b"", file_name="x.csv", actor=viewer, dry_run=True
        )


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_uploads_need_the_csrf_token(importer, form_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(importer)
    file = csv_file(f"王五,{id_number()},13800138001,网商,四级,")
    assert client.post(IMPORT_URL, {"form_page": form_page.pk, "file": file}).status_code == 403
    assert Application.objects.count() == 0


def test_the_template_lists_the_columns_and_what_the_form_offers(client, importer, form_page):
    client.force_login(importer)

    response = client.get(f"{IMPORT_URL}template/", {"form_page": form_page.pk})

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers == ["姓名", "身份证号码", "手机号码", "工种", "等级"]
    assert book.worksheets[0]["B2"].number_format == "@"  # Excel keeps all 18 characters
    offered = [tuple(c.value for c in row) for row in book.worksheets[1].iter_rows(min_row=2)]
    assert ("网商", "四级/中级工") in offered and ("跨境电子商务师", "一级/高级技师") in offered


FORMULA_NAME = "姓名：姓名不能以 =、+、-、@ 开头（那是表格公式），请填写身份证上的姓名。"


def test_a_name_that_is_a_formula_is_named_so_in_a_csv(client, importer, form_page):
    rows = [
        f"=1+1,{id_number()},13800138001,网商,四级,",
        f"@SUM(A1),{id_number()},13800138002,网商,四级,",
    ]

    response = upload(client, importer, form_page, csv_file(*rows))

    assert response.status_code == 200
    assert text(response).count(FORMULA_NAME) == 2
    assert "请填写姓名" not in text(response)
    assert not Application.objects.exists()


def test_a_formula_cell_in_an_xlsx_is_read_as_its_formula(client, importer, form_page):
    """A formula cell written by a program has no cached result: it used to read as blank
    ("请填写姓名")."""
    header = ["姓名", "身份证号码", "手机号码", "工种", "等级"]
    file = xlsx_file([header, ["=1+1", id_number(), "13800138001", "网商", "四级"]])

    response = upload(client, importer, form_page, file)

    assert response.status_code == 200
    assert FORMULA_NAME in text(response)
    assert "请填写姓名" not in text(response)
