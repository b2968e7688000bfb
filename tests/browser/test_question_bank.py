"""The question bank in a browser: a reviewer selects drafts on the list (1280x800) and
approves them in bulk; an invigilator signs the room's 发卷 count on a phone (390x844). No
sideways scrolling on the phone, no Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.journey_support import assert_no_sideways_scrolling, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.plugins("assessments")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def occ(school_site_url):
    from tests.assessments.questions import factories as f
    from tests.support import recreate_staff_groups

    recreate_staff_groups()  # an earlier transactional test emptied the groups
    return f.occupation()


def test_a_reviewer_approves_drafts_in_bulk_from_the_list(
    browser, live_server, school_site_url, occ, screenshots
):
    from assessments.choices import QuestionStatus
    from assessments.models import Question
    from tests.assessments.questions import factories as f

    author, reviewer = f.member("mingti", "命题"), f.member("tiku", "题库管理")
    for i in range(4):
        q = f.question(occ, status=QuestionStatus.DRAFT, stem=f"电子商务第{i + 1}题")
        q.author = reviewer if i == 3 else author
        q.save()
    context, page = signed_in_page(browser, live_server, reviewer, DESKTOP)
    page.goto(school_site_url + reverse("questions:index"))
    assert page.get_by_role("link", name="审核").count() == 4
    page.locator("input[data-bulk-action-select-all-checkbox]").first.check()
    footer = page.locator("[data-bulk-action-footer]")
    footer.get_by_role("link", name="审核通过").wait_for()
    page.wait_for_timeout(500)  # the footer slides in
    page.screenshot(path=screenshots / "question-bulk-review-1280.png")
    footer.get_by_role("link", name="审核通过").click()
    page.get_by_text("将审核通过其中 3 道草稿").wait_for()
    page.screenshot(path=screenshots / "question-bulk-review-confirm-1280.png", full_page=True)
    page.get_by_role("button", name="确认审核通过").click()
    page.get_by_text("已审核通过 3 道试题").wait_for()
    assert "跳过 1 道您本人编写的试题" in page.content()
    assert Question.objects.filter(status=QuestionStatus.REVIEWED).count() == 3
    page.screenshot(path=screenshots / "question-bulk-review-done-1280.png")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    context.close()


def test_an_invigilator_signs_the_paper_count_on_a_phone(
    browser, live_server, school_site_url, occ, screenshots
):
    from django.contrib.auth.models import Group

    from assessments.choices import QuestionKind
    from assessments.models import PaperDistributionSignature, RoomAssignment
    from assessments.services.questions import assembly
    from assessments.services.questions import papers as paper_services
    from tests.assessments import factories as plan_factories
    from tests.assessments.questions import factories as f

    manager = f.member("tiku", "题库管理")
    f.bank(occ, per_kind=4)
    blueprint = f.blueprint(occ, [(QuestionKind.SINGLE, 2, 2), (QuestionKind.TRUE_FALSE, 2, 1)])
    paper = assembly.paper_draw(blueprint=blueprint, actor=manager, seed=7, forms=2)
    plan = plan_factories.exam_plan(rooms=1, occupation=occ, level=f.LEVEL)
    paper = paper_services.paper_seal(paper=paper, plan=plan, actor=manager)
    plan_room = plan.plan_rooms.get()
    users = []
    for name, full in (("jiankao-1", "王老师"), ("jiankao-2", "李老师")):
        user = plan_factories.exam_staff(name, admin_access=False)
        user.first_name = full
        user.save()
        user.groups.add(Group.objects.get(name="监考"))
        RoomAssignment.objects.create(plan_room=plan_room, user=user)
        users.append(user)
    paper_services.distribution_out(
        paper=paper, plan_room=plan_room, form_label="A", copies=30, actor=manager
    )
    context, page = signed_in_page(browser, live_server, users[0], PHONE)
    page.goto(school_site_url + reverse("assessments_my_rooms"))
    page.get_by_role("link", name=plan_room.room.name).first.click()
    button = page.get_by_role("button", name="签字确认：已收到A卷 30 份")
    button.wait_for()
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "paper-sign-before-390.png", full_page=True)
    button.click()
    page.get_by_text("已签字确认：发卷 30 份").wait_for()
    assert PaperDistributionSignature.objects.get().invigilator == users[0]
    assert page.locator(".paper-sign__done").count() == 1
    assert page.locator(".paper-sign__todo").count() == 1  # the other invigilator
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "paper-sign-done-390.png", full_page=True)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    context.close()
