"""Parallel seating (PostgreSQL): 50 workers, as staff in many browser tabs or many requests at
once, never put two candidates in one seat or one candidate in two.

Each worker runs in its own thread with its own database connection (as gunicorn's threads do),
so what one commits is what the others see. The scenario is made and removed by such threads
too (committed, then deleted): the package's school content stays loaded in an open transaction
on the test's own connection, which the workers cannot see (tests/concurrency.py).
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction

from assessments.choices import SeatAction
from assessments.models import Candidate, SeatLog
from assessments.services import plans
from tests.concurrency import in_own_connection, in_parallel, needs_postgresql

pytestmark = needs_postgresql(
    "SQLite runs one writer at a time and has no row locks (SELECT … FOR UPDATE), "
    "so parallel seating cannot race there"
)

WORKERS = 50


def kinds(outcomes) -> Counter:
    return Counter(type(o).__name__ for o in outcomes)


@dataclass
class Scenario:
    plan_pk: int
    room_pks: list[int]
    candidate_pks: list[int]

    def plan(self):
        from assessments.models import ExamPlan

        return ExamPlan.objects.get(pk=self.plan_pk)

    def room(self, n: int = 0):
        from assessments.models import Room

        return Room.objects.get(pk=self.room_pks[n])

    def candidate(self, n: int) -> Candidate:
        return Candidate.objects.get(pk=self.candidate_pks[n])


def _create(count: int) -> Scenario:
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    from assessments.models import ExamPlan, PlanRoom, Room, Venue
    from forms_app.models import ExamPeriod
    from occupations.models import OccupationPage
    from tests.assessments.factories import PlanComponentFactory, exam_day
    from tests.forms_app.factories import ApplicationFactory

    tag = uuid.uuid4().hex[:8]
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.add_root(instance=Page(title="并发编排", slug=f"seating-{tag}"))
    occupation = root.add_child(instance=OccupationPage(title="并发编排职业", slug=f"occ-{tag}"))
    period = ExamPeriod.objects.create(name=f"并发编排批次 {tag}")
    plan = ExamPlan.objects.create(
        exam_period=period, occupation=occupation, level=4, code=f"C{tag.upper()}"
    )
    venue = Venue.objects.create(name=f"并发考点 {tag}")
    PlanComponentFactory(plan=plan, venue=venue, date=exam_day())
    rooms = [
        Room.objects.create(venue=venue, name=f"{n}", rows=5, columns=6, capacity=30)
        for n in range(2)
    ]
    for n, room in enumerate(rooms, 1):
        PlanRoom.objects.create(plan=plan, room=room, number=n)
    people = [
        Candidate.objects.create(
            plan=plan,
            application=ApplicationFactory(
                exam_period=period,
                occupation=occupation,
                specialty="",
                specialty_slug="",
                status="approved",
            ),
        )
        for _n in range(count)
    ]
    return Scenario(plan.pk, [r.pk for r in rooms], [c.pk for c in people])


def _remove(scenario: Scenario) -> None:
    from wagtail.models import Page

    from assessments.models import ExamPlan
    from forms_app.models import Application

    plan = scenario.plan()
    rooms = list(plan.rooms.all())
    venue = rooms[0].venue
    occupation = plan.occupation
    period = plan.exam_period
    applications = list(plan.candidates.values_list("application_id", flat=True))
    SeatLog.objects.filter(plan=plan).delete()
    Candidate.objects.filter(plan=plan).delete()
    ExamPlan.objects.filter(pk=plan.pk).delete()  # components, rooms of the plan
    for room in rooms:
        room.delete()
    venue.components.all().delete()
    venue.delete()
    Application.objects.filter(pk__in=applications).delete()
    root = Page.objects.get(pk=occupation.get_parent().pk)
    occupation.delete()
    root.delete()
    period.delete()


@pytest.fixture
def scenario():
    made = in_own_connection(_create, WORKERS + 10)
    yield made
    in_own_connection(_remove, made)


def seat_counts(scenario: Scenario) -> tuple[Counter, int]:
    """(candidates per seat, seated candidates), read on a fresh connection."""

    def read():
        seated = list(
            Candidate.objects.filter(plan_id=scenario.plan_pk, seat__isnull=False).values_list(
                "pk", "room_id", "seat"
            )
        )
        return Counter((room, seat) for _pk, room, seat in seated), len(seated)

    return in_own_connection(read)


def test_fifty_staff_giving_one_seat_to_fifty_candidates_seat_exactly_one(scenario):
    room = in_own_connection(scenario.room)

    def take_seat_one(n: int):
        return plans.candidate_seat(candidate=scenario.candidate(n), room=room, seat=1)

    outcomes = in_parallel(take_seat_one, WORKERS)

    assert kinds(outcomes) == {"Candidate": 1, "SeatTaken": WORKERS - 1}
    per_seat, seated = seat_counts(scenario)
    assert seated == 1 and max(per_seat.values()) == 1


def test_fifty_workers_writing_the_same_seat_directly_are_stopped_by_the_database(scenario):
    """Even code that skips the service (no lock, no check) cannot double-book: the unique
    constraint refuses all but one."""
    room = in_own_connection(scenario.room)

    def write(n: int):
        with transaction.atomic():
            return Candidate.objects.filter(pk=scenario.candidate_pks[n]).update(
                room=room, seat=5, ticket_number=f"T{n}"
            )

    outcomes = in_parallel(write, WORKERS)

    assert kinds(outcomes) == {"int": 1, "IntegrityError": WORKERS - 1}
    assert all(isinstance(o, IntegrityError | int) for o in outcomes)
    per_seat, seated = seat_counts(scenario)
    assert (seated, per_seat[(room.pk, 5)]) == (1, 1)


def test_fifty_moves_of_one_candidate_leave_it_in_exactly_one_seat(scenario):
    room = in_own_connection(scenario.room, 1)

    def move(n: int):
        return plans.candidate_seat(candidate=scenario.candidate(0), room=room, seat=n % 30 + 1)

    outcomes = in_parallel(move, WORKERS)

    assert kinds(outcomes) == {"Candidate": WORKERS}
    candidate = in_own_connection(scenario.candidate, 0)
    per_seat, seated = seat_counts(scenario)
    assert seated == 1 and per_seat == {(room.pk, candidate.seat): 1}
    assert candidate.ticket_number.endswith(f"02{candidate.seat:02d}")
    moves = in_own_connection(
        lambda: SeatLog.objects.filter(plan_id=scenario.plan_pk, action=SeatAction.MOVED).count()
    )
    assert moves == WORKERS


def test_whole_plan_seatings_and_manual_moves_at_once_never_double_book(scenario):
    rooms = [in_own_connection(scenario.room, 0), in_own_connection(scenario.room, 1)]
    pool = random.Random(7)
    wishes = [(pool.choice(rooms), pool.randint(1, 12)) for _n in range(WORKERS)]

    def work(n: int):
        if n < 3:  # three staff press 编排 at once
            return plans.plan_seat(plan=scenario.plan())
        room, seat = wishes[n]
        return plans.candidate_seat(candidate=scenario.candidate(n), room=room, seat=seat)

    outcomes = in_parallel(work, WORKERS)

    assert kinds(outcomes)["SeatingResult"] == 3
    assert set(kinds(outcomes)) <= {"SeatingResult", "Candidate", "SeatTaken"}
    per_seat, seated = seat_counts(scenario)
    assert max(per_seat.values()) == 1  # 0 double-booked seats
    assert seated == len(per_seat)
    assert seated >= WORKERS  # every whole-plan seating seats all 60
