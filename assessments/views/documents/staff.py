"""Admin pages of the documents area (under /admin/exams/documents/): a plan's documents page,
tickets per candidate and per plan (a background job), room door lists and sign-in sheets,
the seat map. Thin: the services draw and refuse."""

from __future__ import annotations

import io

from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from hostsite import audit
from hostsite.models import Job
from hostsite.services import job_fail_if_stale

from assessments.choices import CandidateStatus
from assessments.models import Candidate, ExamPlan, PlanRoom
from assessments.selectors import documents as selectors
from assessments.services import documents as services
from assessments.views.documents.common import (
    PDF,
    XLSX,
    attachment,
    refused,
    render,
    require_any_permission,
)

PRINT = services.PRINT_PERMISSION
SEAT = "assessments.seat_candidates"


@require_any_permission(PRINT)
def plan_list(request):
    plans = (
        ExamPlan.objects.select_related("exam_period", "occupation")
        .annotate(
            seated=Count(
                "candidates",
                filter=Q(
                    candidates__status=CandidateStatus.ENROLLED, candidates__seat__isnull=False
                ),
            )
        )
        .order_by("-created_at")
    )
    return render(
        request, "plan_list.html", {"header_title": _("准考证与考场名单"), "plans": plans}
    )


@require_any_permission(PRINT)
def plan_documents(request, plan_id: int):
    plan = get_object_or_404(
        ExamPlan.objects.select_related("exam_period", "occupation"), pk=plan_id
    )
    rooms = []
    for plan_room in plan.plan_rooms.select_related("room", "room__venue").order_by("number"):
        seated = selectors.room_candidates(plan_room=plan_room).count()
        rooms.append(
            {
                "plan_room": plan_room,
                "seated": seated,
                "title": services.room_title(plan_room),
                # 考务 prints; following a room's check-in is for its invigilators
                "watch": services.may_watch_room(user=request.user, plan_room=plan_room),
            }
        )
    jobs = Job.objects.filter(
        task_path=services.tickets_batch_task.module_path,
        task_kwargs__plan_id=plan.pk,
        owner=request.user,
    )[:5]
    context = {
        "header_title": _("准考证与考场名单：%(plan)s") % {"plan": plan},
        "plan": plan,
        "printable": plan.status in selectors.TICKET_STATUSES,
        "seated": selectors.seated_candidates(plan=plan).count(),
        "rooms": rooms,
        "unprintable": selectors.unprintable_names(plan=plan),
        "sheets": [(name, label) for name, (label, _pdf, _xlsx) in services.SHEETS.items()],
        "jobs": jobs,
    }
    return render(request, "plan_documents.html", context)


@require_POST
@require_any_permission(PRINT)
def tickets_batch(request, plan_id: int):
    plan = get_object_or_404(ExamPlan, pk=plan_id)
    try:
        job = services.tickets_batch_start(plan=plan, user=request.user, request=request)
    except services.DocumentRefused as error:
        return refused(request, error.message, error.status)
    return redirect("assessments_tickets_batch_job", job_id=job.pk)


def _own_job(request, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id, task_path=services.tickets_batch_task.module_path)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@require_any_permission(PRINT)
def batch_job(request, job_id):
    job = _own_job(request, job_id)
    job_fail_if_stale(job=job)
    plan = ExamPlan.objects.filter(pk=job.task_kwargs.get("plan_id")).first()
    return render(request, "batch_job.html", {"header_title": job.label, "job": job, "plan": plan})


@require_any_permission(PRINT)
def batch_download(request, job_id):
    job = _own_job(request, job_id)
    name = services.stored_batch(job.pk)
    if name is None:
        return refused(request, _("文件不存在或已删除，请重新生成。"), 404)
    audit.record(
        services.TICKET_DOWNLOAD,
        request=request,
        object_type="hostsite.job",
        object_id=str(job.pk),
        object_label=job.label,
        masked=True,
    )
    return FileResponse(
        services.batch_storage().open(name, "rb"),
        as_attachment=True,
        filename=f"{_('准考证')}-{timezone.localtime(job.created_at):%Y%m%d-%H%M}.pdf",
        content_type=PDF,
    )


@require_any_permission(PRINT)
def candidate_ticket(request, candidate_id: int):
    candidate = get_object_or_404(
        Candidate.objects.select_related(
            "plan", "room", "room__venue", "application", "application__occupation"
        ),
        pk=candidate_id,
    )
    try:
        services.ensure_printable(candidate.plan)
    except services.DocumentRefused as error:
        return refused(request, error.message, error.status)
    if candidate.seat is None or candidate.status != CandidateStatus.ENROLLED:
        return refused(request, _("该考生未安排座位，没有准考证。"), 409)
    out = io.BytesIO()
    services.write_tickets(out, candidate.plan, [candidate])
    audit.record(
        services.TICKET_DOWNLOAD,
        request=request,
        target=candidate,
        object_label=candidate.ticket_number or "",
        row_count=1,
        masked=True,
    )
    return attachment(
        out.getvalue(), filename=f"{_('准考证')}-{candidate.ticket_number}.pdf", content_type=PDF
    )


@require_any_permission(PRINT)
def room_sheet(request, plan_room_id: int, kind: str, fmt: str):
    plan_room = get_object_or_404(
        PlanRoom.objects.select_related("plan", "room", "room__venue"), pk=plan_room_id
    )
    if kind not in services.SHEETS or fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        services.ensure_printable(plan_room.plan)
    except services.DocumentRefused as error:
        return refused(request, error.message, error.status)
    label, write_pdf, write_xlsx = services.SHEETS[kind]
    out = io.BytesIO()
    (write_pdf if fmt == "pdf" else write_xlsx)(out, plan_room)
    audit.record(
        services.SHEET_DOWNLOAD,
        request=request,
        target=plan_room.plan,
        object_label=f"{services.room_title(plan_room)} {label}",
        masked=True,
        detail=fmt,
    )
    filename = f"{label}-{plan_room.plan.code}-{plan_room.number:02d}.{fmt}"
    return attachment(out.getvalue(), filename=filename, content_type=PDF if fmt == "pdf" else XLSX)


@require_any_permission(PRINT, SEAT)
def seat_map(request, plan_room_id: int):
    plan_room = get_object_or_404(
        PlanRoom.objects.select_related("plan", "room", "room__venue"), pk=plan_room_id
    )
    room = plan_room.room
    by_seat = {c.seat: c for c in selectors.room_candidates(plan_room=plan_room)}
    unusable = {int(n) for n in room.unusable_seats or []}
    usable = set(room.usable_seats)
    grid = []
    for row in range(1, room.rows + 1):
        cells = []
        for column in range(1, room.columns + 1):
            seat = (row - 1) * room.columns + column
            cells.append(
                {
                    "seat": seat,
                    "candidate": by_seat.get(seat),
                    "unusable": seat in unusable,
                    "unused": seat not in usable and seat not in unusable,
                }
            )
        grid.append({"row": row, "cells": cells})
    context = {
        "header_title": _("座位图：%(room)s") % {"room": services.room_title(plan_room)},
        "plan_room": plan_room,
        "plan": plan_room.plan,
        "grid": grid,
        "seated": len(by_seat),
        "can_print": request.user.has_perm(PRINT),
    }
    return render(request, "seat_map.html", context)
