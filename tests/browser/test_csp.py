"""Content-Security-Policy in a real browser: the public pages, the registration form and the
admin's page editor, review and export screens run with the policy on and report no
violation (every inline script of the site carries its nonce or lives in a static file)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def open_and_collect(page: Page, url: str, console: list[str]) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert "Content-Security-Policy" not in " ".join(console)
    seen = page.evaluate("window.__cspViolations")
    header = page.evaluate("document.contentType")
    assert header == "text/html", url
    return seen


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console
    context.close()


def test_public_pages_run_under_the_policy_without_violations(csp_page, school_site_url):
    from occupations.models import OccupationPage
    from tests.forms_app import factories

    occupation = OccupationPage.objects.live().get(title=factories.OCCUPATION)
    period = factories.ExamPeriodFactory(name="2026年第四批")
    form_page = factories.registration_page(occupation=occupation, exam_period=period)
    page, console = csp_page

    from tests.hostsite.factories import publish_announcement

    notice = publish_announcement(title="CSP 测试通知", body="正文。")
    paths = ["/", occupation.url, "/eligibility/", form_page.url, "/applications/status/"]
    paths += ["/search/?q=电子商务", notice.url, notice.get_parent().url]
    for path in paths:
        violations = open_and_collect(page, f"{school_site_url}{path}", console)
        assert violations == [], (path, violations)
    # The site's own scripts ran: the inline one (nonce) marks the page, the files did their work.
    assert page.evaluate("document.documentElement.classList.contains('js')")


def test_the_admin_editor_review_and_export_screens_work_under_the_policy(
    csp_page, school_site_url, live_server
):
    from django.contrib.auth import get_user_model
    from hostsite.models import Job, JobStatus

    from occupations.models import OccupationPage
    from tests.forms_app import factories

    admin = get_user_model().objects.create_superuser("csp-admin", "a@example.cn", "x" * 16)
    occupation = OccupationPage.objects.live().get(title=factories.OCCUPATION)
    period = factories.ExamPeriodFactory(name="2026年第四批")
    application = factories.ApplicationFactory(occupation=occupation, exam_period=period)
    job = Job.objects.create(label="导出报名", owner=admin, status=JobStatus.RUNNING, total=10)
    client = Client()
    client.force_login(admin)
    page, console = csp_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    screens = [
        "/admin/",
        f"/admin/pages/{occupation.pk}/edit/",  # the page editor (go-live date choosers)
        f"/admin/pages/{occupation.get_parent().pk}/",  # the explorer (filters)
        "/admin/applications/",  # 报名审核
        f"/admin/applications/{application.pk}/",
        "/admin/applications-exchange/export/",
        f"/admin/applications-exchange/exports/{job.pk}/",
        "/admin/applications-exchange/import/",
    ]
    for path in screens:
        violations = open_and_collect(page, f"{school_site_url}{path}", console)
        assert "/admin/login/" not in page.url, path
        assert violations == [], (path, violations)

    # The export screen's script (a static file now) polls the job and shows its progress.
    page.goto(f"{school_site_url}/admin/applications-exchange/exports/{job.pk}/")
    job.done, job.message = 5, "已写入 5 行"
    job.save()
    expect(page.locator("[data-percent]")).to_have_text("50%")
