"""设置 → 工作日日历: staff keep each year's holidays and make-up working days; the listing
warns about this year and the next when the calendar does not cover them."""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models.calendar import CalendarYear
from assessments.selectors import calendar as calendar_selectors
from assessments.services import calendar as calendar_services


class CalendarYearIndexView(IndexView):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        missing = calendar_selectors.missing_years([today.year, today.year + 1])
        for year in [] if self.results_only else missing:
            messages.warning(request, calendar_selectors.CalendarNotCovered(year).message)
        return super().get(request, *args, **kwargs)


class StaffEntryMixin:
    """A year saved here is the staff's: its source and editor are recorded and audited."""

    def save_instance(self):
        instance = self.form.instance
        created = instance.pk is None
        saved = super().save_instance()
        calendar_services.calendar_year_record_staff_change(
            calendar_year=saved, user=self.request.user, created=created
        )
        return saved


class CalendarYearCreateView(StaffEntryMixin, CreateView):
    pass


class CalendarYearEditView(StaffEntryMixin, EditView):
    pass


class CalendarYearViewSet(ModelViewSet):
    model = CalendarYear
    name = "working_calendar"  # /admin/working_calendar/
    icon = "date"
    menu_label = _("工作日日历")
    add_to_settings_menu = True
    menu_order = 820
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = CalendarYearIndexView
    add_view_class = CalendarYearCreateView
    edit_view_class = CalendarYearEditView
    list_display = [
        Column("year", label=_("年份"), sort_key="year"),
        Column("holiday_count", label=_("放假天数")),
        Column("workday_count", label=_("调休上班天数")),
        Column("get_source_display", label=_("来源")),
        Column("updated_at", label=_("更新时间")),
    ]
    ordering = ["-year"]

    def get_queryset(self, request):
        return CalendarYear.objects.prefetch_related("days")


calendar_year_viewset = CalendarYearViewSet()
