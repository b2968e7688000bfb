"""A registration form with 学历/工作经历/证书/培训 rows and uploads, on a 390 px phone."""

import pytest
from playwright.sync_api import Page, expect

from tests.forms_app.test_support import captured_sms, last_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.plugins("occupations", "forms_app"),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def form_url(school_site_url) -> str:
    from occupations.models import OccupationPage
    from tests.forms_app.factories import (
        ExamPeriodFactory,
        profile_fields,
        registration_page,
        standard_fields,
    )

    page = registration_page(
        occupation=OccupationPage.objects.get(title="电子商务师"),
        exam_period=ExamPeriodFactory(name="2026年第四批"),
        fields=standard_fields() + profile_fields(),
    )
    return f"{school_site_url}{page.url}"


def elements_wider_than_the_screen(page: Page) -> list[str]:
    """Elements reaching past the right edge (body's overflow-x: hidden would hide them)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("main *"))
            .filter(e => e.getClientRects().length
                         && e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => e.outerHTML.slice(0, 80))"""
    )


def test_rows_fit_a_phone_with_and_without_javascript(browser, form_url, screenshots):
    for javascript in (False, True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(form_url)
        assert elements_wider_than_the_screen(page) == []
        work_rows = page.locator('[data-repeating="work"] .repeat-row')
        if not javascript:
            expect(work_rows).to_have_count(3)
            expect(page.get_by_role("button", name="添加一行")).to_have_count(0)
        page.screenshot(path=screenshots / f"registration-rows-js-{javascript}.png", full_page=True)
        context.close()


def test_an_applicant_adds_work_rows_and_qualifies(browser, form_url):
    from forms_app.models import Application
    from tests.forms_app.factories import valid_id_number

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(form_url)
    work = page.locator('[data-repeating="work"]')
    add = work.get_by_role("button", name="添加一行")
    visible_rows = work.locator(".repeat-row:visible")
    expect(visible_rows).to_have_count(1)  # one blank row until the applicant asks for more

    for count in range(2, 21):
        add.click()
        expect(visible_rows).to_have_count(count)
    expect(add).to_be_hidden()  # twenty rows at most (occupations.profile.MAX_ROWS)
    assert elements_wider_than_the_screen(page) == []
    expect(work.locator(".repeat-row").last.locator("legend")).to_have_text("第20行")

    page.get_by_label("姓名").fill("张三")
    page.get_by_label("居民身份证号码").fill(valid_id_number(3))
    page.get_by_label("手机号码").fill("13800138000")
    with captured_sms() as texts:
        page.get_by_role("button", name="获取验证码").click()
        expect(page.locator(".sms-code-status")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill(last_code(texts))
    page.get_by_label("申报工种与等级").select_option("网商|4")
    page.locator("#id_work-0-relation").select_option("same")
    page.locator("#id_work-0-start").fill("2020-03-01")
    page.locator("#id_consent_privacy").check()
    page.locator("#id_consent_sensitive").check()
    page.get_by_role("button", name="提交报名").click()

    expect(page.locator("h1")).to_have_text("报名已提交")
    application = Application.objects.get()
    assert application.eligible
    assert application.answers["work"] == [
        {"relation": "same", "start": "2020-03-01", "end": None, "employer": ""}
    ]
    context.close()
