"""The 考务 screens as staff use them: create a plan, add rooms and invigilators, enrol 100+
approved applicants, seat them in the background, seal; refusals come back in Chinese (409)."""

import pytest
from django.contrib.auth.models import Group
from hostsite.models import Job

from assessments.models import ExamPlan
from tests.assessments.factories import (
    RoomFactory,
    VenueFactory,
    approved_applications,
    exam_day,
    exam_plan,
    exam_staff,
    invigilator,
)
from tests.forms_app.factories import ExamPeriodFactory

pytestmark = pytest.mark.usefixtures("loaded_site")


def office(plan, action=""):
    return f"/admin/exam-office/{plan.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def kaowu(client):
    user = exam_staff("kaowu-member", admin_access=False)
    user.groups.add(Group.objects.get(name="考务"))
    client.force_login(user)
    return user


def test_staff_plan_enrol_seat_and_seal_a_plan_of_120_candidates(
    kaowu, client, django_capture_on_commit_callbacks
):
    from tests.assessments.factories import school_occupation

    period = ExamPeriodFactory(name="2026年第五批")
    created = client.post(
        "/admin/exam_plans/new/",
        {
            "title": "2026年第五批 电子商务师 四级",
            "code": "2605040",
            "exam_period": period.pk,
            "occupation": school_occupation().pk,
            "specialty_slug": "online-merchant",
            "level": 4,
            "ticket_format": "default",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    plan = ExamPlan.objects.get(code="2605040")
    assert plan.specialty == "网商"

    venue = VenueFactory(name="锡林浩特第一考点")
    day = exam_day().isoformat()
    for kind, start, minutes in (("theory", "09:00", 90), ("skills", "14:00", 120)):
        answer = client.post(
            office(plan, "component"),
            {"kind": kind, "date": day, "start": start, "duration_minutes": minutes,
             "venue": venue.pk},
        )  # fmt: skip
        assert answer.status_code == 302
    rooms = [RoomFactory(venue=venue, rows=6, columns=6, capacity=36) for _n in range(4)]
    for room in rooms:
        assert client.post(office(plan, "room"), {"room": room.pk}).status_code == 302
    approved_applications(plan, 120)

    assert client.post(office(plan, "status"), {"to": "open"}).status_code == 302
    enrolled = client.post(office(plan, "enrol"), {"numbers": ""}, follow=True)
    assert "已编入 120 名考生" in enrolled.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(office(plan, "seat"))
    assert started.status_code == 302 and "/seating/" in started["Location"]
    job = Job.objects.get(owner=kaowu)
    assert job.status == "succeeded" and job.done == 120
    assert "编排完成" in client.get(started["Location"]).content.decode()

    refused = client.post(office(plan, "status"), {"to": "sealed"})
    assert refused.status_code == 409
    assert "需要至少 3 名监考员，现有 0 名" in refused.content.decode()  # 30 per room: 3 each

    for plan_room in plan.plan_rooms.all():
        for n in range(3):
            user = invigilator(f"jiankao-{plan_room.number}-{n}")
            answer = client.post(
                office(plan, "staff"),
                {"plan_room": plan_room.pk, "user": user.pk, "role": "invigilator"},
            )
            assert answer.status_code == 302
    sealed = client.post(office(plan, "status"), {"to": "sealed"}, follow=True)
    assert "已封场" in sealed.content.decode()
    plan.refresh_from_db()
    assert plan.status == "sealed"
    assert plan.candidates.filter(seat__isnull=False).count() == 120

    page = client.get(office(plan)).content.decode()
    ticket = plan.candidates.order_by("ticket_number").first().ticket_number
    assert ticket.startswith("2605040") and ticket in page


def test_a_move_onto_a_taken_seat_is_refused_in_chinese(kaowu, client):
    from assessments.services import plans

    plan = exam_plan(rooms=1)
    approved_applications(plan, 2)
    plans.candidates_enrol_from_forms(plan=plan)
    plans.plan_seat(plan=plan)
    first, second = plan.candidates.order_by("seat")

    answer = client.post(
        office(plan, "move"), {"candidate": second.pk, "room": first.room_id, "seat": first.seat}
    )

    assert answer.status_code == 409
    assert "该座位已安排给考生" in answer.content.decode()


def test_an_unknown_action_is_404_and_a_get_is_not_allowed(kaowu, client):
    plan = exam_plan()
    assert client.post(office(plan, "explode")).status_code == 404
    assert client.get(office(plan, "seat")).status_code == 405


def room_post(client, **fields):
    venue = VenueFactory(name="锡林浩特第二考点")
    data = {"venue": venue.pk, "name": "教学楼301", "rows": 3, "columns": 4, "capacity": 10}
    return client.post("/admin/exam_rooms/new/", {**data, **fields})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("", []), ("3, 5", [3, 5]), ("5，3 3", [3, 5]), ("[3, 5]", [3, 5])],
)
def test_a_room_is_added_with_unusable_seats_typed_as_numbers(kaowu, client, typed, stored):
    from assessments.models import Room

    response = room_post(client, unusable_seats=typed)

    assert response.status_code == 302, response.content.decode()[:3000]
    room = Room.objects.get(name="教学楼301")
    assert room.unusable_seats == stored
    assert len(room.usable_seats) == 10


