"""Who reaches 统计 (data migration *_statistics_staff_groups): the groups that run
registration, the exam office, results and certificates; not reviewers, clerks, invigilators,
question writers or editors."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DASHBOARD = "/admin/statistics/"
ALLOWED = ("报名管理", "考务", "成绩审核", "证书管理")
REFUSED = ("报名审核", "成绩录入", "监考", "题库管理", "命题", "编辑")


def menu_urls(response) -> set[str]:
    """The addresses in the admin's main menu (the sidebar is drawn from JSON)."""
    html = response.content.decode()
    props = html.split('id="wagtail-sidebar-props" type="application/json">', 1)[1]
    urls = set()

    def walk(node):
        if isinstance(node, dict):
            urls.update([node["url"]] if isinstance(node.get("url"), str) else [])
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(props.split("</script>", 1)[0]))
    return urls


@pytest.fixture
def member(loaded_site, client):
    def login(group_name: str):
        user = get_user_model().objects.create_user(f"u-{group_name}", password="x" * 12)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return login


@pytest.mark.parametrize("group_name", ALLOWED)
def test_these_groups_see_the_dashboard_its_charts_and_the_menu_item(member, client, group_name):
    user = member(group_name)
    assert user.has_perm("assessments.view_statistics")
    page = client.get(DASHBOARD)
    assert page.status_code == 200 and "各职业、等级报名人数" in page.content.decode()
    assert client.get(DASHBOARD + "applications.svg").status_code == 200
    assert client.get(DASHBOARD + "pass.csv").status_code == 200
    assert DASHBOARD in menu_urls(client.get("/admin/"))


@pytest.mark.parametrize("group_name", REFUSED)
def test_other_groups_do_not(member, client, group_name):
    user = member(group_name)
    assert not user.has_perm("assessments.view_statistics")
    for url in (DASHBOARD, DASHBOARD + "applications.svg", DASHBOARD + "approval.csv"):
        assert client.get(url).status_code in (302, 403), url
    menu = menu_urls(client.get("/admin/"))
    assert menu and DASHBOARD not in menu


def test_the_migration_gives_the_permission_to_exactly_these_groups(loaded_site):
    holding = Group.objects.filter(
        permissions__content_type__app_label="assessments",
        permissions__codename="view_statistics",
    )
    assert sorted(holding.values_list("name", flat=True)) == sorted(ALLOWED)
