"""Writes of the working-day calendar: seeding a year from the kept library ``chinese-calendar``
(which knows the State Council's arrangements up to the year it was released for) and the end
of a period computed after seeding the years it needs that the library knows."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from hostsite import audit

from assessments.choices import CalendarDayKind, CalendarSource
from assessments.models.calendar import CalendarDay, CalendarYear
from assessments.selectors import calendar as calendar_selectors

CALENDAR_CHANGE = "assessments.calendar_change"
audit.register_action(CALENDAR_CHANGE, _("修改工作日日历"))

#: The library names holidays in English ("National Day"); its enum knows the Chinese (国庆节).
_CHINESE_NAMES = {member.value: member.chinese for member in chinese_calendar.Holiday}


def library_knows(year: int) -> bool:
    """Whether chinese-calendar has the holidays and make-up days of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def library_days(year: int) -> list[tuple[date, str, str]]:
    """(date, kind, holiday name) of every holiday and make-up working day of ``year``."""
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
        name = _CHINESE_NAMES.get(holiday, holiday or "")
        if on_holiday and holiday is not None:
            days.append((day, CalendarDayKind.HOLIDAY, name))
        elif not on_holiday and day.weekday() >= 5:
            days.append((day, CalendarDayKind.WORKDAY, name))
        day += timedelta(days=1)
    return days


def calendar_year_seed(*, year: int, user=None, replace: bool = False) -> CalendarYear | None:
    """Create ``year`` from the library (None when the library does not know it). An existing
    year is left as staff keep it unless ``replace``."""
    if not library_knows(year):
        return None
    with transaction.atomic():
        calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
        if calendar_year is not None and not replace:
            return calendar_year
        if calendar_year is None:
            calendar_year = CalendarYear(year=year)
        calendar_year.source = CalendarSource.LIBRARY
        calendar_year.note = f"chinese-calendar {chinese_calendar.__version__}"
        calendar_year.updated_by = user
        calendar_year.save()
        calendar_year.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar_year=calendar_year, date=day, kind=kind, name=name)
            for day, kind, name in library_days(year)
        )
    return calendar_year


def calendar_period_end(*, start: date, working_days: int | None = None) -> date:
    """The last day of a period of N working days from ``start`` (see selectors.period_end).
    Years the calendar lacks but the library knows are seeded first; for any other missing
    year CalendarNotCovered is raised and nothing is guessed."""
    while True:
        try:
            return calendar_selectors.period_end(start, working_days)
        except calendar_selectors.CalendarNotCovered as missing:
            if calendar_year_seed(year=missing.year) is None:
                raise


def calendar_year_record_staff_change(*, calendar_year: CalendarYear, user, created: bool) -> None:
    """A year entered or changed by staff in the admin: theirs from now on, and audited."""
    CalendarYear.objects.filter(pk=calendar_year.pk).update(
        source=CalendarSource.STAFF, updated_by=user
    )
    days = ", ".join(str(day) for day in calendar_year.days.all())
    audit.record(
        CALENDAR_CHANGE,
        actor=user,
        target=calendar_year,
        detail=("新建：" if created else "修改：") + days,
    )


def seed_known_years(*, first: int) -> list[int]:
    """Seed every year from ``first`` the library knows and the calendar lacks (after migrate)."""
    seeded = []
    year = first
    while library_knows(year):
        if not CalendarYear.objects.filter(year=year).exists():
            calendar_year_seed(year=year)
            seeded.append(year)
        year += 1
    return seeded


#: The first year seeded after ``migrate``: earlier ones are seeded when a period needs them.
SEED_FROM = 2024


def seed_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    """post_migrate: the years the library knows from SEED_FROM on, so that staff find them in
    the admin (idempotent; years staff entered are left alone). Not after migrating back to
    before the calendar existed (``apps``: the models as the migrations left them)."""
    if using != "default":
        return
    if apps is not None:
        try:
            apps.get_model("assessments", "CalendarYear")
        except LookupError:
            return
    seed_known_years(first=SEED_FROM)
