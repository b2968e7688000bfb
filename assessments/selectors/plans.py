"""Reads of the plans area, for its own pages and for the other areas (tickets, sign-in sheets,
check-in, scores, certificates)."""

from __future__ import annotations

from assessments.choices import CandidateStatus, PlanStatus, RoomRole
from assessments.models import Candidate, ExamPlan, PlanRoom


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
