"""Test data of the exam office (shared by every area: append, do not reorder).

Plans (area plans): venues, rooms, exam plans with their components and rooms, staff assigned
to rooms, approved applications (forms_app's test factories) and candidates enrolled from them.
Most builders need the school's content (the occupation 电子商务师): ask for ``loaded_site``.

    plan = exam_plan(rooms=2)          # 四级 电子商务师/网商, theory + skills, 2 rooms
    people = candidates(plan, 40)      # 40 approved applications, enrolled
    staff_rooms(plan, invigilators=2)  # two invigilators in every room
"""

from __future__ import annotations

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from assessments.choices import REVIEW_LEVELS, ComponentKind, RoomRole
from assessments.models import (
    Candidate,
    ExamPlan,
    PlanComponent,
    PlanRoom,
    ReviewPanelMember,
    Room,
    RoomAssignment,
    Venue,
)
from forms_app.choices import ApplicationStatus
from tests.forms_app.factories import (
    OCCUPATION,
    SPECIALTY,
    SPECIALTY_SLUG,
    ApplicationFactory,
    ExamPeriodFactory,
    staff_user,
)

# --- plans: venues, rooms, plans ---------------------------------------------------------------


def exam_day(days: int = 30) -> date:
    """A date ``days`` from today (plans refuse exams in the past)."""
    return timezone.localdate() + timedelta(days=days)


def school_occupation(title: str = OCCUPATION):
    """An occupation page of the loaded school content (电子商务师 by default)."""
    from occupations.models import OccupationPage

    return OccupationPage.objects.get(title=title)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n + 1}考点")
    address = "锡林浩特市锡林大街1号"


class RoomFactory(factory.django.DjangoModelFactory):
    """A classroom of 5 rows × 6 seats holding 30."""

    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"教学楼{n + 101}")
    rows = 5
    columns = 6
    capacity = factory.LazyAttribute(lambda o: o.rows * o.columns)
    unusable_seats = factory.LazyFunction(list)


class ExamPlanFactory(factory.django.DjangoModelFactory):
    """A draft plan for 电子商务师/网商 四级 (no components, no rooms: see ``exam_plan``)."""

    class Meta:
        model = ExamPlan

    exam_period = factory.SubFactory(ExamPeriodFactory)
    code = factory.Sequence(lambda n: f"26{n + 1:05d}")
    title = factory.LazyAttribute(lambda o: f"{o.exam_period.name} 电子商务师 第{o.code}号计划")
    occupation = factory.LazyFunction(school_occupation)
    specialty = SPECIALTY
    specialty_slug = SPECIALTY_SLUG
    level = 4
    seed = 20261130


class PlanComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanComponent

    plan = factory.SubFactory(ExamPlanFactory)
    kind = ComponentKind.THEORY
    date = factory.LazyFunction(exam_day)
    start = time(9, 0)
    duration_minutes = 90
    venue = factory.SubFactory(VenueFactory)


