"""Wagtail admin wiring of the exchange pages: URLs under /admin/applications-exchange/ and the
menu items 导出报名 / 导入报名, each shown only to staff with the permission it needs."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from hostsite.admin_menu import PermissionMenuItem
from wagtail import hooks

from forms_app.exchange import services, views

PREFIX = "applications-exchange/"


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [
        path(f"{PREFIX}export/", views.export, name="forms_app_exchange_export"),
        path(
            f"{PREFIX}exports/<uuid:job_id>/",
            views.export_job,
            name="forms_app_exchange_export_job",
        ),
        path(
            f"{PREFIX}exports/<uuid:job_id>/download/",
            views.export_download,
            name="forms_app_exchange_download",
        ),
        path(f"{PREFIX}import/", views.import_, name="forms_app_exchange_import"),
        path(
            f"{PREFIX}imports/<uuid:import_id>/",
            views.import_status,
            name="forms_app_exchange_import_status",
        ),
        path(
            f"{PREFIX}import/template/",
            views.import_template,
            name="forms_app_exchange_import_template",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_export_menu_item():
    return PermissionMenuItem(
        _("导出报名"),
        "forms_app_exchange_export",
        icon_name="download",
        order=260,
        permissions=services.VIEW,
    )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("导入报名"),
        "forms_app_exchange_import",
        icon_name="upload",
        order=270,
        permissions=services.ADD,
    )
