"""The registration issue end to end, in a real browser.

Journey 1, an applicant on a phone (390×844): occupation page → 资格自测 → back → 在线报名 →
a wrong ID check digit is refused in Chinese → fixed → submitted with a photo and a PDF →
报名号 on the confirmation page → 报名查询 finds it.

Journey 2, a reviewer on a desktop (1280×800): admin login → 报名审核 → search by number →
detail → 审核通过 → 导出报名 as CSV → the file holds the number and the masked ID only.

Every page is saved under var/screenshots/registration/ (see journey_support).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.journey_support import (
    CONSENT,
    DESKTOP,
    MOBILE,
    OCCUPATION,
    PHONE,
    SPECIALTY,
    Screenshots,
    Stopwatch,
    assert_no_sideways_scrolling,
    diploma_pdf,
    elements_past_the_right_edge,
    id_photo,
    narrow_inputs,
    small_targets,
    small_text,
    valid_id_number,
    wrong_check_digit,
)
from tests.forms_app.test_support import captured_sms, last_code

pytestmark = [pytest.mark.browser, pytest.mark.plugins("occupations", "forms_app")]

JOURNEY_SECONDS = 60


def journey_fields():
    """姓名, 身份证号, 手机, 申报, 学历, 工作经历, 证件照, 证明材料 (the photo is required)."""
    from tests.forms_app.factories import field

    return [
        field("full_name", "name", "姓名", required=True),
        field("id_number", "id_number", "身份证号", required=True),
        field("mobile", "mobile", "手机", required=True),
        field("target", "target", "申报", required=True),
        field("education", "education", "学历", section="学历与经历"),
        field("work_history", "work", "工作经历", section="学历与经历"),
        field("photo", "photo", "证件照", section="材料", required=True),
        field("document", "document", "证明材料", section="材料"),
    ]


@pytest.fixture
def registration_form(school_site_url, settings, tmp_path):
    """An open 电子商务师 form under the home page; applicants' files in a temporary folder."""
    from occupations.models import OccupationPage
    from tests.forms_app.factories import ExamPeriodFactory, registration_page

    private = tmp_path / "private"
    private.mkdir()
    settings.PRIVATE_MEDIA_ROOT = str(private)
    cache.clear()  # rate limits of earlier tests in this process
    page = registration_page(
        occupation=OccupationPage.objects.get(title=OCCUPATION),
        exam_period=ExamPeriodFactory(name="2026年第四批"),
        fields=journey_fields(),
        slug="apply-ecommerce",
    )
    yield page
    cache.clear()


def check_phone_layout(page: Page) -> None:
    page.wait_for_load_state()  # every stylesheet applied (a click returns before that)
    assert_no_sideways_scrolling(page)
    assert elements_past_the_right_edge(page) == []
    assert small_text(page) == []
    if page.locator("main form").count():
        assert small_targets(page) == []


# --- Journey 1: the applicant ---------------------------------------------------------------


