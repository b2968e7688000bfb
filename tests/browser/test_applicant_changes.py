"""On a phone (390×844): a form error keeps the chosen files (已上传：…（可更换）) and the
corrected form submits them; then, from 报名查询, the applicant proves the mobile with the SMS
code, amends the application staff asked to complete, and finally withdraws it.

Screenshots: var/screenshots/registration/changes-*.png."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.journey_support import (
    MOBILE,
    OCCUPATION,
    PHONE,
    SPECIALTY,
    Screenshots,
    assert_no_sideways_scrolling,
    diploma_pdf,
    elements_past_the_right_edge,
    id_photo,
    valid_id_number,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def form_page(school_site_url, settings, tmp_path):
    from occupations.models import OccupationPage
    from tests.forms_app.factories import (
        ExamPeriodFactory,
        field,
        registration_page,
        standard_fields,
    )

    private = tmp_path / "private"
    private.mkdir()
    settings.PRIVATE_MEDIA_ROOT = str(private)
    cache.clear()
    page = registration_page(
        occupation=OccupationPage.objects.get(title=OCCUPATION),
        exam_period=ExamPeriodFactory(name="2026年第四批"),
        fields=standard_fields()
        + [
            field("work_history", "work", "工作经历", section="工作经历"),
            field("photo", "photo", "证件照", section="材料", required=True),
            field("document", "diploma", "毕业证书", section="材料"),
        ],
        slug="apply-changes",
    )
    yield page
    cache.clear()


def check(page) -> None:
    page.wait_for_load_state()
    assert_no_sideways_scrolling(page)
    assert elements_past_the_right_edge(page) == []


def test_files_stay_after_an_error_and_the_applicant_amends_then_withdraws(
    browser, school_site_url, form_page, tmp_path
):
    from forms_app import lifecycle
    from forms_app.models import Application
    from tests.forms_app import factories
    from tests.forms_app.test_support import captured_sms, last_code

    shots = Screenshots("changes")
    photo = id_photo(tmp_path / "证件照.jpg")
    diploma = diploma_pdf(tmp_path / "毕业证书.pdf")
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()

    # 1. The form, one deliberate error: the files stay.
    page.goto(school_site_url + form_page.url)
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("居民身份证号码").fill(valid_id_number(5))
    page.get_by_label("手机号码").fill(MOBILE[:-1])  # one digit short
    page.get_by_label("申报工种与等级").select_option(f"{SPECIALTY}|4")
    page.get_by_label("证件照").set_input_files(photo)
    page.get_by_label("毕业证书").set_input_files(diploma)
    page.locator("#id_consent_privacy").check()
    page.locator("#id_consent_sensitive").check()
    shots.take(page, "form-consent")
    page.get_by_role("button", name="提交报名").click()

    expect(page.locator(".kept-upload")).to_have_text(
        ["已上传：证件照.jpg（可更换）", "已上传：毕业证书.pdf（可更换）"]
    )
    expect(page.locator(".callout-important[role=alert]").first).to_contain_text(
        "已上传的文件已为您保留，无需重新选择"
    )
    check(page)
    page.locator(".kept-upload").first.scroll_into_view_if_needed()
    shots.take(page, "form-error-files-kept")

    # 2. Corrected (and the mobile proven by SMS): the 暂不符合 question at the top, one click.
    page.get_by_label("手机号码").fill(MOBILE)
    with captured_sms() as texts:
        page.get_by_role("button", name="获取验证码").click()
        expect(page.locator("main")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill(last_code(texts))
    page.get_by_role("button", name="提交报名").click()
    confirm = page.get_by_role("button", name="仍要提交，由工作人员审核")
    expect(confirm).to_have_count(1)
    check(page)
    shots.take(page, "form-ineligible-question")
    confirm.click()
    expect(page.locator("h1")).to_have_text("报名已提交")
    application = Application.objects.get()
    assert application.files.count() == 2
    assert application.privacy_notice is not None and application.consented_at is not None

    # 3. Staff ask for more; the applicant looks it up and proves the mobile.
    lifecycle.application_transition(
        application=application,
        to="needs_info",
        actor=factories.staff_user(),
        reason="请补充工作经历",
    )
    page.goto(school_site_url + "/applications/status/")
    page.get_by_label("或：报名号").fill(application.number)
    page.get_by_label("报名时填写的手机号码").fill(MOBILE)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("button", name="补充材料或撤回报名")).to_be_visible()
    check(page)
    shots.take(page, "status-needs-info")
    with captured_sms() as lines:
        page.get_by_role("button", name="补充材料或撤回报名").click()
        expect(page.get_by_label("短信验证码")).to_be_visible()
    shots.take(page, "status-code")
    page.get_by_label("短信验证码").fill(last_code(lines))
    page.get_by_role("button", name="验证手机号码").click()
    expect(page.get_by_role("link", name="补充或修改材料")).to_be_visible()
    check(page)
    shots.take(page, "manage")

    # 4. Amend: the files are shown as uploaded; add the work history and submit.
    page.get_by_role("link", name="补充或修改材料").click()
    expect(page.locator(".kept-upload")).to_have_count(2)
    page.locator("#id_work-0-relation").select_option("same")
    page.locator("#id_work-0-start").fill("2019-03-01")
    check(page)
    shots.take(page, "amend")
    page.get_by_role("button", name="提交修改，重新审核").click()
    expect(page.locator("[role=status]")).to_contain_text("修改已提交")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.events.last().changes == {"answers": ["工作经历"], "files": []}

    # 5. Withdraw.
    page.get_by_label("我确认撤回本次报名").check()
    page.get_by_role("button", name="撤回报名").click()
    expect(page.locator("[role=status]")).to_contain_text("报名已撤回")
    check(page)
    shots.take(page, "withdrawn")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    context.close()
