"""The plans area's reads used by the other areas (sign-in sheets, check-in, tickets)."""

import pytest

from assessments.choices import RoomRole
from assessments.models import RoomAssignment
from assessments.selectors import plans as selectors
from assessments.services import plans
from tests.assessments.factories import candidates, exam_plan, exam_staff

pytestmark = pytest.mark.usefixtures("loaded_site")


def seated_plan(rooms: int = 2, people: int = 40):
    plan = exam_plan(rooms=rooms)
    candidates(plan, people)
    plans.plan_seat(plan=plan)
    return plan


def test_an_invigilator_sees_only_the_rooms_assigned_once_the_plan_is_sealed():
    plan = seated_plan()
    mine, other = plan.plan_rooms.order_by("number")
    user = exam_staff("jiankao")
    RoomAssignment.objects.create(plan_room=mine, user=user, role=RoomRole.INVIGILATOR)
    RoomAssignment.objects.create(plan_room=other, user=user, role=RoomRole.ASSESSOR)

    assert list(selectors.plan_rooms_of_invigilator(user)) == []  # not sealed yet
    plan.status = "sealed"
    plan.save()
    assert list(selectors.plan_rooms_of_invigilator(user)) == [mine]
    assert list(selectors.plan_rooms_of_invigilator(exam_staff("someone"))) == []


def test_room_candidates_come_in_seat_order_and_a_token_finds_only_a_seated_candidate():
    plan = seated_plan(rooms=2, people=40)
    first_room = plan.plan_rooms.get(number=1)

    seats = [c.seat for c in selectors.room_candidates(first_room)]
    assert seats == sorted(seats) and len(seats) == 30

    candidate = plan.candidates.first()
    assert selectors.candidate_by_token(candidate.token) == candidate
    assert selectors.seated_candidate_of(candidate.application) == candidate
    plans.candidate_release(candidate=candidate, actor=exam_staff("kaowu"), reason="缺考申请")
    assert selectors.candidate_by_token(candidate.token) is None
    assert selectors.seated_candidate_of(candidate.application) is None
    assert selectors.candidate_by_token("") is None
