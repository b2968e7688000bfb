"""The public notice: who it lists and how, its period from the calendar (refused for a year
the calendar does not cover), objections filed online and resolved, and the certificates gate."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from hostsite.models import AuditEntry

from assessments.choices import ComponentKind, ObjectionStatus
from assessments.models import Candidate
from assessments.models.calendar import CalendarDay, CalendarYear
from assessments.models.notices import NoticePeriod, Objection
from assessments.selectors.results import (
    mask_name,
    plan_certificate_blockers,
    plan_may_issue_certificates,
)
from assessments.services.results import ResultsRefused, ScoreInput, objection_resolve, scores_enter
from assessments.services.results import notices as notice_services
from tests.assessments.factories import approved_application, exam_plan, exam_staff
from tests.assessments.results.support import notice_for

THEORY, SKILLS = ComponentKind.THEORY, ComponentKind.SKILLS


def scored(plan, name, theory, skills, id_number=None):
    extra = {"id_number": id_number} if id_number else {}
    candidate = Candidate.objects.create(
        plan=plan, application=approved_application(plan, name=name, **extra)
    )
    clerk = get_user_model().objects.filter(username="clerk").first() or exam_staff("clerk")
    scores_enter(
        plan=plan,
        user=clerk,
        cells=[ScoreInput(candidate, THEORY, theory), ScoreInput(candidate, SKILLS, skills)],
    )
    return candidate


@pytest.mark.parametrize(
    "name, masked", [("张三明", "张*明"), ("李四", "李*"), ("欧阳娜娜", "欧**娜"), ("王", "王")]
)
def test_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_the_page_lists_those_who_passed_with_masked_names_and_nothing_personal(
    loaded_site, client
):
    plan = exam_plan()
    passed = scored(plan, "张三明", 80, 75)
    scored(plan, "李不过", 50, 90)
    notice = notice_for(plan)
    page = client.get(notice.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "张*明" in html and "张三明" not in html
    assert "李*过" not in html  # failed: not listed
    assert plan.occupation.title in html and plan.specialty in html and "四级" in html
    assert passed.application.id_number not in html
    assert passed.application.mobile not in html
    period = notice.period
    assert f"{period.ends_on.year}年{period.ends_on.month}月{period.ends_on.day}日" in html
    assert "如何提出异议" in html and "0479-8200000" in html


def test_publishing_in_the_admin_is_refused_until_the_calendar_covers_the_period(
    loaded_site, client, monkeypatch
):
    plan = exam_plan()
    scored(plan, "张三明", 80, 75)
    notice = notice_for(plan, publish=False)
    admin = get_user_model().objects.create_superuser("boss", "b@example.com", "x" * 12)
    client.force_login(admin)
    monkeypatch.setattr(notice_services, "local_today", lambda: date(2026, 12, 28))
    edit = f"/admin/pages/{notice.pk}/edit/"
    data = {
        "title": notice.title,
        "slug": notice.slug,
        "plans": [plan.pk],
        "introduction": notice.introduction,
        "objection_instructions": notice.objection_instructions,
        "objection_contact": notice.objection_contact,
        "action-publish": "publish",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(edit, data, follow=True)
    assert "还没有 2027 年的放假和调休安排" in refused.content.decode()
    notice.refresh_from_db()
    assert not notice.live
    assert not NoticePeriod.objects.filter(notice=notice).exists()

    year = CalendarYear.objects.create(year=2027)
    for day in (1, 2, 3):
        CalendarDay.objects.create(
            calendar_year=year, date=date(2027, 1, day), kind="holiday", name="元旦"
        )
    client.post(edit, data, follow=True)
    notice.refresh_from_db()
    assert notice.live
    assert (notice.period.starts_on, notice.period.ends_on) == (
        date(2026, 12, 28),
        date(2027, 1, 4),
    )


def test_objections_are_filed_during_the_period_with_csrf_honeypot_and_a_rate_limit(
    loaded_site, client, settings
):
    plan = exam_plan()
    scored(plan, "张三明", 80, 75)
    notice = notice_for(plan)
    form = {"name": "王五", "contact": "13900001111", "text": "张*明未参加操作技能考核。"}

    filed = client.post(notice.url, form)
    assert filed.status_code == 302 and "filed=1" in filed["Location"]
    assert Objection.objects.get(notice=notice).text == form["text"]
    assert "您的异议已收到" in client.get(filed["Location"]).content.decode()

    assert client.post(notice.url, {**form, "website": "http://spam"}).status_code == 302
    assert Objection.objects.filter(notice=notice).count() == 1  # the robot's is not kept

    empty = client.post(notice.url, {"name": "", "contact": "", "text": ""})
    assert empty.status_code == 400 and "必需字段" in empty.content.decode()

    settings.ASSESSMENTS_OBJECTION_RATE = (3, 3600)
    assert client.post(notice.url, form).status_code == 429

    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(notice.url, form).status_code == 403


def test_no_objection_after_the_period(loaded_site, client):
    plan = exam_plan()
    notice = notice_for(plan)
    type(notice.period).objects.filter(notice=notice).update(
        starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 9)
    )
    response = client.post(notice.url, {"name": "王五", "contact": "x", "text": "有异议"})
    assert response.status_code == 409
    assert "不在公示期内" in response.content.decode()
    assert not Objection.objects.exists()


def test_certificates_wait_for_the_end_of_the_period_and_resolved_objections(loaded_site):
    plan = exam_plan()
    scored(plan, "张三明", 80, 75)
    assert plan_certificate_blockers(plan) == ["本计划的成绩尚未公示。"]
    notice = notice_for(plan)
    period = notice.period
    assert not plan_may_issue_certificates(plan, today=period.ends_on)
    after = period.ends_on + timedelta(days=1)
    assert plan_may_issue_certificates(plan, today=after)

    objection = Objection.objects.create(notice=notice, name="王五", contact="x", text="有异议")
    assert plan_certificate_blockers(plan, today=after) == [
        f"“{notice.title}”有 1 条异议尚未处理。"
    ]
    clerk = exam_staff("plain-clerk", extra_perms=("assessments.enter_scores",))
    with pytest.raises(ResultsRefused):
        objection_resolve(
            objection=objection, outcome="rejected", resolution="经核实无误", user=clerk
        )
    reviewer = exam_staff("objection-reviewer", extra_perms=("assessments.resolve_objection",))
    with pytest.raises(ResultsRefused, match="处理意见"):
        objection_resolve(objection=objection, outcome="rejected", resolution=" ", user=reviewer)
    objection_resolve(
        objection=objection, outcome="rejected", resolution="经核实无误", user=reviewer
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED and objection.resolved_by == reviewer
    assert plan_may_issue_certificates(plan, today=after)
    assert AuditEntry.objects.filter(action="assessments.objection_resolve").exists()