def test_an_applicant_checks_applies_and_follows_the_application_on_a_phone(
    browser, school_site_url, registration_form, tmp_path
):
    from forms_app.models import Application

    clock = Stopwatch()
    shots = Screenshots("applicant")
    photo = id_photo(tmp_path / "证件照.jpg")
    diploma = diploma_pdf(tmp_path / "毕业证书.pdf")
    id_number = valid_id_number(7)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()

    # The occupation page offers the self-check and the open form.
    occupation_url = f"{school_site_url}{registration_form.occupation.url}"
    page.goto(occupation_url)
    expect(page.locator("h1")).to_have_text(OCCUPATION)
    apply_link = page.get_by_role("link", name=f"在线报名：{registration_form.title}")
    expect(apply_link).to_be_visible()
    check_phone_layout(page)
    shots.take(page, "occupation")

    # 资格自测: one period of work in this occupation since 2020 qualifies for 四级.
    page.get_by_role("link", name="资格自测", exact=True).click()
    expect(page.locator("h1")).to_have_text("资格自测")
    check_phone_layout(page)
    expect(page.locator("#target")).to_have_value(f"{OCCUPATION}|{SPECIALTY}")  # from the link
    page.locator("#id_work-0-relation").select_option("same")
    page.locator("#id_work-0-start").fill("2020-03-01")
    shots.take(page, "checker-filled")
    page.get_by_role("button", name="开始判断").click()
    results = page.locator("#results")
    expect(results.locator("h2")).to_contain_text(f"{OCCUPATION} · {SPECIALTY}")
    four = results.locator("article.result").filter(
        has=page.get_by_role("heading", name="四级/中级工")
    )
    expect(four).to_have_class(re.compile(r"\bresult-ok\b"))
    expect(four.locator(".result-headline")).to_contain_text("符合报名条件")
    check_phone_layout(page)
    shots.take(page, "checker-result")

    # Back to the occupation page, then to the form.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(occupation_url)
    apply_link.click()
    expect(page.locator("h1")).to_have_text(registration_form.title)
    check_phone_layout(page)
    assert narrow_inputs(page) == []
    shots.take(page, "form-empty")

    # Every field, with a typo in the ID number's check digit.
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("身份证号").fill(wrong_check_digit(id_number))
    page.locator("#id_mobile").fill(MOBILE)
    # 获取验证码: the code arrives by SMS (the console backend logs it), the button counts down.
    with captured_sms() as texts:
        page.get_by_role("button", name="获取验证码").click()
        expect(page.locator(".sms-code-status")).to_have_text(
            "验证码已发送至138****8000，5分钟内有效。"
        )
    expect(page.locator(".send-code")).to_be_disabled()
    expect(page.locator(".send-code")).to_contain_text("秒后可重新获取")
    code_input = page.get_by_label("短信验证码")
    expect(code_input).to_have_attribute("inputmode", "numeric")
    expect(code_input).to_have_attribute("autocomplete", "one-time-code")
    code_input.fill(last_code(texts))
    page.get_by_label("申报").select_option(f"{SPECIALTY}|4")
    page.locator("#id_education-0-type").select_option("secondary_vocational")
    page.locator("#id_education-0-major").select_option("other")
    page.locator("#id_education-0-graduated").fill("2012-07-01")
    work = page.locator('[data-repeating="work"]')
    work.get_by_role("button", name="添加一行").click()
    expect(work.locator(".repeat-row:visible")).to_have_count(2)
    page.locator("#id_work-0-relation").select_option("related")
    page.locator("#id_work-0-start").fill("2013-09-01")
    page.locator("#id_work-0-end").fill("2019-12-31")
    page.locator("#id_work-0-employer").fill("锡林浩特市某商贸公司")
    page.locator("#id_work-1-relation").select_option("same")
    page.locator("#id_work-1-start").fill("2020-03-01")
    page.locator("#id_work-1-employer").fill("锡林郭勒网店")
    page.get_by_label("证件照").set_input_files(photo)
    page.get_by_label("证明材料").set_input_files(diploma)
    page.locator("#id_consent_privacy").check()
    page.locator("#id_consent_sensitive").check()
    check_phone_layout(page)
    assert narrow_inputs(page) == []
    shots.take(page, "form-filled")

    page.get_by_role("button", name="提交报名").click()
    id_error = page.locator(".field.has-error").filter(has=page.get_by_label("身份证号"))
    expect(id_error.locator(".field-error")).to_have_text(
        "身份证号码校验位不正确，请核对每一位数字（最后一位可能是X）。"
    )
    expect(page.locator(".callout-important[role=alert]")).to_have_text(
        "请修改下面标红的内容后再提交。已上传的文件已为您保留，无需重新选择。"
    )
    # Nothing else is wrong, what was typed is still there and the files are kept.
    expect(page.locator(".kept-upload")).to_have_text(
        [f"已上传：{photo.name}（可更换）", f"已上传：{diploma.name}（可更换）"]
    )
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.get_by_label("姓名")).to_have_value("张三")
    expect(page.locator("#id_work-1-start")).to_have_value("2020-03-01")
    assert Application.objects.count() == 0
    check_phone_layout(page)
    shots.take(page, "form-id-error")

    page.get_by_label("身份证号").fill(id_number)
    page.get_by_role("button", name="提交报名").click()

    # The confirmation page: the application number to keep.
    expect(page.locator("h1")).to_have_text("报名已提交")
    application = Application.objects.get()
    expect(page.locator(".application-number strong")).to_have_text(application.number)
    expect(page.locator("main")).to_contain_text("已提交，待审核")
    assert application.eligible
    assert sorted(application.files.values_list("kind", flat=True)) == ["document", "photo"]
    check_phone_layout(page)
    shots.take(page, "done")

    # 报名查询 with the ID number and the mobile number.
    page.get_by_role("link", name="查询报名进度").click()
    expect(page).to_have_url(f"{school_site_url}/applications/status/")
    check_phone_layout(page)
    assert narrow_inputs(page, "form.status-form") == []
    expect(page.get_by_label("报名时填写的手机号码")).to_have_attribute("inputmode", "tel")
    shots.take(page, "status-empty")
    page.get_by_label("居民身份证号码").fill(id_number)
    page.get_by_label("报名时填写的手机号码").fill(MOBILE)
    page.get_by_role("button", name="查询", exact=True).click()
    found = page.locator(".status-results article.result")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(application.number)
    expect(found.locator("dd strong")).to_have_text("已提交，待审核")
    expect(found).to_contain_text("请等待资格审核")
    check_phone_layout(page)
    shots.take(page, "status-found")

    # The same pages on a desktop, for the screenshots (same session: the confirmation shows).
    desktop = browser.new_context(viewport=DESKTOP, storage_state=context.storage_state())
    wide = desktop.new_page()
    for path, name in [
        (registration_form.url, "form-empty"),
        ("/applications/done/", "done"),
        ("/applications/status/", "status-empty"),
    ]:
        wide.goto(f"{school_site_url}{path}")
        assert_no_sideways_scrolling(wide)
        shots.take(wide, name)
    desktop.close()
    context.close()
    assert clock.seconds < JOURNEY_SECONDS, f"journey took {clock.seconds:.1f} s"


