"""Seating a plan: everyone seated once, reproducible from the seed, groups spread apart,
accessibility needs first, manual moves, every assignment logged, as a background job."""

from collections import Counter

import pytest
from hostsite.models import Job, JobStatus

from assessments.choices import SeatAction
from assessments.services import plans
from assessments.services.plans import PlanRefused, SeatTaken
from assessments.services.plans.tasks import plan_seating_start
from tests.assessments.factories import (
    RoomFactory,
    candidates,
    exam_plan,
    exam_staff,
    plan_room,
)

pytestmark = pytest.mark.usefixtures("loaded_site")


def seats_of(plan):
    return {
        c.pk: (c.room_id, c.seat, c.ticket_number)
        for c in plan.candidates.select_related("room").order_by("pk")
    }


def neighbours(room, seat):
    row, column = room.seat_position(seat)
    return {
        s
        for s in range(1, room.rows * room.columns + 1)
        if s != seat
        and abs(room.seat_position(s)[0] - row) <= 1
        and abs(room.seat_position(s)[1] - column) <= 1
    }


def test_everyone_gets_one_seat_and_a_ticket_number_of_plan_room_and_seat():
    plan = exam_plan(rooms=3, code="2604010")
    candidates(plan, 70)

    result = plans.plan_seat(plan=plan)

    seated = list(plan.candidates.select_related("room"))
    assert result.seated == 70 and all(c.seat for c in seated)
    assert len({(c.room_id, c.seat) for c in seated}) == 70
    numbers = {pr.room_id: pr.number for pr in plan.plan_rooms.all()}
    for c in seated:
        assert c.ticket_number == f"2604010{numbers[c.room_id]:02d}{c.seat:02d}"
        assert c.seat in c.room.usable_seats
    assert plan.seat_log.filter(action=SeatAction.SEATED).count() == 70


def test_the_same_seed_gives_the_same_seating_and_another_seed_another():
    plan = exam_plan(rooms=2)
    candidates(plan, 40)
    plans.plan_seat(plan=plan)
    first = seats_of(plan)

    plans.plan_seat(plan=plan)
    assert seats_of(plan) == first

    plan.seed += 1
    plan.save()
    plans.plan_seat(plan=plan)
    assert seats_of(plan) != first


def test_one_employers_candidates_are_spread_over_rooms_and_never_side_by_side():
    plan = exam_plan(rooms=2)
    company = candidates(plan, 12, employer="锡林郭勒电商公司")
    candidates(plan, 8, training_class="2026春季班")
    candidates(plan, 28)

    plans.plan_seat(plan=plan)

    rooms = Counter(c.room_id for c in plan.candidates.filter(employer="锡林郭勒电商公司"))
    assert sorted(rooms.values()) == [6, 6]
    for group in ({"employer": "锡林郭勒电商公司"}, {"training_class": "2026春季班"}):
        placed = list(plan.candidates.filter(**group).select_related("room"))
        taken = {(c.room_id, c.seat) for c in placed}
        for c in placed:
            assert not any((c.room_id, s) in taken for s in neighbours(c.room, c.seat)), c
    assert len(company) == 12


def test_accessibility_needs_are_seated_first_in_an_accessible_room_at_the_front():
    plan = exam_plan(rooms=1)
    plan_room(plan, is_accessible=True)
    candidates(plan, 30)
    needing = candidates(plan, 2, accessibility_needs="轮椅")

    plans.plan_seat(plan=plan)

    accessible = plan.plan_rooms.get(room__is_accessible=True).room
    for c in needing:
        c.refresh_from_db()
        assert c.room == accessible and c.seat in (1, 2)


def test_seating_refuses_when_the_rooms_have_too_few_seats():
    plan = exam_plan(rooms=1, room_fields={"rows": 2, "columns": 3, "unusable_seats": [6]})
    candidates(plan, 6)

    with pytest.raises(PlanRefused, match="需要 6 个，现有 5 个"):
        plans.plan_seat(plan=plan)
    assert not plan.candidates.filter(seat__isnull=False).exists()


def test_staff_move_a_candidate_to_a_free_seat_but_never_onto_a_taken_one():
    plan = exam_plan(rooms=2)
    first, second = candidates(plan, 2)
    plans.plan_seat(plan=plan)
    staff = exam_staff("kaowu")
    first.refresh_from_db()
    second.refresh_from_db()

    with pytest.raises(SeatTaken, match="该座位已安排给考生"):
        plans.candidate_seat(candidate=second, room=first.room, seat=first.seat, actor=staff)

    other = plan.plan_rooms.get(number=2)
    moved = plans.candidate_seat(
        candidate=second, room=other.room, seat=17, actor=staff, reason="靠近出口"
    )

    assert moved.ticket_number == f"{plan.code}0217"
    log = second.seat_log.filter(action=SeatAction.MOVED).get()
    assert (log.to_room, log.to_seat, log.actor, log.reason) == (other.room, 17, staff, "靠近出口")


def test_a_room_outside_the_plan_or_an_unusable_seat_is_refused():
    plan = exam_plan(rooms=1, room_fields={"unusable_seats": [4]})
    (candidate,) = candidates(plan, 1)

    with pytest.raises(PlanRefused, match="不属于本考试计划"):
        plans.candidate_seat(candidate=candidate, room=RoomFactory(), seat=1)
    with pytest.raises(PlanRefused, match="没有可用的 4 号座位"):
        plans.candidate_seat(candidate=candidate, room=plan.rooms.get(), seat=4)


def test_seating_runs_as_a_background_job_with_progress(django_capture_on_commit_callbacks):
    plan = exam_plan(rooms=1)
    candidates(plan, 12)
    staff = exam_staff("kaowu")

    with django_capture_on_commit_callbacks(execute=True):
        job = plan_seating_start(plan=plan, actor=staff)

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (12, 12)
    assert "12 名考生" in job.message
    assert plan.candidates.filter(seat__isnull=False).count() == 12
