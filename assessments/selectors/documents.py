"""Reads of the documents area: candidates as tickets and sheets print them, check-in counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from assessments import pdf
from assessments.choices import CandidateStatus, PlanStatus
from assessments.models import Candidate, CheckIn, ExamPlan, PlanComponent, PlanRoom
from forms_app.choices import FileKind
from forms_app.models import ApplicationFile

#: Plans whose tickets exist for applicants (seating frozen, exam not yet over).
TICKET_STATUSES = (PlanStatus.SEALED, PlanStatus.HELD)


def _photos() -> Prefetch:
    return Prefetch(
        "application__files",
        queryset=ApplicationFile.objects.filter(kind=FileKind.PHOTO).order_by("pk"),
        to_attr="photos",
    )


def seated_candidates(*, plan: ExamPlan):
    """The plan's seated candidates with application, room and photo, by room number and seat."""
    return (
        Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED, seat__isnull=False)
        .select_related("application", "application__occupation", "room", "room__venue")
        .prefetch_related(_photos())
        .order_by("ticket_number", "room_id", "seat")
    )


def seated_candidates_with_tickets():
    """Seated candidates of plans whose tickets are out (sealed or held)."""
    return Candidate.objects.filter(
        status=CandidateStatus.ENROLLED, seat__isnull=False, plan__status__in=TICKET_STATUSES
    ).select_related("plan", "room", "application", "application__occupation")


def room_candidates(*, plan_room: PlanRoom):
    """The candidates seated in one of the plan's rooms, by seat."""
    return seated_candidates(plan=plan_room.plan).filter(room=plan_room.room).order_by("seat")


def candidate_photo(candidate: Candidate) -> ApplicationFile | None:
    """The application's photo (prefetched by the selectors above, else one query)."""
    photos = getattr(candidate.application, "photos", None)
    if photos is None:
        photos = list(candidate.application.files.filter(kind=FileKind.PHOTO).order_by("pk")[:1])
    return photos[0] if photos else None


def ticket_for_application(application) -> Candidate | None:
    """The seated candidate row of an application in a plan whose tickets are out, or None."""
    return (
        seated_candidates_with_tickets()
        .filter(application=application)
        .order_by("-plan__sealed_at")
        .first()
    )


def candidate_by_token(token: str) -> Candidate | None:
    """The candidate a check-in QR code names (its unguessable token), with what the page
    shows."""
    if not token or len(token) > 64:
        return None
    return (
        Candidate.objects.filter(token=token)
        .select_related("plan", "room", "room__venue", "application", "application__occupation")
        .prefetch_related(_photos())
        .first()
    )


def plan_room_of(candidate: Candidate) -> PlanRoom | None:
    if candidate.room_id is None:
        return None
    return (
        PlanRoom.objects.filter(plan_id=candidate.plan_id, room_id=candidate.room_id)
        .select_related("plan", "room", "room__venue")
        .first()
    )


def plan_components(plan: ExamPlan) -> list[PlanComponent]:
    return list(plan.components.select_related("venue").order_by("date", "start"))


def current_component(plan: ExamPlan, *, now) -> PlanComponent | None:
    """The component check-in is for: the first that has not ended yet (on an exam day the
    morning's theory exam, then the afternoon's skills assessment), else the last."""
    components = plan_components(plan)
    if not components:
        return None
    for component in components:
        if component.ends_at > now:
            return component
    return components[-1]


@dataclass(frozen=True)
class RoomCount:
    seated: int
    present: int

    @property
    def absent(self) -> int:
        return self.seated - self.present


def room_count(*, plan_room: PlanRoom, component: PlanComponent) -> RoomCount:
    """How many of the room's candidates are checked in for ``component`` and how many not."""
    counts = Candidate.objects.filter(
        plan_id=plan_room.plan_id,
        room_id=plan_room.room_id,
        status=CandidateStatus.ENROLLED,
        seat__isnull=False,
    ).aggregate(
        seated=Count("pk", distinct=True),
        present=Count("check_ins", filter=Q(check_ins__component=component), distinct=True),
    )
    return RoomCount(seated=counts["seated"], present=counts["present"])


def checked_in_ids(*, plan_room: PlanRoom, component: PlanComponent) -> set[int]:
    return set(
        CheckIn.objects.filter(
            component=component,
            candidate__room_id=plan_room.room_id,
            candidate__plan_id=plan_room.plan_id,
        ).values_list("candidate_id", flat=True)
    )


def rooms_of_invigilator(*, user, plan: ExamPlan | None = None):
    """The plan rooms ``user`` is assigned to (监考/考评), soonest plan first."""
    queryset = PlanRoom.objects.filter(assignments__user=user).select_related(
        "plan", "room", "room__venue"
    )
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset.order_by("-plan__created_at", "number").distinct()


def is_assigned(*, user, plan_room: PlanRoom) -> bool:
    return plan_room.assignments.filter(user=user).exists()


@dataclass(frozen=True)
class UnprintableName:
    candidate: Candidate
    chars: list[str]

    @property
    def described(self) -> str:
        return pdf.describe_chars(self.chars)


def unprintable_names(*, plan: ExamPlan) -> list[UnprintableName]:
    """Candidates whose names contain characters the ticket font cannot draw (CJK Ext. B …):
    staff see them before printing and complete those characters by hand."""
    flagged = []
    for candidate in Candidate.objects.filter(
        plan=plan, status=CandidateStatus.ENROLLED
    ).select_related("application"):
        chars = pdf.undrawable_chars(candidate.application.name)
        if chars:
            flagged.append(UnprintableName(candidate, chars))
    return flagged
