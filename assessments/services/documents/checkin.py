"""Check-in at the door: an invigilator scans a ticket's QR code and marks the candidate present.

Only staff with the check-in permission who are assigned to the candidate's room (监考 for their
rooms only; superusers anywhere) may check in. Checking in twice records one row and tells when
the first was made; every new check-in is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import CandidateStatus, PlanStatus
from assessments.models import Candidate, CheckIn, PlanComponent
from assessments.selectors import documents as selectors

CHECK_IN_PERMISSION = "assessments.check_in_candidate"
CHECK_IN = "assessments.check_in"
#: Plans whose candidates may be checked in (seated, not yet closed).
CHECK_IN_STATUSES = (PlanStatus.SEALED, PlanStatus.HELD)


class CheckInRefused(Exception):
    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def may_check_in(*, user, candidate: Candidate) -> bool:
    """Whether ``user`` may check in ``candidate``: the permission and, unless a superuser,
    an assignment to the candidate's room in that plan."""
    if not user.is_authenticated or not user.has_perm(CHECK_IN_PERMISSION):
        return False
    if user.is_superuser:
        return True
    plan_room = selectors.plan_room_of(candidate)
    return plan_room is not None and selectors.is_assigned(user=user, plan_room=plan_room)


def may_watch_room(*, user, plan_room) -> bool:
    """Whether ``user`` may follow a room's check-in (present/absent): the check-in permission
    and, unless a superuser, an assignment to that room."""
    if not user.is_authenticated or not user.has_perm(CHECK_IN_PERMISSION):
        return False
    return user.is_superuser or selectors.is_assigned(user=user, plan_room=plan_room)


def _existing(candidate: Candidate, component: PlanComponent) -> CheckIn | None:
    return CheckIn.objects.filter(candidate=candidate, component=component).first()


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool


def candidate_check_in(
    *, candidate: Candidate, component: PlanComponent, user, request=None
) -> CheckInResult:
    """Mark ``candidate`` present for ``component`` (idempotent). Raises CheckInRefused."""
    if not may_check_in(user=user, candidate=candidate):
        raise CheckInRefused(_("您没有为该考场签到考生的权限。"), status=403)
    if candidate.status != CandidateStatus.ENROLLED or candidate.seat is None:
        raise CheckInRefused(_("该考生已退出本次考试或未安排座位，不能签到。"))
    if candidate.plan.status not in CHECK_IN_STATUSES:
        raise CheckInRefused(_("考试计划尚未封场，不能签到。"))
    if component.plan_id != candidate.plan_id:
        raise CheckInRefused(_("所选科目不属于该考生的考试计划。"), status=400)
    existing = _existing(candidate, component)
    if existing is not None:
        return CheckInResult(existing, created=False)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                candidate=candidate, component=component, checked_in_by=user
            )
            audit.record(
                CHECK_IN,
                request=request,
                actor=user,
                target=candidate,
                object_label=f"{candidate.ticket_number} {candidate.application.name}",
                detail=f"{component.get_kind_display()} "
                f"{timezone.localtime(check_in.checked_in_at):%Y-%m-%d %H:%M:%S}",
            )
    except IntegrityError:  # another invigilator's scan won the race: one check-in
        return CheckInResult(
            CheckIn.objects.get(candidate=candidate, component=component), created=False
        )
    return CheckInResult(check_in, created=True)
