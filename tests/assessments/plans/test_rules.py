"""The plan's rules, each broken once to see the refusal (assessments.services.plans.rules)."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.choices import ComponentKind, PlanStatus, RoomRole
from assessments.models import RoomAssignment
from assessments.services import plans
from assessments.services.plans import PlanRefused
from tests.assessments.factories import (
    RoomFactory,
    candidates,
    exam_day,
    exam_plan,
    exam_staff,
    invigilator,
    plan_room,
    review_panel,
    staff_rooms,
)

pytestmark = pytest.mark.usefixtures("loaded_site")


def theory(plan, **changes):
    current = plan.components.get(kind=ComponentKind.THEORY)
    values = {
        "plan": plan,
        "kind": ComponentKind.THEORY,
        "date": current.date,
        "start": current.start,
        "duration_minutes": current.duration_minutes,
        "venue": current.venue,
        **changes,
    }
    return plans.component_set(**values)


def sealable(plan, people: int = 20):
    """Open the plan, enrol and seat ``people`` candidates, two invigilators per room."""
    plans.plan_transition(plan=plan, to=PlanStatus.OPEN)
    candidates(plan, people)
    plans.plan_seat(plan=plan)
    staff_rooms(plan, invigilators=2)
    return plan


def test_no_exam_in_the_past():
    plan = exam_plan()
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(PlanRefused, match="不能安排在过去") as refusal:
        theory(plan, date=yesterday, start=time(9, 0))
    # local time, as staff read it (not "2025-12-20 09:00:00+08:00")
    assert f"考试时间 {yesterday:%Y年%m月%d日} 09:00 已过" in refusal.value.message
    assert theory(plan, date=exam_day(3)).date == exam_day(3)


def test_a_plan_whose_exam_has_passed_does_not_open():
    plan = exam_plan()
    later = timezone.now() + timedelta(days=31)

    with pytest.raises(PlanRefused, match="时间已过"):
        plans.plan_transition(plan=plan, to=PlanStatus.OPEN, now=later)


def test_theory_lasts_at_least_90_minutes_a_setting(settings):
    plan = exam_plan()
    with pytest.raises(PlanRefused, match="不得少于 90 分钟"):
        theory(plan, duration_minutes=89)
    assert theory(plan, duration_minutes=90).duration_minutes == 90

    settings.ASSESSMENTS_MIN_THEORY_MINUTES = 120
    with pytest.raises(PlanRefused, match="不得少于 120 分钟"):
        theory(plan, duration_minutes=100)


def test_only_level_two_and_one_have_the_comprehensive_review():
    plan = exam_plan(level=4)
    with pytest.raises(PlanRefused, match="综合评审"):
        plans.component_set(
            plan=plan,
            kind=ComponentKind.REVIEW,
            date=exam_day(),
            start=time(9),
            duration_minutes=60,
            venue=plan.components.first().venue,
        )


def test_a_level_two_plan_needs_its_review_to_open():
    plan = exam_plan(level=2)
    plan.components.filter(kind=ComponentKind.REVIEW).delete()

    with pytest.raises(PlanRefused, match="尚未安排综合评审"):
        plans.plan_transition(plan=plan, to=PlanStatus.OPEN)


def test_no_room_is_used_by_two_plans_at_overlapping_times():
    first = exam_plan()
    room = first.rooms.get()
    venue = room.venue
    overlapping = exam_plan(rooms=0, venue=venue)
    other_day = exam_plan(rooms=0, venue=venue, day=exam_day(31))

    local = rf"在 {exam_day():%Y年%m月%d日} \d\d:\d\d 已被"  # local time, read as staff do
    with pytest.raises(PlanRefused, match=local + ".*时间重叠"):
        plans.plan_room_add(plan=overlapping, room=room)
    assert plans.plan_room_add(plan=other_day, room=room).number == 1

    # moving the other plan's theory onto the first plan's morning is refused as well
    with pytest.raises(PlanRefused, match="时间重叠"):
        theory(other_day, date=exam_day())


def test_a_closed_plan_frees_its_rooms():
    first = exam_plan()
    room = first.rooms.get()
    first.status = PlanStatus.CLOSED
    first.save()
    again = exam_plan(rooms=0, venue=room.venue)

    assert plans.plan_room_add(plan=again, room=room).room == room


def test_a_computer_based_theory_exam_needs_computer_rooms():
    plan = exam_plan(rooms=0)
    theory(plan, computer_based=True)
    venue = plan.components.first().venue

    with pytest.raises(PlanRefused, match="不是机房"):
        plans.plan_room_add(plan=plan, room=RoomFactory(venue=venue))
    assert plans.plan_room_add(plan=plan, room=RoomFactory(venue=venue, is_computer_room=True))


def test_a_plan_is_sealed_once_everyone_is_seated_and_the_rooms_are_staffed():
    plan = sealable(exam_plan(rooms=1))

    sealed = plans.plan_transition(plan=plan, to=PlanStatus.SEALED)

    assert sealed.status == PlanStatus.SEALED and sealed.sealed_at


def test_seal_refuses_a_room_with_fewer_than_two_invigilators():
    plan = exam_plan(rooms=1)
    plans.plan_transition(plan=plan, to=PlanStatus.OPEN)
    candidates(plan, 5)
    plans.plan_seat(plan=plan)
    staff_rooms(plan, invigilators=1)

    with pytest.raises(PlanRefused, match="需要至少 2 名监考员，现有 1 名"):
        plans.plan_transition(plan=plan, to=PlanStatus.SEALED)


def test_only_those_who_may_check_in_are_assigned_as_invigilators():
    plan = exam_plan(rooms=1)
    room = plan.plan_rooms.get()
    editor = exam_staff("bianji", extra_perms=("wagtailadmin.access_admin",))
    editor.groups.add(Group.objects.get(name="编辑"))

    with pytest.raises(PlanRefused, match="“bianji”没有考生签到权限，不能担任监考员"):
        plans.room_staff_assign(plan_room=room, user=editor)

    jiankao = exam_staff("jiankao")
    jiankao.groups.add(Group.objects.get(name="监考"))
    boss = exam_staff("boss", superuser=True)
    plans.room_staff_assign(plan_room=room, user=jiankao)
    plans.room_staff_assign(plan_room=room, user=boss)
    # an assessor (考评员) checks nobody in: any active staff member
    plans.room_staff_assign(plan_room=room, user=editor, role=RoomRole.ASSESSOR)
    assert room.assignments.count() == 3


def test_an_invigilator_who_cannot_check_in_does_not_count_toward_sealing():
    plan = exam_plan(rooms=1)
    plans.plan_transition(plan=plan, to=PlanStatus.OPEN)
    candidates(plan, 5)
    plans.plan_seat(plan=plan)
    room = plan.plan_rooms.get()
    plans.room_staff_assign(plan_room=room, user=invigilator("jiankao"))
    editor = exam_staff("bianji")
    # assigned before the rule, or the permission taken away since
    RoomAssignment.objects.create(plan_room=room, user=editor, role=RoomRole.INVIGILATOR)

    with pytest.raises(PlanRefused) as refusal:
        plans.plan_transition(plan=plan, to=PlanStatus.SEALED)
    assert f"{room}的监考员“bianji”没有考生签到权限" in refusal.value.message
    assert "需要至少 2 名监考员，现有 1 名" in refusal.value.message

    plans.room_staff_assign(plan_room=room, user=invigilator("jiankao2"))
    editor.user_permissions.add(*Group.objects.get(name="监考").permissions.all())
    assert plans.plan_transition(plan=plan, to=PlanStatus.SEALED).status == PlanStatus.SEALED


def test_seal_refuses_fewer_than_one_invigilator_per_15_candidates(settings):
    plan = exam_plan(rooms=1, room_fields={"rows": 6, "columns": 6})
    sealable(plan, people=31)  # 31 candidates need 3

    with pytest.raises(PlanRefused, match="需要至少 3 名监考员，现有 2 名"):
        plans.plan_transition(plan=plan, to=PlanStatus.SEALED)

    settings.ASSESSMENTS_CANDIDATES_PER_INVIGILATOR = 16  # a setting: 31 / 16 → 2
    assert plans.plan_transition(plan=plan, to=PlanStatus.SEALED).status == PlanStatus.SEALED


def test_seal_refuses_unseated_candidates():
    plan = sealable(exam_plan(rooms=1))
    candidates(plan, 1)

    with pytest.raises(PlanRefused, match="1 名考生未安排座位"):
        plans.plan_transition(plan=plan, to=PlanStatus.SEALED)


@pytest.mark.parametrize("panel, sealed", [(2, False), (3, True), (4, False), (5, True)])
def test_a_review_panel_is_an_odd_number_of_at_least_three(panel, sealed):
    plan = sealable(exam_plan(rooms=1, level=2))
    review_panel(plan, panel)

    if sealed:
        assert plans.plan_transition(plan=plan, to=PlanStatus.SEALED).status == "sealed"
    else:
        with pytest.raises(PlanRefused, match="单数"):
            plans.plan_transition(plan=plan, to=PlanStatus.SEALED)


def test_no_reseating_after_sealing():
    plan = sealable(exam_plan(rooms=1))
    plans.plan_transition(plan=plan, to=PlanStatus.SEALED)
    candidate = plan.candidates.first()

    with pytest.raises(PlanRefused, match="座位已冻结"):
        plans.plan_seat(plan=plan)
    with pytest.raises(PlanRefused, match="座位已冻结"):
        plans.candidate_seat(candidate=candidate, room=candidate.room, seat=30)
    with pytest.raises(PlanRefused, match="座位已冻结"):
        plans.plan_room_add(plan=plan, room=RoomFactory())


def test_a_plan_moves_only_along_its_lifecycle():
    plan = exam_plan()
    with pytest.raises(PlanRefused, match="不能从“草稿”改为“已封场”"):
        plans.plan_transition(plan=plan, to=PlanStatus.SEALED)


def test_only_active_staff_are_assigned_to_rooms():
    plan = exam_plan()
    outsider = exam_staff("outsider", admin_access=False)

    with pytest.raises(PlanRefused, match="不是在职的工作人员"):
        plans.room_staff_assign(plan_room=plan.plan_rooms.get(), user=outsider)


def test_a_room_with_seated_candidates_stays_in_the_plan():
    plan = exam_plan(rooms=1)
    candidates(plan, 2)
    plans.plan_seat(plan=plan)

    with pytest.raises(PlanRefused, match="已安排 2 名考生"):
        plans.plan_room_remove(plan_room=plan.plan_rooms.get())
    assert plan_room(plan).number == 2
