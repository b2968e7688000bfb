"""Accessibility of the public pages on a phone (390×844), checked by axe-core in the browser.

axe-core 4.14.1 (npm, MPL-2.0) is vendored in tests/browser/vendor/ with its licence, so CI needs
no network. Each page must have no violation of impact "serious" or "critical"; "moderate" and
"minor" findings are printed but do not fail the test.

The site sends a Content-Security-Policy (script-src 'self' + nonce): the context is opened with
``bypass_csp=True`` only so that the test can inject axe; the pages' own scripts still run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.journey_support import PHONE

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_findings(page: Page) -> list[dict]:
    """axe.run() on the page as it is now: one dict per violated rule."""
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            if (!results.passes.length) throw new Error("axe checked nothing");
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )


def dangling_references(page: Page) -> list[str]:
    """aria-describedby / aria-labelledby / aria-controls / label[for] naming an id that is not
    on the page (axe only lists a missing description as "needs review")."""
    return page.evaluate(
        r"""() => {
            const found = [];
            for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
                for (const e of document.querySelectorAll(`[${attr}]`)) {
                    for (const id of e.getAttribute(attr).split(/\s+/).filter(Boolean)) {
                        if (document.getElementById(id)) continue;
                        found.push(`${e.name || e.id} ${attr}=${id}`);
                    }
                }
            }
            for (const label of document.querySelectorAll("label[for]")) {
                if (document.getElementById(label.htmlFor)) continue;
                found.push(`label for=${label.htmlFor}`);
            }
            return found;
        }"""
    )


def assert_accessible(page: Page) -> None:
    findings = axe_findings(page)
    report = "\n".join(
        f"  {f['impact']:>8} {f['id']}: {f['help']} -> {', '.join(f['targets'][:6])}"
        for f in findings
    )
    if report:
        print(f"axe on {page.url}:\n{report}")
    blocking = [f for f in findings if f["impact"] in BLOCKING]
    assert blocking == [], f"axe found serious/critical violations on {page.url}:\n{report}"
    assert dangling_references(page) == [], page.url


def test_home_page(phone, school_site_url):
    phone.goto(f"{school_site_url}/")
    assert_accessible(phone)


def test_the_home_page_with_the_menu_open(phone, school_site_url):
    phone.goto(f"{school_site_url}/")
    phone.get_by_role("button", name="菜单").click()
    assert_accessible(phone)


def test_search_results_and_announcements(phone, school_site_url):
    from tests.hostsite.factories import announcement_index, publish_announcement

    notice = publish_announcement(
        title="关于认定考试安排的通知", summary="考试安排见正文。", body="考试在本校教学楼进行。"
    )
    for path in ("/search/?q=考试安排", "/search/?q=没有这个词", announcement_index().url):
        phone.goto(f"{school_site_url}{path}")
        assert_accessible(phone)
    phone.goto(f"{school_site_url}{notice.url}")
    assert_accessible(phone)


@pytest.mark.plugins("occupations")
def test_occupations_index_and_an_occupation_page(phone, school_site_url):
    from occupations.models import OccupationIndexPage, OccupationPage

    index = OccupationIndexPage.objects.live().first()
    phone.goto(f"{school_site_url}{index.url}")
    assert_accessible(phone)

    occupation = OccupationPage.objects.live().first()
    phone.goto(f"{school_site_url}{occupation.url}")
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(phone)


@pytest.mark.plugins("occupations")
def test_the_eligibility_checker_with_a_result(phone, school_site_url):
    phone.goto(f"{school_site_url}/eligibility/")
    assert_accessible(phone)

    phone.locator("#target").select_option(index=1)
    phone.get_by_role("button", name="开始判断").click()
    phone.locator("#results").wait_for()
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(phone)


@pytest.mark.plugins("occupations", "forms_app")
def test_a_registration_form_and_the_status_lookup(phone, school_site_url, settings, tmp_path):
    from occupations.models import OccupationPage
    from tests.browser.test_registration_journey import journey_fields
    from tests.forms_app.factories import OCCUPATION, ExamPeriodFactory, registration_page

    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    form_page = registration_page(
        occupation=OccupationPage.objects.get(title=OCCUPATION),
        exam_period=ExamPeriodFactory(name="2026年第四批"),
        fields=journey_fields(),
        slug="apply-axe",
    )
    phone.goto(f"{school_site_url}{form_page.url}")
    assert_accessible(phone)
    # The photo and document inputs are described by their hints (size, format), which exist.
    for name in ("photo", "document"):
        upload = phone.locator(f"input[type=file][name={name}]")
        hints = upload.get_attribute("aria-describedby") or ""
        assert hints, f"{name} has no aria-describedby"
        described = " ".join(phone.locator(f"[id='{hint}']").inner_text() for hint in hints.split())
        assert described.strip(), f"{name}: its hints {hints} say nothing"

    # Sent empty: the errors shown beside the fields must be reachable too.
    phone.get_by_role("button", name="提交报名").click()
    phone.wait_for_load_state()
    assert_accessible(phone)

    phone.goto(f"{school_site_url}/applications/status/")
    assert_accessible(phone)
