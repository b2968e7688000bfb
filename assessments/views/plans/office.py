"""A plan's 考务 page (/admin/exam-office/<pk>/): what the plan holds and what still stops it
from being sealed, and one POST endpoint per action. Actions are a registry (name → permission,
form, handler); each handler calls one service. A refusal re-renders the page with the Chinese
reason and status 409; success redirects back with a message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from hostsite.models import Job
from hostsite.services import job_fail_if_stale

from assessments.choices import PLAN_TRANSITIONS, REVIEW_LEVELS, PlanStatus
from assessments.models import ExamPlan, RoomAssignment
from assessments.services import plans
from assessments.services.plans import PlanRefused
from assessments.services.plans.tasks import plan_seating_start
from assessments.views.plans import forms
from forms_app.models import Application

VIEW = "assessments.view_examplan"
CHANGE = "assessments.change_examplan"
SEAT = "assessments.seat_candidates"
SEAL = "assessments.seal_plan"
RELEASE = "assessments.release_seat"
CANDIDATES_SHOWN = 200


@dataclass(frozen=True)
class Action:
    permission: str
    form: type
    run: Callable  # (request, plan, cleaned_data) -> success message or HttpResponse
    plan_form: bool = False  # the form takes the plan


ACTIONS: dict[str, Action] = {}


def action(name: str, permission: str, form: type, *, plan_form: bool = False):
    def register(run: Callable) -> Callable:
        ACTIONS[name] = Action(permission, form, run, plan_form)
        return run

    return register


def _plan(pk: int) -> ExamPlan:
    return get_object_or_404(ExamPlan.objects.select_related("exam_period", "occupation"), pk=pk)


def _context(request: HttpRequest, plan: ExamPlan, bound: dict | None = None) -> dict:
    user = request.user
    rooms = (
        plan.plan_rooms.select_related("room", "room__venue")
        .annotate(
            seated=Count(
                "room__candidates",
                filter=Q(room__candidates__plan=plan, room__candidates__seat__isnull=False),
            )
        )
        .order_by("number")
    )
    staff = RoomAssignment.objects.filter(plan_room__plan=plan).select_related("user")
    by_room: dict[int, list] = {}
    for assignment in staff:
        by_room.setdefault(assignment.plan_room_id, []).append(assignment)
    candidates = plan.candidates.select_related("application", "room").order_by(
        "status", "ticket_number", "pk"
    )
    forms_ = {
        name: (
            (bound or {}).get(name) or (entry.form(plan=plan) if entry.plan_form else entry.form())
        )
        for name, entry in ACTIONS.items()
        if entry.form is not forms.StatusForm
    }
    return {
        "plan": plan,
        "header_title": plan.title,
        "components": plan.components.select_related("venue").order_by("date", "start"),
        "rooms": [(r, by_room.get(r.pk, [])) for r in rooms],
        "panel": plan.review_panel.select_related("user") if plan.level in REVIEW_LEVELS else None,
        "candidates": candidates[:CANDIDATES_SHOWN],
        "candidate_count": candidates.count(),
        "unseated": plan.candidates.filter(status="enrolled", seat__isnull=True).count(),
        "enrolable": plans.plan_enrolable_applications(plan).count(),
        "seal_problems": plans.seal_problems(plan) if plan.status == PlanStatus.OPEN else [],
        "transitions": [PlanStatus(s) for s in PLAN_TRANSITIONS[PlanStatus(plan.status)]],
        "log": plan.seat_log.select_related("candidate__application", "to_room")[:20],
        "forms": forms_,
        "can": {
            "change": user.has_perm(CHANGE),
            "seat": user.has_perm(SEAT),
            "seal": user.has_perm(SEAL),
            "release": user.has_perm(RELEASE),
        },
        "edit_url": reverse("exam_plans:edit", args=[plan.pk]),
    }


def plan_office(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    plan = _plan(pk)
    return render(request, "assessments/plans/office.html", _context(request, plan))


@require_POST
def plan_office_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    entry = ACTIONS.get(name)
    if entry is None:
        raise Http404
    if not request.user.has_perm(entry.permission):
        raise PermissionDenied
    plan = _plan(pk)
    form = entry.form(request.POST, plan=plan) if entry.plan_form else entry.form(request.POST)
    error = None
    if form.is_valid():
        try:
            outcome = entry.run(request, plan, form.cleaned_data)
        except PlanRefused as refusal:
            error = refusal.message
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, outcome)
            return redirect("assessments_plan_office", pk=plan.pk)
    else:
        error = _("请检查填写的内容。")
    messages.error(request, error)
    context = _context(request, _plan(pk), bound={name: form})
    return render(request, "assessments/plans/office.html", context, status=409)


# --- the actions ------------------------------------------------------------------------------


@action("component", CHANGE, forms.ComponentForm)
def _component(request, plan, data):
    component = plans.component_set(plan=plan, actor=request.user, **data)
    return _("已保存%(kind)s的安排。") % {"kind": component.get_kind_display()}


@action("room", CHANGE, forms.RoomForm)
def _room(request, plan, data):
    plan_room = plans.plan_room_add(plan=plan, room=data["room"], actor=request.user)
    return _("已加入考场：%(room)s") % {"room": plan_room}


@action("staff", CHANGE, forms.StaffForm, plan_form=True)
def _staff(request, plan, data):
    assignment = plans.room_staff_assign(actor=request.user, **data)
    return _("已安排：%(a)s") % {"a": assignment}


@action("assessor", CHANGE, forms.AssessorForm, plan_form=True)
def _assessor(request, plan, data):
    assignment = plans.room_staff_assign(actor=request.user, **data)
    return _("已安排：%(a)s") % {"a": assignment}


@action("panel", CHANGE, forms.PanelForm)
def _panel(request, plan, data):
    plans.review_panel_add(plan=plan, actor=request.user, **data)
    return _("已加入综合评审专家组：%(user)s") % {"user": data["user"].get_username()}


@action("enrol", CHANGE, forms.EnrolForm)
def _enrol(request, plan, data):
    if data["numbers"]:
        found = dict(
            Application.objects.filter(number__in=data["numbers"]).values_list("number", "pk")
        )
        result = plans.candidates_enrol(
            plan=plan, applications=list(found.values()), actor=request.user
        )
        for number in data["numbers"]:
            if number not in found:
                result.skipped[number] = _("报名号 %(number)s 不存在。") % {"number": number}
    else:
        result = plans.candidates_enrol_from_forms(plan=plan, actor=request.user)
    for reason in list(result.skipped.values())[:10]:
        messages.warning(request, reason)
    return _("已编入 %(n)s 名考生，跳过 %(skipped)s 份报名。") % {
        "n": len(result.enrolled),
        "skipped": len(result.skipped),
    }


@action("seat", SEAT, forms.NoFieldsForm)
def _seat(request, plan, data):
    job = plan_seating_start(plan=plan, actor=request.user)
    return redirect("assessments_plan_seating_job", pk=plan.pk, job_id=job.pk)


@action("status", SEAL, forms.StatusForm)
def _status(request, plan, data):
    changed = plans.plan_transition(
        plan=plan, to=data["to"], actor=request.user, reason=data["reason"]
    )
    return _("考试计划已改为“%(status)s”。") % {"status": changed.get_status_display()}


@action("move", SEAT, forms.MoveForm, plan_form=True)
def _move(request, plan, data):
    moved = plans.candidate_seat(actor=request.user, **data)
    return _("已将 %(name)s 调整到 %(room)s %(seat)s，准考证号 %(ticket)s。") % {
        "name": moved.application.name,
        "room": moved.room,
        "seat": moved.seat_label,
        "ticket": moved.ticket_number,
    }


@action("release", RELEASE, forms.ReleaseForm, plan_form=True)
def _release(request, plan, data):
    released = plans.candidate_release(actor=request.user, **data)
    return _("已释放 %(name)s 的座位并记录原因。") % {"name": released.application.name}


def seating_job(request: HttpRequest, pk: int, job_id) -> HttpResponse:
    """The seating job's progress (the page polls /jobs/<id>/)."""
    if not request.user.has_perm(SEAT):
        raise PermissionDenied
    plan = _plan(pk)
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    job_fail_if_stale(job=job)
    context = {"plan": plan, "job": job, "header_title": job.label}
    return render(request, "assessments/plans/seating_job.html", context)
