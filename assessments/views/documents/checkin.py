"""Check-in at the door, on an invigilator's phone: the ticket's QR code opens
/admin/exams/check-in/<token>/ (Wagtail's login first), which shows the candidate with the
application photo and marks them present; the room page counts present and absent live."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.models import PaperDistribution, PlanComponent, PlanRoom
from assessments.selectors import documents as selectors
from assessments.selectors import questions as question_selectors
from assessments.services import documents as services
from assessments.views.documents.common import refused, render

CHECK_IN = services.CHECK_IN_PERMISSION


def _component(request, plan) -> PlanComponent | None:
    wanted = request.POST.get("component") or request.GET.get("component")
    if wanted and wanted.isdigit():
        found = plan.components.filter(pk=int(wanted)).select_related("venue").first()
        if found is not None:
            return found
    return selectors.current_component(plan, now=timezone.now())


@require_http_methods(["GET", "POST"])
def check_in(request, token: str):
    candidate = selectors.candidate_by_token(token)
    if candidate is None:
        return refused(request, _("二维码无效：找不到该考生。"), 404)
    if not services.may_check_in(user=request.user, candidate=candidate):
        return refused(request, _("您没有为该考生所在考场签到的权限（仅限本人监考的考场）。"), 403)
    component = _component(request, candidate.plan)
    if component is None:
        return refused(request, _("该考试计划没有考核科目，无法签到。"), 409)
    if request.method == "POST":
        try:
            result = services.candidate_check_in(
                candidate=candidate, component=component, user=request.user, request=request
            )
        except services.CheckInRefused as error:
            return refused(request, error.message, error.status)
        when = timezone.localtime(result.check_in.checked_in_at)
        if result.created:
            messages.success(request, _("已签到：%(name)s") % {"name": candidate.application.name})
        else:
            messages.info(
                request,
                _("该考生已于 %(time)s 签到，无需重复签到。") % {"time": f"{when:%H:%M:%S}"},
            )
        return redirect(f"{request.path}?component={component.pk}")
    plan_room = selectors.plan_room_of(candidate)
    existing = candidate.check_ins.filter(component=component).first()
    context = {
        "header_title": _("入场签到"),
        "candidate": candidate,
        "application": candidate.application,
        "plan": candidate.plan,
        "plan_room": plan_room,
        "room_title": services.room_title(plan_room) if plan_room else "",
        "component": component,
        "components": selectors.plan_components(candidate.plan),
        "check_in": existing,
        "photo": selectors.candidate_photo(candidate),
        "count": selectors.room_count(plan_room=plan_room, component=component)
        if plan_room
        else None,
        "name_flag": services.printable_name(candidate.application.name)
        != candidate.application.name,
    }
    return render(request, "check_in.html", context)


def check_in_photo(request, token: str):
    """The application photo for the identity check, to staff who may check this person in."""
    candidate = selectors.candidate_by_token(token)
    if candidate is None or not services.may_check_in(user=request.user, candidate=candidate):
        return refused(request, _("没有权限查看该照片。"), 403 if candidate else 404)
    photo = selectors.candidate_photo(candidate)
    if photo is None:
        return refused(request, _("该考生没有照片。"), 404)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def room_status(request, plan_room_id: int):
    """Present and absent candidates of a room for one component; ``?format=json`` gives the
    counts the page polls."""
    plan_room = get_object_or_404(
        PlanRoom.objects.select_related("plan", "room", "room__venue"), pk=plan_room_id
    )
    if not services.may_watch_room(user=request.user, plan_room=plan_room):
        return refused(request, _("您没有查看该考场签到情况的权限（仅限本人监考的考场）。"), 403)
    component = _component(request, plan_room.plan)
    if component is None:
        return refused(request, _("该考试计划没有考核科目，无法签到。"), 409)
    count = selectors.room_count(plan_room=plan_room, component=component)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"seated": count.seated, "present": count.present, "absent": count.absent},
            headers={"Cache-Control": "no-store"},
        )
    present = selectors.checked_in_ids(plan_room=plan_room, component=component)
    candidates = list(selectors.room_candidates(plan_room=plan_room))
    context = {
        "header_title": _("签到情况：%(room)s") % {"room": services.room_title(plan_room)},
        "plan_room": plan_room,
        "plan": plan_room.plan,
        "component": component,
        "components": selectors.plan_components(plan_room.plan),
        "count": count,
        "rows": [(c, c.pk in present) for c in candidates],
        "paper_records": question_selectors.signed_records(
            PaperDistribution.objects.filter(plan_room=plan_room)
        ),
    }
    return render(request, "room_status.html", context)


def my_rooms(request):
    """The rooms the signed-in invigilator is assigned to, with their check-in pages."""
    if not request.user.has_perm(CHECK_IN):
        return refused(request, _("您没有签到权限。"), 403)
    rooms = selectors.rooms_of_invigilator(user=request.user)
    return render(
        request,
        "my_rooms.html",
        {
            "header_title": _("我的考场"),
            "rooms": [(r, services.room_title(r)) for r in rooms],
        },
    )
