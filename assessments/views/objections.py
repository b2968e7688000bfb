"""异议处理 in the admin: objections listed (contacts masked in the list), read and resolved with
an outcome and a written resolution (through the service, which checks the permission)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models.notices import Objection
from assessments.services.results import ResultsRefused, objection_resolve

NO_VIEWS = ("add", "delete", "copy", "history", "usage")


class ObjectionEditView(EditView):
    def form_valid(self, form):
        try:
            objection_resolve(
                objection=self.object,
                outcome=form.cleaned_data.get("outcome") or "",
                resolution=form.cleaned_data.get("resolution") or "",
                user=self.request.user,
            )
        except ResultsRefused as refused:
            form.add_error(None, refused.message)
            self.produced_error_message = refused.message
            return self.form_invalid(form)
        messages.success(self.request, _("异议已处理。"))
        return redirect(self.index_url_name)


class ObjectionViewSet(ModelViewSet):
    model = Objection
    name = "objections"  # /admin/objections/
    icon = "warning"
    menu_label = _("公示异议")
    add_to_admin_menu = True
    menu_order = 320
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = ObjectionEditView
    list_filter = ["status", "outcome"]
    ordering = ["status", "-created_at"]
    list_display = [
        Column("notice", label=_("公示")),
        Column("name", label=_("姓名")),
        Column("masked_contact", label=_("联系方式")),
        Column("created_at", label=_("提交时间"), sort_key="created_at"),
        Column("get_status_display", label=_("状态")),
        Column("get_outcome_display", label=_("处理结果")),
    ]
    panels = [
        FieldPanel("notice", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("outcome"),
        FieldPanel("resolution"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in NO_VIEWS:
            view_kwargs[f"{view}_url_name"] = None
        return view_kwargs


objection_viewset = ObjectionViewSet()
