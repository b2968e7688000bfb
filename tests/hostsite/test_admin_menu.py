"""Admin menu items shown only to users who may open what they link to."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from hostsite.admin_menu import PermissionMenuItem, PermissionSubmenuMenuItem
from wagtail.admin.menu import Menu

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("menu-staff", password="x" * 16, is_staff=True)


def _grant(user, codename: str):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


def test_an_item_shows_to_holders_of_any_of_its_permissions_and_links_by_name(rf, staff):
    item = PermissionMenuItem(
        "锁定", "staff_lockouts", permissions=("axes.delete_accessattempt", "auth.change_user")
    )
    request = rf.get("/admin/")
    request.user = staff
    assert not item.is_shown(request)
    request.user = AnonymousUser()
    assert not item.is_shown(request)
    request.user = _grant(staff, "change_user")
    assert item.is_shown(request)
    assert item.render_component(request).url == "/admin/lockouts/"


def test_a_submenu_shows_to_holders_of_its_permission(rf, staff):
    submenu = PermissionSubmenuMenuItem("组", Menu(items=[]), permissions="auth.change_user")
    request = rf.get("/admin/")
    request.user = staff
    assert not submenu.is_shown(request)
    request.user = _grant(staff, "change_user")
    assert submenu.is_shown(request)
