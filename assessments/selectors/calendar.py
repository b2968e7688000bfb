"""Reads of the working-day calendar: which years it covers, whether a day is a working day, and
the day a period of N working days ends. A year the calendar does not cover is never guessed:
``CalendarNotCovered`` names it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from assessments.choices import CalendarDayKind
from assessments.models.calendar import CalendarDay, CalendarYear

#: How many working days a publicity notice stays up unless the settings say otherwise.
DEFAULT_NOTICE_WORKING_DAYS = 5


class CalendarNotCovered(Exception):
    """The calendar has no holidays and make-up days for ``year``: staff must enter it."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "工作日日历还没有 %(year)s 年的放假和调休安排，无法计算截止日期。"
            "请先在“设置 → 工作日日历”中录入 %(year)s 年。"
        ) % {"year": self.year}


def notice_working_days() -> int:
    """N: the working days a publicity notice runs (setting ASSESSMENTS_NOTICE_WORKING_DAYS)."""
    return int(getattr(settings, "ASSESSMENTS_NOTICE_WORKING_DAYS", DEFAULT_NOTICE_WORKING_DAYS))


def covered_years() -> set[int]:
    return set(CalendarYear.objects.values_list("year", flat=True))


def missing_years(years: Iterable[int]) -> list[int]:
    """Those of ``years`` the calendar does not cover, in order."""
    wanted = set(years)
    return sorted(
        wanted - set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    )


@dataclass
class WorkingCalendar:
    """The exceptions of the covered years among those asked for, loaded in one query each."""

    years: set[int]
    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)

    @classmethod
    def load(cls, years: Iterable[int]) -> WorkingCalendar:
        wanted = set(years)
        calendar = cls(
            set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
        )
        for day, kind in CalendarDay.objects.filter(
            calendar_year__year__in=calendar.years
        ).values_list("date", "kind"):
            (calendar.holidays if kind == CalendarDayKind.HOLIDAY else calendar.workdays).add(day)
        return calendar

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarNotCovered(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return WorkingCalendar.load([day.year]).is_working_day(day)


def period_end(start: date, working_days: int | None = None) -> date:
    """The last day of a period of ``working_days`` (default N) working days that starts on
    ``start``: ``start`` counts when it is a working day itself. Raises CalendarNotCovered
    for the first year needed that the calendar does not cover."""
    count = notice_working_days() if working_days is None else working_days
    if count < 1:
        raise ValueError("A period has at least one working day")
    # Even the longest holiday (Spring Festival, 9 days) leaves a working day within 2 weeks
    # of any day: load the years a generous span touches, at most two.
    loaded_to = (start + timedelta(days=count * 2 + 21)).year
    calendar = WorkingCalendar.load(range(start.year, loaded_to + 1))
    day, counted = start, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == count:
                return day
        day += timedelta(days=1)
        if day.year > loaded_to:  # a very long period
            loaded_to = day.year
            calendar = WorkingCalendar.load(range(start.year, loaded_to + 1))
