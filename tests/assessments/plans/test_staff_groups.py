"""考务 and 监考 (the plans area's data migration), reached the way staff reach them."""

import pytest
from django.contrib.auth.models import Group

from tests.assessments.factories import candidates, exam_plan, exam_staff

pytestmark = pytest.mark.usefixtures("loaded_site")


@pytest.fixture
def member(client):
    def login(group_name: str):
        user = exam_staff(f"member-{group_name}", admin_access=False)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return login


def test_kaowu_runs_plans_rooms_and_seating_but_not_reviews_users_or_the_question_bank(
    member, client
):
    user = member("考务")
    plan = exam_plan(rooms=1)
    candidates(plan, 3)

    for url in ("/admin/exam_plans/", "/admin/exam_venues/", "/admin/exam_rooms/",
                f"/admin/exam-office/{plan.pk}/", "/admin/exam_rooms/new/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert client.post(f"/admin/exam-office/{plan.pk}/seat/").status_code == 302
    assert user.has_perms(
        ["assessments.seal_plan", "assessments.print_documents", "assessments.release_seat"]
    )
    assert not user.has_perm("assessments.check_in_candidate")
    for url in ("/admin/applications/", "/admin/users/", "/admin/audit/", "/admin/questions/"):
        assert client.get(url).status_code in (302, 403), url


def test_jiankao_reaches_the_admin_and_may_check_in_but_sees_no_plan_and_seats_nobody(
    member, client
):
    user = member("监考")
    plan = exam_plan(rooms=1)
    candidates(plan, 2)

    assert client.get("/admin/").status_code == 200
    assert user.has_perm("assessments.check_in_candidate")
    for url in ("/admin/exam_plans/", "/admin/exam_rooms/", f"/admin/exam-office/{plan.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    for action in ("seat", "status", "release"):
        assert client.post(f"/admin/exam-office/{plan.pk}/{action}/").status_code in (302, 403)
    assert not plan.candidates.filter(seat__isnull=False).exists()
