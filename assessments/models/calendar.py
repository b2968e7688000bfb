"""The working-day calendar (工作日日历): per year, the public holidays and the 调休 make-up
working days. Every other Monday–Friday is a working day, every other Saturday and Sunday is not.

A year the calendar has no ``CalendarYear`` row for is *not covered*: nothing is computed across
it (assessments.selectors.calendar refuses rather than guessing). Years the kept library
``chinese-calendar`` knows are seeded from it; later years are entered by staff in the admin
(设置 → 工作日日历) once the State Council publishes them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel

from assessments.choices import CalendarDayKind, CalendarSource


class CalendarYearForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        for form in self.formsets["days"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if year and day and day.year != year:
                form.add_error("date", _("日期不在 %(year)s 年内。") % {"year": year})
        return cleaned_data


class CalendarYear(ClusterableModel):
    base_form_class = CalendarYearForm

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("录入一年即表示该年的放假和调休安排已完整：没有列出的周一至周五都是工作日。"),
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=CalendarSource.choices, default=CalendarSource.STAFF
    )
    note = models.TextField(
        _("依据"), blank=True, help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("year"), FieldPanel("note"), InlinePanel("days", label=_("放假和调休"))]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日日历年份")
        verbose_name_plural = _("工作日日历")

    def __str__(self) -> str:
        return _("%(year)s 年") % {"year": self.year}

    def holiday_count(self) -> int:
        return sum(1 for day in self.days.all() if day.kind == CalendarDayKind.HOLIDAY)

    holiday_count.short_description = _("放假天数")

    def workday_count(self) -> int:
        return sum(1 for day in self.days.all() if day.kind == CalendarDayKind.WORKDAY)

    workday_count.short_description = _("调休上班天数")


class CalendarDay(models.Model):
    """One exception to the weekly rhythm: a holiday (放假) or a make-up working day (调休上班)."""

    calendar_year = ParentalKey(CalendarYear, related_name="days", on_delete=models.CASCADE)
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True, help_text=_("如：元旦、春节。"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        ordering = ["date"]
        verbose_name = _("放假或调休日")
        verbose_name_plural = _("放假和调休")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        # The date's year is checked against its year by CalendarYearForm (in the admin the
        # row has no parent yet when it is cleaned).
        if self.date and self.kind == CalendarDayKind.WORKDAY and self.date.weekday() < 5:
            raise ValidationError(
                {"kind": _("调休上班日应是周六或周日：周一至周五本来就是工作日。")}
            )


__all__ = ["CalendarDay", "CalendarYear", "CalendarYearForm"]
