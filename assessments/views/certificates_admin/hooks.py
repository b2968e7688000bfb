"""Admin wiring of certificates: the 证书 menu (shown to staff who may issue), its pages and the
issuers' viewset (证书编号第 1–13 位)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from hostsite.admin_menu import PermissionMenuItem, PermissionSubmenuMenuItem
from wagtail.admin.menu import Menu
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models import CertificateIssuer
from assessments.views import certificates_admin as views

PREFIX = "certificates/"


class IssuerViewSet(ModelViewSet):
    model = CertificateIssuer
    icon = "site"
    menu_label = _("发证机构")
    add_to_admin_menu = False
    url_prefix = "certificates/issuers"
    name = "certificate_issuers"
    form_fields = [
        "name",
        "kind",
        "ministry_code",
        "province_code",
        "site_serial",
        "number_format",
        "is_default",
    ]
    list_display = ["name", "kind", "ministry_code", "province_code", "site_serial", "is_default"]


issuer_viewset = IssuerViewSet()


def urls():
    return [
        path(PREFIX, views.certificate_list, name="assessments_certificates"),
        path(f"{PREFIX}plans/", views.plan_list, name="assessments_certificates_plans"),
        path(
            f"{PREFIX}plans/<int:plan_id>/",
            views.plan_detail,
            name="assessments_certificates_plan",
        ),
        path(
            f"{PREFIX}plans/<int:plan_id>/print/",
            views.plan_print,
            name="assessments_certificates_plan_print",
        ),
        path(
            f"{PREFIX}plans/<int:plan_id>/export/",
            views.plan_export,
            name="assessments_certificates_plan_export",
        ),
        path(f"{PREFIX}<int:pk>/", views.certificate_detail, name="assessments_certificate"),
        path(f"{PREFIX}<int:pk>/pdf/", views.certificate_pdf, name="assessments_certificate_pdf"),
        path(
            f"{PREFIX}<int:pk>/<slug:action>/",
            views.certificate_change,
            name="assessments_certificate_change",
        ),
        path(f"{PREFIX}jobs/<uuid:job_id>/", views.job_page, name="assessments_certificates_job"),
        path(
            f"{PREFIX}jobs/<uuid:job_id>/download/",
            views.job_download,
            name="assessments_certificates_job_download",
        ),
    ]


def menu_item():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("证书"),
                "assessments_certificates",
                permissions=views.PERMISSION,
                icon_name="doc-full",
            ),
            PermissionMenuItem(
                _("按考试计划颁发"),
                "assessments_certificates_plans",
                permissions=views.PERMISSION,
                icon_name="list-ul",
            ),
            PermissionMenuItem(
                _("发证机构"),
                "certificate_issuers:index",
                permissions="assessments.change_certificateissuer",
                icon_name="site",
            ),
        ]
    )
    return PermissionSubmenuMenuItem(
        _("证书管理"),
        menu,
        permissions=views.PERMISSION,
        icon_name="doc-full-inverse",
        order=420,
    )


def statistics_urls():
    from assessments.views import statistics

    return [
        path("statistics/", statistics.dashboard, name="assessments_statistics"),
        path("statistics/<slug:key>.svg", statistics.chart_svg, name="assessments_statistics_svg"),
        path("statistics/<slug:key>.csv", statistics.chart_csv, name="assessments_statistics_csv"),
    ]


def statistics_menu_item():
    return PermissionMenuItem(
        _("统计"),
        "assessments_statistics",
        permissions="assessments.view_statistics",
        icon_name="table",
        order=430,
    )