def plan_room(plan: ExamPlan, room: Room | None = None, **room_fields) -> PlanRoom:
    """Add ``room`` (a new one in the plan's venue by default) to the plan, numbered next."""
    if room is None:
        component = plan.components.first()
        if component is not None:
            room_fields.setdefault("venue", component.venue)
        room = RoomFactory(**room_fields)
    number = (plan.plan_rooms.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanRoom.objects.create(plan=plan, room=room, number=number)


def exam_plan(
    *,
    rooms: int = 1,
    level: int = 4,
    venue: Venue | None = None,
    day: date | None = None,
    room_fields: dict | None = None,
    **plan_fields,
) -> ExamPlan:
    """A plan with its components on ``day`` (30 days from now by default) at ``venue``: theory
    09:00–10:30, skills 14:00–16:00, and for 二级/一级 the review the next morning; and ``rooms``
    new rooms (``room_fields`` passed to RoomFactory)."""
    plan = ExamPlanFactory(level=level, **plan_fields)
    venue = venue or VenueFactory()
    day = day or exam_day()
    PlanComponentFactory(plan=plan, kind=ComponentKind.THEORY, date=day, venue=venue)
    PlanComponentFactory(
        plan=plan,
        kind=ComponentKind.SKILLS,
        date=day,
        start=time(14, 0),
        duration_minutes=120,
        venue=venue,
    )
    if level in REVIEW_LEVELS:
        PlanComponentFactory(
            plan=plan,
            kind=ComponentKind.REVIEW,
            date=day + timedelta(days=1),
            duration_minutes=180,
            venue=venue,
        )
    for _n in range(rooms):
        plan_room(plan, venue=venue, **(room_fields or {}))
    return plan


# --- plans: staff ------------------------------------------------------------------------------


def exam_staff(username: str, **kwargs):
    """A staff user (admin access, nothing else unless ``extra_perms``)."""
    kwargs.setdefault("view_application", False)
    return staff_user(username, **kwargs)


def invigilator(username: str, **kwargs):
    """A staff user who may check candidates in (as the 监考 group may): an invigilator."""
    kwargs["extra_perms"] = (*kwargs.get("extra_perms", ()), "assessments.check_in_candidate")
    return exam_staff(username, **kwargs)


def staff_rooms(plan: ExamPlan, *, invigilators: int = 2, role: str = RoomRole.INVIGILATOR):
    """``invigilators`` new staff users in every room of the plan; the assignments."""
    made = []
    for plan_room_ in plan.plan_rooms.all():
        for n in range(invigilators):
            make = invigilator if role == RoomRole.INVIGILATOR else exam_staff
            user = make(f"{role}-{plan.code}-{plan_room_.number}-{n}")
            made.append(RoomAssignment.objects.create(plan_room=plan_room_, user=user, role=role))
    return made


def review_panel(plan: ExamPlan, size: int = 3) -> list[ReviewPanelMember]:
    """``size`` new assessors on the plan's review panel (the first chairs it)."""
    return [
        ReviewPanelMember.objects.create(
            plan=plan, user=exam_staff(f"assessor-{plan.code}-{n}"), is_chair=n == 0
        )
        for n in range(size)
    ]


# --- plans: applications and candidates ----------------------------------------------------------


def approved_application(plan: ExamPlan, **overrides):
    """An approved application matching the plan (batch, occupation, specialty, level), made
    with forms_app's ApplicationFactory."""
    values = {
        "exam_period": plan.exam_period,
        "occupation": plan.occupation,
        "specialty": plan.specialty,
        "specialty_slug": plan.specialty_slug,
        "level": plan.level,
        "status": ApplicationStatus.APPROVED,
        **overrides,
    }
    return ApplicationFactory(**values)


def approved_applications(plan: ExamPlan, count: int, **overrides) -> list:
    return [approved_application(plan, **overrides) for _n in range(count)]


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate enrolled (not seated) in a plan from a new approved application."""

    class Meta:
        model = Candidate

    plan = factory.SubFactory(ExamPlanFactory)
    application = factory.LazyAttribute(lambda o: approved_application(o.plan))


def candidates(plan: ExamPlan, count: int, **fields) -> list[Candidate]:
    """``count`` candidates enrolled in the plan (each from a new approved application);
    ``fields`` are Candidate fields (employer, training_class, accessibility_needs)."""
    return [CandidateFactory(plan=plan, **fields) for _n in range(count)]


# --- documents: seated and sealed plans, photos --------------------------------------------------


def application_photo(application, *, color=(40, 120, 200), size=(300, 400)):
    """Store a JPEG photo for the application in private storage, as an upload would."""
    from django.core.files.base import ContentFile

    from forms_app.choices import FileKind
    from forms_app.models import ApplicationFile
    from tests.forms_app.factories import image_bytes

    data = image_bytes(size, color=color)
    stored = ApplicationFile(
        application=application,
        field_name="photo",
        kind=FileKind.PHOTO,
        original_name="证件照.jpg",
        content_type="image/jpeg",
        size=len(data),
    )
    stored.file.save("photo.jpg", ContentFile(data), save=True)
    return stored


def seat_in_order(plan: ExamPlan, *, per_room: int | None = None) -> list[Candidate]:
    """Seat the plan's enrolled candidates room after room in seat order (at most
    ``per_room`` in each) with the default ticket numbers (plan code + 2-digit room + 2-digit
    seat), writing the rows directly: test data for what comes after seating, not the
    seating rules."""
    people = list(plan.candidates.filter(seat__isnull=True).order_by("pk"))
    seats = [
        (plan_room_, seat)
        for plan_room_ in plan.plan_rooms.select_related("room").order_by("number")
        for seat in plan_room_.room.usable_seats[:per_room]
    ]
    for candidate, (plan_room_, seat) in zip(people, seats, strict=False):
        candidate.room = plan_room_.room
        candidate.seat = seat
        candidate.ticket_number = f"{plan.code}{plan_room_.number:02d}{seat:02d}"
        candidate.seated_at = timezone.now()
        candidate.save(update_fields=["room", "seat", "ticket_number", "seated_at"])
    return people


def sealed_plan(
    *,
    rooms: int = 1,
    per_room: int = 5,
    names: list[str] | None = None,
    photos: bool = True,
    **plan_fields,
) -> ExamPlan:
    """A plan with ``rooms`` rooms of ``per_room`` seated candidates (named ``names`` in seat
    order, if given; each with a photo), sealed as plan_transition leaves it (status and
    sealed_at saved, which releases its tickets)."""
    from assessments.choices import PlanStatus

    plan = exam_plan(rooms=rooms, **plan_fields)
    names = names or []
    for n in range(rooms * per_room):
        name = names[n] if n < len(names) else f"考生{n + 1}"
        application = approved_application(plan, name=name)
        Candidate.objects.create(plan=plan, application=application)
        if photos:
            application_photo(application, color=(30 + 7 * n % 200, 90, 160))
    seat_in_order(plan, per_room=per_room)
    plan.status = PlanStatus.SEALED
    plan.sealed_at = timezone.now()
    plan.save(update_fields=["status", "sealed_at", "updated_at"])
    return plan
