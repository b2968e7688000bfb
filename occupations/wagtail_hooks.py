from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from occupations import admin_views, condition_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "occupations/checks/",
            admin_views.requirements_report,
            name="occupations_requirements_report",
        ),
        path(
            "occupations/<int:page_id>/conditions/paste/",
            condition_views.conditions_paste,
            name="occupations_conditions_paste",
        ),
        path(
            "occupations/<int:page_id>/conditions/rederive/",
            condition_views.condition_rederive,
            name="occupations_condition_rederive",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_requirements_report_menu_item():
    return MenuItem(
        _("报名条件检查"),
        reverse("occupations_requirements_report"),
        icon_name="warning",
        order=700,
    )
