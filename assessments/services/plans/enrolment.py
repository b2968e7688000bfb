"""Enrolment: approved applications become a plan's candidates (manually, in bulk, or from the
plan's registration forms through forms_app's approved-applications selector); withdrawn and
rejected applications never do. A seated candidate keeps the application's approval (the veto
below) until staff release the seat with a reason (``candidate_release``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import CandidateStatus, SeatAction
from assessments.models import Candidate, ExamPlan, SeatLog
from assessments.services.plans.config import plan_setting
from assessments.services.plans.errors import PlanRefused
from assessments.services.plans.rules import ensure_seating_open
from forms_app import selectors as forms_selectors
from forms_app.choices import ApplicationStatus
from forms_app.lifecycle import StatusChange
from forms_app.models import Application


@dataclass
class EnrolmentResult:
    enrolled: list[Candidate] = field(default_factory=list)
    #: application number → why it was not enrolled (Chinese)
    skipped: dict[str, str] = field(default_factory=dict)


def _answer_text(answers: dict, keys) -> str:
    """The first non-empty answer under one of ``keys``; in a list of rows (work history,
    training), the last row's value."""
    for key in keys:
        value = (answers or {}).get(key)
        if isinstance(value, list) and value and isinstance(value[-1], dict):
            value = next((value[-1].get(k) for k in keys if value[-1].get(k)), "")
        if isinstance(value, str) and value.strip():
            return value.strip()[:100]
    return ""


def _mismatch(plan: ExamPlan, application: Application) -> str | None:
    """Why ``application`` cannot be enrolled in ``plan`` (Chinese), or None."""
    if application.status != ApplicationStatus.APPROVED:
        return _("报名 %(number)s 的状态为“%(status)s”，只有审核通过的报名可以编入考试计划。") % {
            "number": application.number,
            "status": application.get_status_display(),
        }
    if (
        application.exam_period_id != plan.exam_period_id
        or application.occupation_id != plan.occupation_id
        or application.specialty_slug != plan.specialty_slug
        or application.level != plan.level
    ):
        return _("报名 %(number)s 的批次、职业、工种或等级与本计划不符。") % {
            "number": application.number
        }
    return None


def _new_candidate(plan: ExamPlan, application: Application, actor, **details) -> Candidate:
    answers = application.answers or {}
    details.setdefault(
        "employer", _answer_text(answers, plan_setting("ASSESSMENTS_EMPLOYER_ANSWER_KEYS"))
    )
    details.setdefault(
        "training_class",
        _answer_text(answers, plan_setting("ASSESSMENTS_TRAINING_CLASS_ANSWER_KEYS")),
    )
    return Candidate(plan=plan, application=application, enrolled_by=actor, **details)


def candidates_enrol(
    *, plan: ExamPlan, applications, actor=None, details: dict | None = None
) -> EnrolmentResult:
    """Enrol ``applications`` (rows or ids) in the plan, in one transaction: each approved one
    matching the plan and not yet enrolled becomes a candidate; the others are skipped with the
    reason. Rows are locked, so an application un-approved meanwhile is not enrolled."""
    ids = [getattr(a, "pk", a) for a in applications]
    result = EnrolmentResult()
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        ensure_seating_open(plan)
        locked = Application.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        taken = dict(
            Candidate.objects.filter(
                application_id__in=ids, status=CandidateStatus.ENROLLED
            ).values_list("application_id", "plan__code")
        )
        new = []
        for application in locked:
            reason = _mismatch(plan, application)
            if reason is None and application.pk in taken:
                reason = _("报名 %(number)s 已编入考试计划 %(code)s。") % {
                    "number": application.number,
                    "code": taken[application.pk],
                }
            if reason:
                result.skipped[application.number] = reason
                continue
            new.append(_new_candidate(plan, application, actor, **(details or {})))
        try:
            with transaction.atomic():
                result.enrolled = Candidate.objects.bulk_create(new)
        except IntegrityError as error:  # enrolled by a parallel request just now
            raise PlanRefused(_("有报名刚刚被其他操作编入考试计划，请刷新后重试。")) from error
        if result.enrolled:
            audit.record(
                "assessments.enrol",
                actor=actor,
                target=plan,
                row_count=len(result.enrolled),
            )
    return result


def candidate_enrol(*, plan: ExamPlan, application: Application, actor=None, **details):
    """Enrol one application (manual enrolment); PlanRefused with the reason otherwise."""
    result = candidates_enrol(plan=plan, applications=[application], actor=actor, details=details)
    if not result.enrolled:
        raise PlanRefused(next(iter(result.skipped.values()), _("该报名不存在。")))
    return result.enrolled[0]


def plan_enrolable_applications(plan: ExamPlan):
    """Approved applications matching the plan (from its forms, when it names any), not yet
    enrolled anywhere: forms_app's approved-applications selector."""
    queryset = forms_selectors.approved_applications(
        exam_period=plan.exam_period_id,
        occupation=plan.occupation_id,
        specialty_slug=plan.specialty_slug,
        level=plan.level,
    )
    form_ids = list(plan.forms.values_list("pk", flat=True))
    if form_ids:
        queryset = queryset.filter(form_page_id__in=form_ids)
    enrolled = Candidate.objects.filter(status=CandidateStatus.ENROLLED)
    return queryset.exclude(pk__in=enrolled.values("application_id"))


