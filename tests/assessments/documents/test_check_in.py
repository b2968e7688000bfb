"""Check-in at the door: only invigilators of the candidate's room, idempotent, audited, with
the photo, and the room's live count."""

import pytest
from django.urls import reverse
from hostsite.models import AuditEntry

from assessments.models import CheckIn, RoomAssignment
from assessments.selectors import documents as selectors
from assessments.services import documents as services
from tests.assessments.factories import exam_staff, sealed_plan

pytestmark = pytest.mark.plugins("assessments")

CHECK_IN_PERM = "assessments.check_in_candidate"


def invigilator(plan_room, name: str, *, perm: bool = True):
    user = exam_staff(name, extra_perms=(CHECK_IN_PERM,) if perm else ())
    RoomAssignment.objects.create(plan_room=plan_room, user=user)
    return user


@pytest.fixture
def plan(loaded_site):
    return sealed_plan(rooms=2, per_room=3)


def _candidate(plan, room_number: int):
    plan_room = plan.plan_rooms.get(number=room_number)
    return selectors.room_candidates(plan_room=plan_room).first(), plan_room


def test_an_invigilator_checks_a_candidate_in_once_and_it_is_audited(plan, client):
    candidate, plan_room = _candidate(plan, 1)
    client.force_login(invigilator(plan_room, "jk1"))
    url = reverse("assessments_check_in", args=[candidate.token])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert candidate.application.name in html and "尚未签到" in html
    assert candidate.application.id_number_masked in html
    assert candidate.application.id_number not in html
    assert reverse("assessments_check_in_photo", args=[candidate.token]) in html
    assert "已到 <strong>0</strong> 人，未到 <strong>3</strong> 人" in html

    first = client.post(url, follow=True)
    assert "已签到" in first.content.decode()
    again = client.post(url, follow=True)
    assert "无需重复签到" in again.content.decode()
    assert CheckIn.objects.filter(candidate=candidate).count() == 1
    assert AuditEntry.objects.filter(action=services.CHECK_IN).count() == 1
    assert "已到 <strong>1</strong> 人，未到 <strong>2</strong> 人" in again.content.decode()


def test_the_photo_is_shown_to_the_invigilator_only(plan, client):
    candidate, plan_room = _candidate(plan, 1)
    url = reverse("assessments_check_in_photo", args=[candidate.token])
    client.force_login(invigilator(plan_room, "jk1"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(invigilator(plan.plan_rooms.get(number=2), "jk2"))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_room", 403),  # 监考 of another room
        ("no_permission", 403),  # assigned, but without the check-in permission
        ("superuser", 200),
    ],
)
def test_only_invigilators_of_the_room_may_check_in(plan, client, who, status):
    candidate, plan_room = _candidate(plan, 1)
    if who == "other_room":
        user = invigilator(plan.plan_rooms.get(number=2), "jk2")
    elif who == "no_permission":
        user = invigilator(plan_room, "jk0", perm=False)
    else:
        user = exam_staff("boss", superuser=True)
    client.force_login(user)
    url = reverse("assessments_check_in", args=[candidate.token])
    assert client.get(url).status_code == status
    assert client.post(url).status_code in ((302,) if status == 200 else (status,))
    assert CheckIn.objects.filter(candidate=candidate).exists() is (status == 200)


def test_a_ticket_number_or_a_made_up_token_opens_nothing(plan, client):
    candidate, plan_room = _candidate(plan, 1)
    client.force_login(invigilator(plan_room, "jk1"))
    for token in (candidate.ticket_number, "x" * 32):
        assert client.get(reverse("assessments_check_in", args=[token])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(plan, client):
    candidate, _plan_room = _candidate(plan, 1)
    response = client.get(reverse("assessments_check_in", args=[candidate.token]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_released_candidate_or_an_unsealed_plan_cannot_be_checked_in(plan, client):
    candidate, plan_room = _candidate(plan, 1)
    user = invigilator(plan_room, "jk1")
    component = plan.components.first()
    plan.status = "open"
    plan.save(update_fields=["status"])
    with pytest.raises(services.CheckInRefused, match="尚未封场"):
        services.candidate_check_in(candidate=candidate, component=component, user=user)
    client.force_login(user)
    response = client.post(reverse("assessments_check_in", args=[candidate.token]))
    assert response.status_code == 409 and "尚未封场" in response.content.decode()


def test_the_room_page_counts_present_and_absent_live(plan, client):
    candidate, plan_room = _candidate(plan, 1)
    user = invigilator(plan_room, "jk1")
    component = plan.components.order_by("date", "start").first()
    services.candidate_check_in(candidate=candidate, component=component, user=user)
    client.force_login(user)
    url = reverse("assessments_room_status", args=[plan_room.pk])
    assert client.get(url, {"format": "json"}).json() == {"seated": 3, "present": 1, "absent": 2}
    page = client.get(url).content.decode()
    assert page.count('class="is-present"') == 1 and page.count('class="is-absent"') == 2
    # the other component counts separately
    other = plan.components.exclude(pk=component.pk).first()
    assert client.get(url, {"format": "json", "component": other.pk}).json()["present"] == 0
    client.force_login(invigilator(plan.plan_rooms.get(number=2), "jk2"))
    assert client.get(url).status_code == 403


def test_a_scan_that_loses_the_race_to_another_phone_reports_the_first_check_in(plan, monkeypatch):
    from assessments.services.documents import checkin

    candidate, plan_room = _candidate(plan, 1)
    first, second = invigilator(plan_room, "jk1"), invigilator(plan_room, "jk2")
    component = plan.components.first()
    won = services.candidate_check_in(candidate=candidate, component=component, user=first)
    # the second phone read "not yet checked in" just before the first one's row committed
    monkeypatch.setattr(checkin, "_existing", lambda candidate, component: None)
    lost = services.candidate_check_in(candidate=candidate, component=component, user=second)
    assert won.created and not lost.created
    assert lost.check_in.pk == won.check_in.pk and lost.check_in.checked_in_by == first
    assert CheckIn.objects.filter(candidate=candidate).count() == 1
    assert AuditEntry.objects.filter(action=services.CHECK_IN).count() == 1


def test_check_in_is_for_the_component_not_yet_over(plan):
    from datetime import datetime, timedelta

    from django.utils import timezone

    theory, skills = plan.components.order_by("date", "start")
    morning = timezone.make_aware(datetime.combine(theory.date, theory.start))
    assert selectors.current_component(plan, now=morning - timedelta(days=3)) == theory
    assert selectors.current_component(plan, now=morning + timedelta(minutes=30)) == theory
    assert selectors.current_component(plan, now=morning + timedelta(hours=4)) == skills
    assert selectors.current_component(plan, now=morning + timedelta(days=2)) == skills
