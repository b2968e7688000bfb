"""The working-day calendar: seeded from chinese-calendar for the years it knows, entered by staff
for the others, and never guessed for a year it does not cover."""

from datetime import date

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model
from hostsite.models import AuditEntry

from assessments.choices import CalendarDayKind, CalendarSource
from assessments.models.calendar import CalendarDay, CalendarYear
from assessments.selectors import calendar as calendar_selectors
from assessments.selectors.calendar import CalendarNotCovered, is_working_day, period_end
from assessments.services.calendar import calendar_period_end, calendar_year_seed
from assessments.views import calendar as calendar_views

ADMIN = "/admin/working_calendar/"


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("calendar-admin", "a@example.com", "x" * 12)
    client.force_login(user)
    return client


def enter_year(client, year: int, days: list[tuple[str, str, str]], note: str = ""):
    """Staff enter a year in 设置 → 工作日日历 (the admin's form with its inline rows)."""
    data = {
        "year": str(year),
        "note": note,
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, (day, kind, name) in enumerate(days):
        data |= {f"days-{index}-date": day, f"days-{index}-kind": kind, f"days-{index}-name": name}
    return client.post(f"{ADMIN}new/", data)


def test_the_library_years_are_seeded_with_holidays_and_make_up_working_days(db):
    # migrate seeded the years the library knows (post_migrate); 2026 is one of them.
    calendar_year = CalendarYear.objects.get(year=2026)
    assert calendar_year.source == CalendarSource.LIBRARY
    national_day = CalendarDay.objects.get(date=date(2026, 10, 1))
    assert (national_day.kind, national_day.name) == (CalendarDayKind.HOLIDAY, "国庆节")
    # 2026-01-04 and 2026-09-20 are Sundays on which people work (调休).
    for sunday in (date(2026, 1, 4), date(2026, 9, 20)):
        assert sunday.weekday() == 6
        assert CalendarDay.objects.get(date=sunday).kind == CalendarDayKind.WORKDAY
        assert is_working_day(sunday)
    assert not is_working_day(date(2026, 10, 1))  # a Thursday off
    assert not is_working_day(date(2026, 11, 28))  # an ordinary Saturday
    assert is_working_day(date(2026, 11, 30))  # an ordinary Monday
    # Every day of the year agrees with the library.
    day = date(2026, 1, 1)
    calendar = calendar_selectors.WorkingCalendar.load([2026])
    while day.year == 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day = date.fromordinal(day.toordinal() + 1)


def test_a_period_honours_a_make_up_working_day_and_a_holiday(db):
    # Thu 17, Fri 18, (Sat 19 off), Sun 20 worked (调休), Mon 21, Tue 22: the 5th is the 22nd,
    # not the 23rd the weekdays alone would give.
    assert period_end(date(2026, 9, 17)) == date(2026, 9, 22)
    # Published Wed 2026-09-30: the 30th, then 国庆 (1–7 Oct) off, Thu 8, Fri 9, Sat 10
    # worked (调休), (Sun 11 off), Mon 12.
    assert period_end(date(2026, 9, 30)) == date(2026, 10, 12)
    # Published on a Saturday: counting starts on Monday.
    assert period_end(date(2026, 11, 28)) == date(2026, 12, 4)


def test_the_number_of_working_days_is_a_setting(db, settings):
    settings.ASSESSMENTS_NOTICE_WORKING_DAYS = 7
    assert period_end(date(2026, 11, 30)) == date(2026, 12, 8)
    assert period_end(date(2026, 11, 30), working_days=1) == date(2026, 11, 30)


def test_a_notice_published_on_2026_12_28_needs_2027_and_is_refused_until_staff_enter_it(
    admin_client, monkeypatch
):
    # 28, 29, 30, 31 December are four working days; the fifth falls in 2027, which the
    # library does not know: nothing is guessed.
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 1))
    with pytest.raises(CalendarNotCovered) as refused:
        calendar_period_end(start=date(2026, 12, 28))
    assert refused.value.year == 2027
    assert "2027" in refused.value.message and "工作日日历" in refused.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()

    # The admin warns about the missing year (seen on 2026-12-28).
    monkeypatch.setattr(calendar_views.timezone, "localdate", lambda: date(2026, 12, 28))
    listing = admin_client.get(ADMIN, follow=True).content.decode()
    assert "还没有 2027 年的放假和调休安排" in listing

    # Staff enter 2027: 元旦 Friday 1 to Sunday 3 January.
    response = enter_year(
        admin_client,
        2027,
        [
            ("2027-01-01", "holiday", "元旦"),
            ("2027-01-02", "holiday", "元旦"),
            ("2027-01-03", "holiday", "元旦"),
        ],
        note="国务院办公厅关于2027年部分节假日安排的通知",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entered = CalendarYear.objects.get(year=2027)
    assert entered.source == CalendarSource.STAFF and entered.days.count() == 3
    # Friday 1 January is off: the fifth working day is Monday 4 January.
    assert calendar_period_end(start=date(2026, 12, 28)) == date(2027, 1, 4)
    assert "还没有 2027 年" not in admin_client.get(ADMIN, follow=True).content.decode()
    entry = AuditEntry.objects.get(action="assessments.calendar_change")
    assert entry.actor.username == "calendar-admin" and "2027-01-01" in entry.detail


def test_staff_cannot_enter_a_make_up_working_day_on_a_weekday_or_outside_the_year(admin_client):
    response = enter_year(admin_client, 2027, [("2027-02-03", "workday", "春节")])
    assert response.status_code == 200
    assert "调休上班日应是周六或周日" in response.content.decode()
    response = enter_year(admin_client, 2027, [("2028-01-01", "holiday", "元旦")])
    assert response.status_code == 200
    assert "日期不在 2027 年内" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_missing_year_the_library_knows_is_seeded_when_a_period_needs_it(db):
    CalendarYear.objects.filter(year=2025).delete()
    with pytest.raises(CalendarNotCovered):
        period_end(date(2025, 12, 29))  # the selector only reads
    assert calendar_period_end(start=date(2025, 12, 29)) == date(2026, 1, 5)
    assert CalendarYear.objects.get(year=2025).source == CalendarSource.LIBRARY


def test_seeding_leaves_a_year_staff_changed_alone(db):
    calendar_year = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.create(
        calendar_year=calendar_year, date=date(2026, 11, 30), kind="holiday", name="校庆"
    )
    assert calendar_year_seed(year=2026) == calendar_year
    assert not is_working_day(date(2026, 11, 30))
    calendar_year_seed(year=2026, replace=True)
    assert is_working_day(date(2026, 11, 30))
    assert calendar_year_seed(year=2027) is None


def test_migrating_back_to_before_the_calendar_seeds_nothing(db, django_assert_num_queries):
    """post_migrate also follows `migrate assessments 0003`, when the calendar's table is gone:
    the seeding must not query it (it crashed the command)."""
    from django.apps.registry import Apps

    from assessments.services.calendar import seed_after_migrate

    before_the_calendar = Apps(installed_apps=())  # the models as the migrations left them
    with django_assert_num_queries(0):
        seed_after_migrate(sender=None, using="default", apps=before_the_calendar)
