"""Admin wiring only: the two-factor pages, 登录锁定 and 审计日志. (Plugins add their own admin
menus in their own wagtail_hooks.py.)"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from hostsite.admin_menu import PermissionMenuItem
from hostsite.staff import views as staff_views
from hostsite.staff.audit_viewset import audit_entry_viewset
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def staff_urls():
    return [
        path("2fa/", staff_views.overview, name="staff_2fa"),
        path("2fa/verify/", staff_views.verify, name="staff_2fa_verify"),
        path("2fa/setup/", staff_views.setup, name="staff_2fa_setup"),
        path("lockouts/", staff_views.lockouts, name="staff_lockouts"),
    ]


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return MenuItem(_("两步验证"), reverse("staff_2fa"), icon_name="key", order=890)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return PermissionMenuItem(
        _("登录锁定"),
        "staff_lockouts",
        permissions="axes.delete_accessattempt",
        icon_name="lock",
        order=895,
    )


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return audit_entry_viewset
