"""The listing's filters (side panel): form, occupation, level, status, eligibility, 身份待核,
period and submission date range."""

import django_filters
from django import forms
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from forms_app.choices import ApplicationStatus
from forms_app.models import Application, ExamPeriod, RegistrationFormPage
from occupations.choices import Level
from occupations.models import OccupationPage

ALL = _("全部")


class Eligibility(TextChoices):
    """The eligibility engine's verdict, as the listing shows it."""

    ELIGIBLE = "eligible", _("符合")
    REVIEW = "review", _("需审核")
    INELIGIBLE = "ineligible", _("不符合")

    @classmethod
    def of(cls, application: Application) -> "Eligibility":
        if application.eligible:
            return cls.ELIGIBLE
        return cls.REVIEW if application.needs_review else cls.INELIGIBLE


ELIGIBILITY_LOOKUPS = {
    Eligibility.ELIGIBLE: {"eligible": True},
    Eligibility.REVIEW: {"eligible": False, "needs_review": True},
    Eligibility.INELIGIBLE: {"eligible": False, "needs_review": False},
}


class ApplicationFilterSet(WagtailFilterSet):
    form_page = django_filters.ModelChoiceFilter(
        label=_("报名表"),
        queryset=RegistrationFormPage.objects.order_by("-first_published_at"),
        empty_label=ALL,
    )
    occupation = django_filters.ModelChoiceFilter(
        label=_("职业"), queryset=OccupationPage.objects.order_by("path"), empty_label=ALL
    )
    level = django_filters.ChoiceFilter(
        label=_("等级"), choices=Level.choices, widget=forms.RadioSelect, empty_label=ALL
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=ApplicationStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    eligibility = django_filters.ChoiceFilter(
        label=_("资格判断"),
        choices=Eligibility.choices,
        method="filter_eligibility",
        widget=forms.RadioSelect,
        empty_label=ALL,
    )
    identity_check = django_filters.BooleanFilter(
        label=_("身份待核"),
        widget=forms.RadioSelect(choices=[("", ALL), ("true", _("身份待核")), ("false", _("无"))]),
    )
    exam_period = django_filters.ModelChoiceFilter(
        label=_("考试批次"), queryset=ExamPeriod.objects.all(), empty_label=ALL
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("提交日期"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields = [
            "form_page",
            "occupation",
            "level",
            "status",
            "eligibility",
            "identity_check",
            "exam_period",
            "submitted_at",
        ]

    def filter_eligibility(self, queryset, name, value):
        return queryset.filter(**ELIGIBILITY_LOOKUPS[Eligibility(value)]) if value else queryset
