"""An applicant follows their application on a phone (390x844) once the ticket is out: 下载准考证
is a full-width button a thumb hits, the next step says the ticket is ready, the page does not
scroll sideways and the link gives the PDF."""

from __future__ import annotations

import pytest

from tests.browser.journey_support import assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.plugins("assessments")]

PHONE = {"width": 390, "height": 844}


def test_the_ticket_is_a_big_button_on_the_phone_status_page(browser, school_site_url, screenshots):
    from tests.assessments.factories import sealed_plan
    from tests.forms_app.test_support import MOBILE
    from tests.support import recreate_staff_groups

    recreate_staff_groups()
    candidate = sealed_plan(per_room=1, names=["乌云其木格"], photos=False).candidates.get()
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()

    page.goto(school_site_url + "/applications/status/")
    page.get_by_label("或：报名号").fill(candidate.application.number)
    page.get_by_label("报名时填写的手机号码").fill(MOBILE)
    page.get_by_role("button", name="查询").click()
    button = page.get_by_role("link", name="下载准考证")
    button.wait_for()

    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300, box  # a touch target, not a bullet
    assert "准考证已可下载" in page.inner_text(".status-results")
    assert "请留意考试安排和准考证打印通知" not in page.inner_text(".status-results")
    assert_no_sideways_scrolling(page)
    button.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "status-ticket-390.png", full_page=True)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()
