"""Reads of the plans area, for its own pages and for the other areas (tickets, sign-in sheets,
check-in, scores, certificates)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from assessments.choices import CandidateStatus, PlanStatus, RoomRole
from assessments.models import Candidate, ExamPlan, PlanRoom

#: Who may check candidates in at the door (the 监考 group holds it; superusers have it all).
CHECK_IN_PERMISSION = "assessments.check_in_candidate"


def can_invigilate(user) -> bool:
    """Whether ``user`` may serve as a room's invigilator (监考员): active and able to check
    candidates in."""
    return user.is_active and user.has_perm(CHECK_IN_PERMISSION)


def invigilator_choices():
    """The active users who may be assigned as invigilators: superusers and holders of the
    check-in permission, directly or through a group."""
    app_label, codename = CHECK_IN_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission)
        )
        .distinct()
        .order_by("username")
    )


def plan_rooms_of_invigilator(user, *, plan: ExamPlan | None = None):
    """The plan rooms ``user`` is assigned to as invigilator (监考 see only these), of plans
    that are sealed or being held."""
    rooms = PlanRoom.objects.filter(
        assignments__user=user,
        assignments__role=RoomRole.INVIGILATOR,
        plan__status__in=(PlanStatus.SEALED, PlanStatus.HELD),
    )
    if plan is not None:
        rooms = rooms.filter(plan=plan)
    return rooms.select_related("plan", "room", "room__venue").order_by("plan", "number")


def room_candidates(plan_room: PlanRoom):
    """The enrolled candidates seated in a plan room, in seat order (door lists, sign-in
    sheets, the seat map)."""
    return (
        Candidate.objects.filter(
            plan_id=plan_room.plan_id,
            room_id=plan_room.room_id,
            status=CandidateStatus.ENROLLED,
            seat__isnull=False,
        )
        .select_related("application", "room")
        .order_by("seat")
    )


def candidate_by_token(token: str) -> Candidate | None:
    """The enrolled, seated candidate a check-in QR code names, or None."""
    if not token:
        return None
    return (
        Candidate.objects.filter(token=token, status=CandidateStatus.ENROLLED, seat__isnull=False)
        .select_related("plan", "room", "application")
        .first()
    )


def seated_candidate_of(application) -> Candidate | None:
    """The application's seat (None before seating or after a release)."""
    return (
        Candidate.objects.filter(
            application=application, status=CandidateStatus.ENROLLED, seat__isnull=False
        )
        .select_related("plan", "room", "room__venue")
        .first()
    )
