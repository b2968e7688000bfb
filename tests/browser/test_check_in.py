"""An invigilator checks candidates in on a phone (390x844): the ticket's QR code opens the
check-in page with the application photo, one tap marks the candidate present, the room page
counts present and absent; the clerk's seat map at 1280x800. No sideways scrolling on the
phone, no Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.journey_support import assert_no_sideways_scrolling, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.plugins("assessments")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def plan(school_site_url):
    from tests.assessments.factories import sealed_plan
    from tests.support import recreate_staff_groups

    recreate_staff_groups()  # an earlier transactional test emptied the groups
    return sealed_plan(rooms=2, per_room=6, names=["乌云其木格", "张三", "王𠀀明"])


def _member(name: str, group: str):
    from django.contrib.auth.models import Group

    from tests.assessments.factories import exam_staff

    user = exam_staff(name, admin_access=False)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_an_invigilator_checks_a_candidate_in_on_a_phone(
    browser, live_server, school_site_url, plan, screenshots
):
    from assessments.models import CheckIn, RoomAssignment
    from assessments.selectors import documents as selectors

    plan_room = plan.plan_rooms.get(number=1)
    user = _member("jiankao-phone", "监考")
    RoomAssignment.objects.create(plan_room=plan_room, user=user)
    candidate = selectors.room_candidates(plan_room=plan_room).first()
    context, page = signed_in_page(browser, live_server, user, PHONE)

    page.goto(school_site_url + reverse("assessments_check_in", args=[candidate.token]))
    page.get_by_text("尚未签到").wait_for()
    photo = page.get_by_role("img", name="报名照片")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "乌云其木格" in page.content()
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "check-in-390.png", full_page=True)

    page.get_by_role("button", name="核对无误，确认入场").click()
    page.get_by_text("已签到：乌云其木格").wait_for()
    assert "已到 1 人，未到 5 人" in page.inner_text(".room-count")
    page.screenshot(path=screenshots / "check-in-done-390.png", full_page=True)
    page.get_by_role("button", name="再次确认签到").click()
    page.get_by_text("无需重复签到").wait_for()
    assert CheckIn.objects.filter(candidate=candidate).count() == 1

    page.get_by_role("link", name=plan_room.room.name).click()
    page.locator("#room-count [data-present]").wait_for()
    assert page.inner_text("#room-count [data-present]") == "1"
    assert page.locator("tr.is-absent").count() == 5
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "check-in-room-390.png", full_page=True)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    context.close()


def test_the_clerk_sees_the_seat_map_and_the_unprintable_name(
    browser, live_server, school_site_url, plan, screenshots
):
    user = _member("kaowu-desk", "考务")
    plan_room = plan.plan_rooms.get(number=1)
    context, page = signed_in_page(browser, live_server, user, DESKTOP)
    page.goto(school_site_url + reverse("assessments_plan_documents", args=[plan.pk]))
    page.get_by_text("U+20000").wait_for()
    page.screenshot(path=screenshots / "documents-1280.png", full_page=True)
    page.goto(school_site_url + reverse("assessments_seat_map", args=[plan_room.pk]))
    assert page.locator(".seat-map .seat--taken").count() == 6
    page.screenshot(path=screenshots / "seat-map-1280.png", full_page=True)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    context.close()
