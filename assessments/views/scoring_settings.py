"""成绩设置 in the admin: per plan the pass rule (from the registry), double entry and the clerks
who may enter its scores."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models.results import PlanScoring
from assessments.scoring import pass_rule_choices


class PlanScoringForm(WagtailAdminModelForm):
    pass_rule = forms.ChoiceField(label=_("合格规则"), choices=pass_rule_choices)


class PlanScoringViewSet(ModelViewSet):
    model = PlanScoring
    name = "plan_scoring"  # /admin/plan_scoring/
    icon = "cog"
    menu_label = _("成绩设置")
    add_to_admin_menu = True
    menu_order = 315
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("plan"),
            FieldPanel("pass_rule"),
            FieldPanel("double_entry"),
            FieldPanel("clerks", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=PlanScoringForm,
    )
    list_display = [
        Column("plan", label=_("考试计划")),
        Column("pass_rule", label=_("合格规则")),
        Column("double_entry", label=_("双人录入")),
        Column("locked_at", label=_("锁定时间")),
    ]


plan_scoring_viewset = PlanScoringViewSet()
