"""Enrolment from approved applications, and the lifecycle veto once a candidate has a seat."""

import pytest

from assessments.choices import CandidateStatus, SeatAction
from assessments.models import Candidate
from assessments.services import plans
from assessments.services.plans import PlanRefused
from forms_app.choices import ApplicationStatus
from forms_app.errors import TransitionVetoed
from forms_app.lifecycle import application_transition
from tests.assessments.factories import (
    approved_application,
    exam_plan,
    exam_staff,
)
from tests.forms_app.factories import ApplicationFactory, registration_page

pytestmark = pytest.mark.usefixtures("loaded_site")


def application(plan, status, **overrides):
    values = {
        "exam_period": plan.exam_period,
        "occupation": plan.occupation,
        "specialty": plan.specialty,
        "specialty_slug": plan.specialty_slug,
        "level": plan.level,
        "status": status,
        **overrides,
    }
    return ApplicationFactory(**values)


def test_enrolment_from_the_plans_forms_takes_only_its_approved_applications():
    plan = exam_plan()
    form = registration_page(occupation=plan.occupation, exam_period=plan.exam_period)
    other_form = registration_page(
        occupation=plan.occupation, exam_period=plan.exam_period, slug="apply-2"
    )
    plan.forms.set([form])
    approved = [application(plan, "approved", form_page=form) for _n in range(3)]
    for status in ("submitted", "rejected", "withdrawn", "needs_info"):
        application(plan, status, form_page=form)
    application(plan, "approved", form_page=form, level=3)  # another level
    application(plan, "approved", form_page=other_form)  # a form the plan does not take

    result = plans.candidates_enrol_from_forms(plan=plan)

    assert sorted(c.application_id for c in result.enrolled) == sorted(a.pk for a in approved)
    assert plans.candidates_enrol_from_forms(plan=plan).enrolled == []  # nothing twice


def test_manual_enrolment_refuses_a_rejected_or_withdrawn_application():
    plan = exam_plan()
    for status, label in (("rejected", "审核未通过"), ("withdrawn", "已撤回")):
        with pytest.raises(PlanRefused, match=f"状态为“{label}”"):
            plans.candidate_enrol(plan=plan, application=application(plan, status))
    assert not plan.candidates.exists()


def test_bulk_enrolment_says_why_each_skipped_application_was_skipped():
    plan, other = exam_plan(), exam_plan()
    good = approved_application(plan)
    elsewhere = approved_application(plan)
    Candidate.objects.create(plan=other, application=elsewhere)
    wrong_level = application(plan, "approved", level=5)

    result = plans.candidates_enrol(plan=plan, applications=[good, elsewhere, wrong_level])

    assert [c.application for c in result.enrolled] == [good]
    assert f"已编入考试计划 {other.code}" in result.skipped[elsewhere.number]
    assert "与本计划不符" in result.skipped[wrong_level.number]


def test_employer_and_training_class_come_from_the_answers():
    plan = exam_plan()
    app = approved_application(
        plan, answers={"gong_zuo_dan_wei": "锡林郭勒电商公司", "pei_xun_ban": "2026春季班"}
    )

    candidate = plans.candidate_enrol(plan=plan, application=app)

    assert (candidate.employer, candidate.training_class) == ("锡林郭勒电商公司", "2026春季班")


def test_a_seated_candidate_keeps_the_approval_until_staff_release_the_seat():
    plan = exam_plan()
    staff = exam_staff("kaowu")
    candidate = plans.candidate_enrol(plan=plan, application=approved_application(plan))
    plans.plan_seat(plan=plan)

    with pytest.raises(TransitionVetoed, match="已在考试计划.*安排座位"):
        application_transition(
            application=candidate.application, to="rejected", actor=staff, reason="材料不实"
        )
    candidate.application.refresh_from_db()
    assert candidate.application.status == ApplicationStatus.APPROVED

    with pytest.raises(PlanRefused, match="请填写释放座位的原因"):
        plans.candidate_release(candidate=candidate, actor=staff, reason=" ")
    plans.candidate_release(candidate=candidate, actor=staff, reason="学历证书造假")
    application_transition(
        application=candidate.application, to="rejected", actor=staff, reason="材料不实"
    )

    candidate.refresh_from_db()
    assert (candidate.status, candidate.seat, candidate.ticket_number) == ("released", None, None)
    log = candidate.seat_log.get(action=SeatAction.RELEASED)
    assert (log.reason, log.actor) == ("学历证书造假", staff)


def test_an_unseated_candidate_leaves_the_plan_when_the_application_is_rejected(
    django_capture_on_commit_callbacks,
):
    plan = exam_plan()
    candidate = plans.candidate_enrol(plan=plan, application=approved_application(plan))

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=candidate.application,
            to="rejected",
            actor=exam_staff("kaowu"),
            reason="不符合条件",
        )

    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.RELEASED
    assert "审核未通过" in candidate.released_reason


def test_an_application_approved_later_joins_the_open_plan_of_its_form(
    django_capture_on_commit_callbacks,
):
    plan = exam_plan()
    form = registration_page(occupation=plan.occupation, exam_period=plan.exam_period)
    plan.forms.set([form])
    waiting = application(plan, "submitted", form_page=form)
    elsewhere = application(plan, "submitted")  # from no form of the plan

    with django_capture_on_commit_callbacks(execute=True):
        for app in (waiting, elsewhere):
            application_transition(application=app, to="approved", actor=exam_staff(app.number))

    assert [c.application for c in plan.candidates.all()] == [waiting]
