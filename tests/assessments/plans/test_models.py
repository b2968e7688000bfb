"""What the database itself guarantees for plans and seats, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction

from assessments.choices import CandidateStatus, ComponentKind
from assessments.models import Candidate
from assessments.ticket_numbers import Layout, numberer_for
from tests.assessments.factories import (
    CandidateFactory,
    RoomFactory,
    approved_application,
    candidates,
    exam_plan,
)

pytestmark = pytest.mark.usefixtures("loaded_site")


def test_a_plan_is_built_with_components_rooms_and_candidates_from_approved_applications():
    plan = exam_plan(rooms=2, level=2)
    people = candidates(plan, 3, employer="锡林郭勒电商公司")

    assert {c.kind for c in plan.components.all()} == set(ComponentKind)
    assert [r.number for r in plan.plan_rooms.all()] == [1, 2]
    assert all(c.application.status == "approved" for c in people)
    assert {c.application.exam_period_id for c in people} == {plan.exam_period_id}
    assert plan.needs_review


def test_two_candidates_never_share_a_seat():
    plan = exam_plan()
    room = plan.rooms.get()
    first, second = candidates(plan, 2)
    Candidate.objects.filter(pk=first.pk).update(room=room, seat=7)

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=second.pk).update(room=room, seat=7)


def test_an_application_is_enrolled_once_but_a_released_row_stays_as_history():
    plan, other = exam_plan(), exam_plan()
    application = approved_application(plan)
    CandidateFactory(plan=plan, application=application)

    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateFactory(plan=other, application=application)

    Candidate.objects.filter(application=application).update(status=CandidateStatus.RELEASED)
    assert CandidateFactory(plan=other, application=application).pk


def test_room_and_seat_are_given_together_and_a_released_candidate_has_none():
    plan = exam_plan()
    (candidate,) = candidates(plan, 1)
    room = plan.rooms.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(
            room=room, seat=1, status=CandidateStatus.RELEASED
        )


def test_ticket_numbers_are_unique_across_plans():
    plan, other = exam_plan(), exam_plan()
    a, b = candidates(plan, 1)[0], candidates(other, 1)[0]
    Candidate.objects.filter(pk=a.pk).update(ticket_number="X1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=b.pk).update(ticket_number="X1")


def test_default_ticket_number_is_plan_code_room_and_seat_with_two_digits_each():
    plan = exam_plan(code="2604010")
    number = numberer_for(plan, Layout(max_room_number=12, max_seat=30))

    assert number(3, 7) == "26040100307"
    wide = numberer_for(plan, Layout(max_room_number=300, max_seat=30))
    assert wide(3, 7) == "260401000307"  # 300 rooms: every number gets three room digits


def test_usable_seats_leave_out_unusable_ones_and_stop_at_capacity():
    room = RoomFactory(rows=2, columns=3, capacity=4, unusable_seats=[2])

    assert room.usable_seats == [1, 3, 4, 5]
    assert room.seat_position(5) == (2, 2)
