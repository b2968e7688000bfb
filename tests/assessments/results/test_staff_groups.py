"""成绩录入 and 成绩审核 (data migration *_results_staff_groups), reached as staff reach them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from assessments.models.notices import PublicityIndexPage

CALENDAR = "/admin/working_calendar/"


@pytest.fixture
def member(loaded_site, client):
    def login(group_name: str):
        user = get_user_model().objects.create_user(f"u-{group_name}", password="x" * 12)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return login


def test_clerks_enter_scores_and_reach_nothing_of_the_reviewers(member, client):
    user = member("成绩录入")
    assert user.has_perm("assessments.enter_scores")
    for perm in ("review_scores", "change_locked_score", "resolve_objection", "change_planscoring"):
        assert not user.has_perm(f"assessments.{perm}"), perm
    assert client.get("/admin/").status_code == 200
    index = PublicityIndexPage.objects.get()
    for url in (
        CALENDAR,
        f"/admin/pages/add/assessments/publicitynoticepage/{index.pk}/",
        f"/admin/pages/{Page.objects.get(depth=2).pk}/edit/",
        "/admin/audit/",
        "/admin/applications/",
        "/admin/users/",
    ):
        assert client.get(url).status_code in (302, 403), url


def test_reviewers_publish_notices_keep_the_calendar_and_nothing_else(member, client):
    user = member("成绩审核")
    for perm in ("enter_scores", "review_scores", "change_locked_score", "resolve_objection"):
        assert user.has_perm(f"assessments.{perm}"), perm
    index = PublicityIndexPage.objects.get()
    assert client.get(CALENDAR).status_code == 200
    assert (
        client.get(f"/admin/pages/add/assessments/publicitynoticepage/{index.pk}/").status_code
        == 200
    )
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)
    for url in ("/admin/audit/", "/admin/applications/", "/admin/users/"):
        assert client.get(url).status_code in (302, 403), url