@pytest.mark.parametrize(
    ("typed", "message"),
    [("3, 十三", "座位号只能是数字"), ("0, 13", "座位号应在 1 到 12 之间")],
)
def test_unusable_seats_outside_the_room_are_refused_in_chinese(kaowu, client, typed, message):
    response = room_post(client, unusable_seats=typed)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_room_cannot_hold_more_than_its_usable_seats(kaowu, client):
    response = room_post(client, unusable_seats="1, 2, 3", capacity=10)

    assert response.status_code == 200
    assert "容纳人数（10）超过可用座位数（9）" in response.content.decode()


def test_the_plan_form_offers_specialties_by_name(kaowu, client):
    # Staff chose the specialty by typing its slug ("online-merchant"); typing "网商" was
    # refused with Django's slug message.
    import re

    page = client.get("/admin/exam_plans/new/").content.decode()

    assert re.search(r'<option value="online-merchant"[^>]*>\s*电子商务师 · 网商\s*</option>', page)
    period = ExamPeriodFactory(name="2026年第六批")
    from tests.assessments.factories import school_occupation

    data = {
        "title": "第六批 电子商务师 四级", "code": "2606040", "exam_period": period.pk,
        "occupation": school_occupation().pk, "level": 4, "ticket_format": "default",
    }  # fmt: skip
    wrong = client.post(
        "/admin/exam_plans/new/", {**data, "specialty_slug": "cross-border-e-commerce-x"}
    )
    assert wrong.status_code == 200
    assert (
        client.post(
            "/admin/exam_plans/new/", {**data, "specialty_slug": "online-merchant"}
        ).status_code
        == 302
    )
    assert ExamPlan.objects.get(code="2606040").specialty == "网商"


def test_the_invigilator_dropdown_offers_only_those_who_may_check_in(client, kaowu):
    plan = exam_plan(rooms=1)
    editor = exam_staff("bianji")
    editor.groups.add(Group.objects.get(name="编辑"))
    jiankao = exam_staff("jiankao")
    jiankao.groups.add(Group.objects.get(name="监考"))

    page = client.get(office(plan)).content.decode()
    invigilators = page.split('name="user"')[1].split("</select>")[0]
    assessors = page.split('name="user"')[2].split("</select>")[0]
    assert "jiankao" in invigilators and "bianji" not in invigilators
    assert "bianji" in assessors  # 考评员 check nobody in

    room = plan.plan_rooms.get()
    refused = client.post(office(plan, "staff"), {"plan_room": room.pk, "user": editor.pk})
    assert refused.status_code == 409
    assert not room.assignments.exists()
    answer = client.post(office(plan, "assessor"), {"plan_room": room.pk, "user": editor.pk})
    assert answer.status_code == 302
    assert room.assignments.get().role == "assessor"