def candidates_enrol_from_forms(*, plan: ExamPlan, actor=None) -> EnrolmentResult:
    """Enrol every approved application of the plan's forms (its batch and target)."""
    ids = list(plan_enrolable_applications(plan).values_list("pk", flat=True))
    return candidates_enrol(plan=plan, applications=ids, actor=actor)


def candidate_update(
    *,
    candidate: Candidate,
    actor=None,
    employer=None,
    training_class=None,
    accessibility_needs=None,
) -> Candidate:
    """Change what seating takes into account (before the plan is sealed)."""
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update().select_related("plan").get(pk=candidate.pk)
        )
        ensure_seating_open(candidate.plan)
        for name, value in (
            ("employer", employer),
            ("training_class", training_class),
            ("accessibility_needs", accessibility_needs),
        ):
            if value is not None:
                setattr(candidate, name, value.strip())
        candidate.save()
    return candidate


def candidate_release(*, candidate: Candidate, actor, reason: str) -> Candidate:
    """Staff take a candidate out of the plan (also after sealing): the seat and ticket number
    are freed, and why is logged. Afterwards the application may be un-approved."""
    reason = (reason or "").strip()
    if not reason:
        raise PlanRefused(_("请填写释放座位的原因。"))
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update()
            .select_related("plan", "application")
            .get(pk=candidate.pk)
        )
        if candidate.status == CandidateStatus.RELEASED:
            raise PlanRefused(_("该考生已退出考试计划。"))
        SeatLog.objects.create(
            plan=candidate.plan,
            candidate=candidate,
            action=SeatAction.RELEASED,
            from_room_id=candidate.room_id,
            from_seat=candidate.seat,
            ticket_number=candidate.ticket_number or "",
            actor=actor,
            actor_label=actor.get_username() if actor else "",
            reason=reason,
        )
        candidate.room = None
        candidate.seat = None
        candidate.ticket_number = None
        candidate.status = CandidateStatus.RELEASED
        candidate.released_reason = reason
        candidate.save()
        audit.record(
            "assessments.seat_release",
            actor=actor,
            target=candidate.plan,
            object_label=candidate.application.number,
            detail=reason,
        )
    return candidate


# --- forms_app's lifecycle seams (registered in AssessmentsConfig.ready) ----------------------


def seated_candidates_keep_their_approval(change: StatusChange) -> str | None:
    """Veto: an approved application whose candidate has a seat keeps its approval."""
    if change.from_status != ApplicationStatus.APPROVED:
        return None
    seated = (
        Candidate.objects.filter(
            application_id=change.application.pk,
            status=CandidateStatus.ENROLLED,
            seat__isnull=False,
        )
        .select_related("plan")
        .first()
    )
    if seated is None:
        return None
    return _(
        "该考生已在考试计划“%(plan)s”安排座位（准考证号 %(ticket)s），"
        "请先由考务人员在考试计划中释放座位并说明原因。"
    ) % {"plan": seated.plan, "ticket": seated.ticket_number or "—"}


def release_unseated_on_status_change(sender, *, application, change, **kwargs) -> None:
    """Receiver of forms_app's status_changed: an application no longer approved leaves the
    plans where it waits for a seat."""
    if change.to_status == ApplicationStatus.APPROVED:
        return
    waiting = Candidate.objects.filter(
        application_id=application.pk, status=CandidateStatus.ENROLLED, seat__isnull=True
    )
    reason = _("报名状态变为“%(status)s”") % {"status": ApplicationStatus(change.to_status).label}
    with transaction.atomic():
        for candidate in waiting.select_for_update():
            SeatLog.objects.create(
                plan_id=candidate.plan_id,
                candidate=candidate,
                action=SeatAction.RELEASED,
                actor_label=_("系统"),
                reason=reason,
            )
            candidate.status = CandidateStatus.RELEASED
            candidate.released_reason = reason
            candidate.save(update_fields=["status", "released_reason"])


def enrol_on_approval(sender, *, application, change, **kwargs) -> None:
    """Receiver of forms_app's status_changed: an approved application joins the (draft or open)
    plan that takes its registration form and target, the oldest first; nothing happens when no
    plan takes it or it is already enrolled."""
    if change.to_status != ApplicationStatus.APPROVED or not application.form_page_id:
        return
    plan = (
        ExamPlan.objects.filter(
            forms=application.form_page_id,
            exam_period_id=application.exam_period_id,
            occupation_id=application.occupation_id,
            specialty_slug=application.specialty_slug,
            level=application.level,
            status__in=("draft", "open"),
        )
        .order_by("created_at", "pk")
        .first()
    )
    if plan is None:
        return
    try:
        candidates_enrol(plan=plan, applications=[application.pk], actor=change.actor)
    except PlanRefused:  # sealed or enrolled meanwhile: staff enrol by hand
        return
