"""签字确认 of a room's 发卷/回收 record by its invigilators, from the room page they use for
check-in (监考 → 我的考场 → room). The service refuses anyone not assigned to the room."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.choices import DistributionStage
from assessments.models import PaperDistribution
from assessments.services.questions import papers as paper_services


@require_POST
def distribution_sign(request, plan_room_id: int, record_id: int, stage: str):
    record = get_object_or_404(PaperDistribution, pk=record_id, plan_room_id=plan_room_id)
    back = redirect("assessments_room_status", plan_room_id)
    try:
        signed = paper_services.distribution_sign(record=record, stage=stage, actor=request.user)
    except paper_services.PaperRefused as error:
        messages.error(request, error.message)
        return back if stage in DistributionStage.values else redirect("assessments_my_rooms")
    when = timezone.localtime(signed.signature.signed_at)
    values = {
        "stage": DistributionStage(stage).label,
        "n": signed.signature.copies,
        "time": f"{when:%H:%M}",
    }
    if signed.created:
        messages.success(request, _("已签字确认：%(stage)s %(n)s 份。") % values)
    else:
        text = _("您已于 %(time)s 签字确认%(stage)s %(n)s 份，无需重复签字。") % values
        messages.info(request, text)
    return back
