"""设置 → 审计日志: the audit trail, listed, filtered and exported (CSV/XLSX); never edited.

Only the index (and its AJAX results) exist: no add, edit, delete, copy, history or usage
URL is routed, and the model itself refuses changes (hostsite.models.audit).
"""

from datetime import datetime

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from hostsite import audit
from hostsite.models import AuditEntry
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

#: A cell starting with one of these is a formula to a spreadsheet: an attacker's username
#: typed at the login page must stay text when an administrator opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NO_VIEWS = ("add", "edit", "delete", "copy", "history", "usage", "inspect")


def as_text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("操作"), choices=audit.action_choices)
    actor_label = django_filters.CharFilter(label=_("操作人"), lookup_expr="iexact")
    object_label = django_filters.CharFilter(label=_("对象"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(
        label=_("时间"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "actor_label", "object_label", "created_at"]


def local_text(value: datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}"


def local_naive(value: datetime) -> datetime:
    return timezone.make_naive(value)  # XLSX has no time zones: the site's local time


class AuditEntryIndexView(IndexView):
    any_permission_required = ["view"]
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime: {"csv": local_text, "xlsx": local_naive},
    }

    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        return []

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({field: as_text(value) for field, value in row_dict.items()})

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            audit.record(
                audit.AUDIT_EXPORT,
                request=self.request,
                row_count=len(context["object_list"]),
                detail=self.request.GET.get("export", ""),
            )
        return super().render_to_response(context, **response_kwargs)


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    name = "audit"  # /admin/audit/
    icon = "history"
    menu_label = _("审计日志")
    add_to_settings_menu = True
    menu_order = 900
    add_to_reference_index = False
    index_view_class = AuditEntryIndexView
    filterset_class = AuditEntryFilterSet
    search_fields = ["actor_label", "object_label", "detail"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    export_filename = "audit-log"
    list_export = [
        "created_at",
        "action_name",
        "actor_label",
        "ip_address",
        "object_type",
        "object_id",
        "object_label",
        "row_count",
        "masked_name",
        "detail",
    ]
    export_headings = {"action_name": _("操作"), "masked_name": _("已脱敏")}

    list_display = [
        Column("created_at", label=_("时间"), sort_key="created_at"),
        Column("action_name", label=_("操作")),
        Column("actor_label", label=_("操作人"), sort_key="actor_label"),
        Column("ip_address", label=_("IP 地址")),
        Column("object_label", label=_("对象")),
        Column("row_count", label=_("行数")),
        Column("masked_name", label=_("已脱敏")),
        Column("detail", label=_("说明")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in NO_VIEWS:
            view_kwargs[f"{view}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


audit_entry_viewset = AuditEntryViewSet()
