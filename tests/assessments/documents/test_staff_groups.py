"""What 考务 and 监考 (groups of the plans area's data migration) reach in the documents area:
考务 prints tickets and room lists and sees seat maps but checks nobody in; 监考 checks in the
candidates of the rooms they are assigned to, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.models import CheckIn, RoomAssignment
from assessments.selectors import documents as selectors
from tests.assessments.factories import exam_staff, sealed_plan

pytestmark = pytest.mark.plugins("assessments")


@pytest.fixture
def plan(loaded_site):
    return sealed_plan(rooms=2, per_room=2, photos=False)


def member(client, group_name: str, username: str):
    user = exam_staff(username, admin_access=False)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


def test_kaowu_prints_tickets_and_lists_but_checks_nobody_in(plan, client):
    member(client, "考务", "kaowu")
    plan_room = plan.plan_rooms.get(number=1)
    candidate = selectors.room_candidates(plan_room=plan_room).first()
    for url in (
        reverse("assessments_plan_list"),
        reverse("assessments_plan_documents", args=[plan.pk]),
        reverse("assessments_candidate_ticket", args=[candidate.pk]),
        reverse("assessments_room_sheet", args=[plan_room.pk, "sign-in", "pdf"]),
        reverse("assessments_room_sheet", args=[plan_room.pk, "door", "xlsx"]),
        reverse("assessments_seat_map", args=[plan_room.pk]),
    ):
        assert client.get(url).status_code == 200, url
    check_in = reverse("assessments_check_in", args=[candidate.token])
    assert client.get(check_in).status_code == 403
    assert client.post(check_in).status_code == 403
    assert client.get(reverse("assessments_room_status", args=[plan_room.pk])).status_code == 403
    assert not CheckIn.objects.exists()
    # so the documents page links each room's seat map but not its check-in page (a dead 403)
    page = client.get(reverse("assessments_plan_documents", args=[plan.pk])).content.decode()
    assert reverse("assessments_seat_map", args=[plan_room.pk]) in page
    assert reverse("assessments_room_status", args=[plan_room.pk]) not in page


def test_jiankao_checks_in_their_own_room_only_and_prints_nothing(plan, client):
    user = member(client, "监考", "jiankao")
    own, other = plan.plan_rooms.get(number=1), plan.plan_rooms.get(number=2)
    RoomAssignment.objects.create(plan_room=own, user=user)
    mine = selectors.room_candidates(plan_room=own).first()
    theirs = selectors.room_candidates(plan_room=other).first()

    assert client.get(reverse("assessments_my_rooms")).status_code == 200
    assert client.post(reverse("assessments_check_in", args=[mine.token])).status_code == 302
    assert CheckIn.objects.filter(candidate=mine).exists()
    assert client.post(reverse("assessments_check_in", args=[theirs.token])).status_code == 403
    assert not CheckIn.objects.filter(candidate=theirs).exists()
    assert client.get(reverse("assessments_room_status", args=[own.pk])).status_code == 200
    assert client.get(reverse("assessments_room_status", args=[other.pk])).status_code == 403
    for url in (
        reverse("assessments_plan_documents", args=[plan.pk]),
        reverse("assessments_candidate_ticket", args=[mine.pk]),
        reverse("assessments_room_sheet", args=[own.pk, "sign-in", "pdf"]),
        reverse("assessments_seat_map", args=[own.pk]),
    ):
        assert client.get(url).status_code == 403, url