# --- Journey 2: the reviewer ----------------------------------------------------------------


def submitted_application(form_page, tmp_path):
    """An application submitted through the form (photo, PDF, eligible for 四级)."""
    from django.test import Client

    from forms_app.models import Application
    from tests.forms_app.factories import texted_code

    photo = id_photo(tmp_path / "photo.jpg")
    diploma = diploma_pdf(tmp_path / "diploma.pdf")
    id_number = valid_id_number(42)
    with photo.open("rb") as photo_file, diploma.open("rb") as diploma_file:
        response = Client().post(
            form_page.url,
            {
                "name": "李四",
                "id_number": id_number,
                "mobile": MOBILE,
                "target": f"{SPECIALTY}|4",
                "work-0-relation": "same",
                "work-0-start": "2019-05-01",
                "photo": photo_file,
                "document": diploma_file,
                "sms_code": texted_code(MOBILE),
                **CONSENT,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(), id_number


def test_a_reviewer_approves_and_exports_the_application_on_a_desktop(
    browser, school_site_url, registration_form, tmp_path
):
    from django.contrib.auth import get_user_model

    from forms_app.models import Application
    from tests.forms_app.factories import ApplicationFactory

    application, id_number = submitted_application(registration_form, tmp_path)
    other = ApplicationFactory(
        name="王五",
        occupation=registration_form.occupation,
        exam_period=registration_form.exam_period,
        form_page=registration_form,
    )
    get_user_model().objects.create_superuser("reviewer", "reviewer@example.com", "pass-12345!")
    clock = Stopwatch()
    shots = Screenshots("reviewer")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = context.new_page()

    page.goto(f"{school_site_url}/admin/login/")
    shots.take(page, "login")
    page.locator("#id_username").fill("reviewer")
    page.locator("#id_password").fill("pass-12345!")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{school_site_url}/admin/")

    # 报名审核 from the menu, then the application by its number.
    page.get_by_role("link", name="报名审核").click()
    expect(page).to_have_url(re.compile(r"/admin/applications/$"))
    assert_no_sideways_scrolling(page)
    expect(page.locator("main table.listing tbody tr")).to_have_count(2)
    shots.take(page, "review-list")
    search = page.get_by_placeholder("姓名、报名号或完整身份证号")
    search.fill(application.number)
    search.press("Enter")
    row_link = page.get_by_role("link", name=application.number, exact=True)
    expect(page.locator("main table.listing tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name=other.number)).to_have_count(0)
    row = page.locator("main table.listing tbody tr").filter(has=row_link)
    expect(row).to_contain_text("李四")
    expect(row).to_contain_text("已提交，待审核")
    shots.take(page, "review-search")
    row_link.click()

    # The detail page: who, what, the verdict, the photo; then the decision.
    expect(page.locator("main")).to_contain_text(application.number)
    expect(page.locator(".review__id")).to_have_text(id_number)  # a superuser sees it all
    photo = page.locator(".review__photo img")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0  # the private file is served to staff
    expect(page.locator(".review__documents")).to_contain_text("diploma.pdf")
    assert_no_sideways_scrolling(page)
    shots.take(page, "review-detail")

    page.get_by_label("审核意见").fill("材料齐全，符合四级报名条件。")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".messages")).to_contain_text(
        f"报名 {application.number}（李四）已改为“审核通过”"
    )
    expect(page.locator(".review__summary")).to_contain_text("审核通过")
    expect(page.locator(".review__history")).to_contain_text("已提交，待审核 → 审核通过")
    application.refresh_from_db()
    assert application.status == "approved"
    shots.take(page, "review-approved")

    # The reviewer's pages on a phone too (reviewers check on the go).
    phone = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    small = phone.new_page()
    small.goto(page.url)
    expect(small.locator(".review__summary")).to_contain_text("审核通过")
    assert_no_sideways_scrolling(small)
    shots.take(small, "review-detail")
    phone.close()

    # 导出报名 as CSV: the number is there, the ID number only masked.
    page.get_by_role("link", name="导出报名").click()
    expect(page).to_have_url(re.compile(r"/admin/applications-exchange/export/$"))
    expect(page.get_by_role("heading", name="导出报名", level=1)).to_be_visible()
    assert_no_sideways_scrolling(page)
    shots.take(page, "export")
    status = page.get_by_role("group", name="筛选").get_by_label("状态")
    status.select_option(label="审核通过")  # not 王五, still waiting
    page.get_by_label("CSV", exact=False).check()
    export = page.get_by_role("button", name="导出", exact=True)
    expect(export).to_have_text("导出")
    assert export.bounding_box()["height"] < 60  # an icon-sized icon, the label readable
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    export_file = tmp_path / "export.csv"
    download.save_as(export_file)
    rows = list(csv.DictReader(io.StringIO(export_file.read_text(encoding="utf-8-sig"))))
    assert [row["报名号"] for row in rows] == [application.number]
    assert rows[0]["身份证号（脱敏）"] == application.id_number_masked
    assert rows[0]["状态"] == "审核通过"
    assert id_number not in export_file.read_text(encoding="utf-8-sig")
    assert Application.objects.get(pk=application.pk).status == "approved"

    # 导入报名 is one click away (its page is only looked at here).
    page.get_by_role("link", name="导入报名").click()
    expect(page.get_by_role("heading", name="导入报名", level=1)).to_be_visible()
    shots.take(page, "import")
    context.close()
    assert clock.seconds < JOURNEY_SECONDS, f"journey took {clock.seconds:.1f} s"
