"""考务 menu: 考试计划, 考点, 考场 (Wagtail ModelViewSets; Django's model permissions decide who
sees and changes what). A plan's title in the listing opens its 考务 page."""

from __future__ import annotations

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models import ExamPlan, Room, Venue
from assessments.ticket_numbers import ticket_format_choices


def specialty_choices() -> list[tuple[str, str]]:
    """Every named specialty as "职业 · 工种" (its slug is what the plan stores): staff pick
    one instead of typing a slug such as "online-merchant" they have never seen."""
    from occupations.models import Specialty

    named = Specialty.objects.exclude(slug="").select_related("page")
    return [("", _("不分工种"))] + [
        (s.slug, f"{s.page.title} · {s.name}") for s in named.order_by("page__path", "sort_order")
    ]


class ExamPlanForm(WagtailAdminModelForm):
    ticket_format = forms.ChoiceField(label=_("准考证号格式"), choices=ticket_format_choices)
    specialty_slug = forms.ChoiceField(
        label=_("工种/方向"),
        choices=specialty_choices,
        required=False,
        help_text=_("须是所选职业的工种；职业不分工种时选“不分工种”。"),
    )

    class Meta:
        model = ExamPlan
        fields = [
            "title", "code", "exam_period", "occupation", "specialty_slug", "level", "forms",
            "ticket_format", "notes",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        occupation, slug = data.get("occupation"), data.get("specialty_slug", "")
        if occupation is not None:
            if slug:
                found = occupation.specialties.filter(slug=slug).first()
                if found is None:
                    self.add_error("specialty_slug", _("所选工种不属于该职业。"))
                else:
                    self.instance.specialty = found.name
            else:
                self.instance.specialty = ""
            for form in data.get("forms") or []:
                if form.occupation_id != occupation.pk or (
                    data.get("exam_period") and form.exam_period_id != data["exam_period"].pk
                ):
                    self.add_error(
                        "forms", _("报名表“%(form)s”不属于所选职业和报名批次。") % {"form": form}
                    )
        if self.instance.pk and self.instance.is_seating_frozen and self.has_changed():
            raise forms.ValidationError(_("考试计划已封场，不能再修改。"))
        return data


class SeatNumbersField(forms.CharField):
    """Seat numbers typed as a list: "3, 5" or "3 5" (full-width commas too; the JSON the
    field once showed, "[3, 5]", still reads). Blank: none."""

    def to_python(self, value):
        text = super().to_python(value)
        numbers = set()
        for word in re.split(r"[\s,，、;；\[\]]+", text or ""):
            if not word:
                continue
            if not word.isdigit():
                raise forms.ValidationError(
                    _("座位号只能是数字，用逗号或空格分隔，如“3, 5”；“%(word)s”不是数字。")
                    % {"word": word}
                )
            numbers.add(int(word))
        return sorted(numbers)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(n) for n in value)
        return value


class RoomForm(WagtailAdminModelForm):
    unusable_seats = SeatNumbersField(
        label=_("不可用座位"),
        required=False,
        help_text=_(
            "不能使用的座位号，用逗号或空格分隔，如“3, 5”。"
            "座位从前排起逐排编号，第一排为 1 到每排座位数。"
        ),
    )

    class Meta:
        model = Room
        fields = [
            "venue", "name", "rows", "columns", "capacity", "unusable_seats", "is_computer_room",
            "is_accessible", "accessibility_notes",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        rows, columns = data.get("rows"), data.get("columns")
        seats = data.get("unusable_seats")
        if not rows or not columns or seats is None:
            return data
        last = rows * columns
        outside = [n for n in seats if not 1 <= n <= last]
        if outside:
            self.add_error(
                "unusable_seats",
                _(
                    "座位号应在 1 到 %(last)s 之间"
                    "（%(rows)s 排 × 每排 %(columns)s 座）：%(outside)s。"
                )
                % {
                    "last": last,
                    "rows": rows,
                    "columns": columns,
                    "outside": ", ".join(str(n) for n in outside),
                },
            )
            return data
        usable = last - len(seats)
        capacity = data.get("capacity")
        if capacity and capacity > usable:
            self.add_error(
                "capacity",
                _("容纳人数（%(capacity)s）超过可用座位数（%(usable)s）。")
                % {"capacity": capacity, "usable": usable},
            )
        return data


class ExamPlanViewSet(ModelViewSet):
    model = ExamPlan
    name = "exam_plans"  # /admin/exam_plans/
    icon = "date"
    menu_label = _("考试计划")
    menu_order = 10
    form_class = ExamPlanForm
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    list_filter = ["status", "exam_period", "level"]
    search_fields = ["title", "code"]
    list_display = [
        TitleColumn(
            "title",
            label=_("考试计划"),
            get_url=lambda plan: reverse("assessments_plan_office", args=[plan.pk]),
        ),
        Column("code", label=_("计划编号")),
        Column("exam_period", label=_("报名批次")),
        Column("level_label", label=_("等级")),
        Column("get_status_display", label=_("状态")),
    ]

    def get_form_class(self, for_update=False):
        return ExamPlanForm

    def get_queryset(self, request):
        return ExamPlan.objects.select_related("exam_period", "occupation")


class VenueViewSet(ModelViewSet):
    model = Venue
    name = "exam_venues"
    icon = "site"
    menu_label = _("考点")
    menu_order = 20
    form_fields = ["name", "address", "notes"]
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["name", "address"]
    search_fields = ["name", "address"]


class RoomViewSet(ModelViewSet):
    model = Room
    name = "exam_rooms"
    icon = "table"
    menu_label = _("考场")
    menu_order = 30
    form_class = RoomForm
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["venue", "is_computer_room", "is_accessible"]
    list_display = [
        TitleColumn("name", label=_("考场"), url_name="exam_rooms:edit"),
        Column("venue", label=_("考点")),
        Column("capacity", label=_("容纳人数")),
        Column("is_computer_room", label=_("机房")),
        Column("is_accessible", label=_("无障碍")),
    ]
    search_fields = ["name"]

    def get_form_class(self, for_update=False):
        return RoomForm


class ExamOfficeGroup(ViewSetGroup):
    """The 考务 menu; the plans area adds its viewsets, other areas may add theirs."""

    menu_label = _("考务")
    menu_icon = "calendar"
    menu_order = 320
    items = (ExamPlanViewSet, VenueViewSet, RoomViewSet)
