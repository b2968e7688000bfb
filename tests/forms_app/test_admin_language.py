"""No English in the admin screens editors and reviewers use: what Wagtail 8 leaves
untranslated in zh-hans and the permission names Django stores in English are translated by
the project's catalogue (locale/zh_Hans)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def group(db):
    return Group.objects.create(name="报名审核员")


def test_the_group_editor_names_permissions_in_chinese(superuser_client, group):
    html = superuser_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content
    html = html.decode()

    assert "可访问管理后台" in html
    assert "可审核" in html
    for english in ("Can access Wagtail admin", "Can choose image", "Can view API token"):
        assert english not in html


def test_the_dashboard_search_prompt_is_chinese(superuser_client, loaded_site):
    html = superuser_client.get("/admin/").content.decode()

    assert 'placeholder="搜索所有页面…"' in html
    assert "Search all pages" not in html


def test_the_page_editor_has_no_english_notices(superuser_client, registration_page):
    html = superuser_client.get(f"/admin/pages/{registration_page.pk}/edit/").content.decode()

    assert "请更正校验错误后继续预览" in html
    for english in ("Correct the validation errors", "Actions (footer)", "Save your changes"):
        assert english not in html


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("- Select an option -", "- 请选择 -"),
        ("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s", None),
        ("Search all pages…", "搜索所有页面…"),
        ("Can view", "可查看"),
        ("Can add 报名", "可添加报名"),
        ("Can change page", "可修改页面"),
    ],
)
def test_the_catalogue_translates_what_wagtail_and_django_leave_in_english(english, chinese):
    with translation.override("zh-hans"):
        translated = translation.gettext(english)

    assert translated != english
    if chinese:
        assert translated == chinese
