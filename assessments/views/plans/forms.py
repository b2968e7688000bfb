"""Forms of the plan office page's actions (validation only; the services decide)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assessments.choices import ComponentKind, PlanStatus, RoomRole
from assessments.models import Candidate, ExamPlan, PlanRoom, Room, Venue
from assessments.selectors.plans import invigilator_choices


def staff_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class ComponentForm(forms.Form):
    kind = forms.ChoiceField(label=_("科目"), choices=ComponentKind.choices)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("时长（分钟）"), min_value=1, max_value=1440)
    venue = forms.ModelChoiceField(label=_("考点"), queryset=Venue.objects.all())
    computer_based = forms.BooleanField(label=_("机考"), required=False)


class RoomForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("考场"), queryset=Room.objects.select_related("venue").order_by("venue", "name")
    )


class StaffForm(forms.Form):
    """An invigilator (监考员): only those who may check candidates in at the door."""

    plan_room = forms.ModelChoiceField(label=_("考场"), queryset=PlanRoom.objects.none())
    user = forms.ModelChoiceField(
        label=_("监考员"),
        queryset=invigilator_choices(),
        help_text=_("仅列出有考生签到权限的人员（监考组）。"),
    )

    def __init__(self, *args, plan: ExamPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_room"].queryset = plan.plan_rooms.select_related("room")

    def clean(self):
        data = super().clean()
        data["role"] = RoomRole.INVIGILATOR
        return data


class AssessorForm(StaffForm):
    """An assessor (考评员) of a room: any active staff member."""

    user = forms.ModelChoiceField(label=_("考评员"), queryset=staff_users())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_assessor_%s")  # beside the invigilator form
        super().__init__(*args, **kwargs)

    def clean(self):
        data = forms.Form.clean(self)
        data["role"] = RoomRole.ASSESSOR
        return data


class PanelForm(forms.Form):
    user = forms.ModelChoiceField(label=_("评审专家"), queryset=staff_users())
    is_chair = forms.BooleanField(label=_("组长"), required=False)


class EnrolForm(forms.Form):
    numbers = forms.CharField(
        label=_("报名号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个报名号；留空则编入本计划报名表中全部审核通过的报名。"),
    )

    def clean_numbers(self) -> list[str]:
        text = self.cleaned_data["numbers"]
        return [n.strip().upper() for n in text.replace(",", "\n").splitlines() if n.strip()]


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=PlanStatus.choices)
    reason = forms.CharField(required=False, max_length=200)


class _CandidateForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("考生"), queryset=Candidate.objects.none())

    def __init__(self, *args, plan: ExamPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = plan.candidates.filter(status="enrolled")


class MoveForm(_CandidateForm):
    room = forms.ModelChoiceField(label=_("考场"), queryset=Room.objects.none())
    seat = forms.IntegerField(label=_("座位号"), min_value=1, max_value=9999)
    reason = forms.CharField(label=_("原因"), required=False, max_length=200)

    def __init__(self, *args, plan: ExamPlan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["room"].queryset = plan.rooms.all()


class ReleaseForm(_CandidateForm):
    reason = forms.CharField(label=_("原因"), max_length=500)


class NoFieldsForm(forms.Form):
    """An action that needs nothing but the button (and its CSRF token)."""
