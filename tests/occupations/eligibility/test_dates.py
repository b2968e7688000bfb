"""Calendar arithmetic of the eligibility engine: anniversaries, merging, continuous/cumulative."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from occupations.eligibility import dates
from occupations.eligibility.dates import (
    add_years,
    continuous_progress,
    cumulative_progress,
    cumulative_threshold,
    format_duration,
    is_continuous,
    is_cumulative,
    merge_periods,
    total_days,
)

DAY = timedelta(days=1)

any_date = st.dates(min_value=date(1890, 1, 1), max_value=date(2200, 12, 31))
# Between two skipped century leap days every four consecutive years hold a 29 February.
regular_date = st.dates(min_value=date(1901, 3, 1), max_value=date(2059, 12, 31))
years = st.integers(min_value=0, max_value=40)


@st.composite
def raw_period(draw, start=any_date):
    begin = draw(start)
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=4000)))
    return begin, None if length is None else begin + timedelta(days=length)


periods = st.lists(raw_period(), max_size=8)


def clipped_inputs(raw, as_of):
    """The inputs as merge_periods sees them before joining: open/late ends at as_of."""
    return [(s, as_of if e is None else min(e, as_of)) for s, e in raw if s <= as_of]


# Anniversaries ---------------------------------------------------------------------------------


def test_add_years_is_the_calendar_anniversary():
    assert add_years(date(2025, 11, 25), 1) == date(2026, 11, 25)
    assert add_years(date(2025, 11, 25), -3) == date(2022, 11, 25)


def test_add_years_from_a_leap_day_falls_back_to_28_february():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2096, 2, 29), 4) == date(2100, 2, 28)


@given(d=any_date, n=st.integers(min_value=-50, max_value=50))
def test_add_years_keeps_month_and_day_and_is_reversible_off_leap_days(d, n):
    assume((d.month, d.day) != (2, 29))
    moved = add_years(d, n)
    assert (moved.year, moved.month, moved.day) == (d.year + n, d.month, d.day)
    assert add_years(moved, -n) == d


# Merging ---------------------------------------------------------------------------------------


def test_merge_closes_open_periods_clips_and_drops_future_ones():
    as_of = date(2025, 11, 25)
    merged = merge_periods(
        [
            (date(2026, 1, 1), None),  # starts after as_of: dropped
            (date(2020, 1, 1), date(2030, 1, 1)),  # clipped to as_of
            (date(2010, 1, 1), date(2011, 1, 1)),
        ],
        as_of=as_of,
    )
    assert merged == [(date(2010, 1, 1), date(2011, 1, 1)), (date(2020, 1, 1), as_of)]
    assert merge_periods([(date(2024, 3, 1), None)], as_of=as_of) == [(date(2024, 3, 1), as_of)]


def test_periods_touching_merge_but_a_gap_does_not():
    # Ends are the first day not worked: (…, 2020-06-30) means the last day worked was 06-29.
    as_of = date(2025, 1, 1)
    touching = [(date(2020, 1, 1), date(2020, 6, 30)), (date(2020, 6, 30), date(2020, 12, 31))]
    day_between = [(date(2020, 1, 1), date(2020, 6, 30)), (date(2020, 7, 1), date(2020, 12, 31))]
    assert merge_periods(touching, as_of=as_of) == [(date(2020, 1, 1), date(2020, 12, 31))]
    assert len(merge_periods(day_between, as_of=as_of)) == 2


def test_overlapping_periods_count_their_days_once():
    merged = merge_periods(
        [(date(2020, 1, 1), date(2021, 1, 1)), (date(2020, 7, 1), date(2021, 7, 1))],
        as_of=date(2025, 1, 1),
    )
    assert total_days(merged) == (date(2021, 7, 1) - date(2020, 1, 1)).days


def test_a_period_ending_before_it_starts_is_rejected():
    with pytest.raises(ValueError):
        merge_periods([(date(2020, 1, 2), date(2020, 1, 1))], as_of=date(2025, 1, 1))


@given(raw=periods, as_of=any_date)
def test_merging_is_idempotent(raw, as_of):
    merged = merge_periods(raw, as_of=as_of)
    assert merge_periods(merged, as_of=as_of) == merged


@given(data=st.data(), raw=periods, as_of=any_date)
def test_merging_does_not_depend_on_order(data, raw, as_of):
    shuffled = data.draw(st.permutations(raw))
    assert merge_periods(shuffled, as_of=as_of) == merge_periods(raw, as_of=as_of)


@given(raw=periods, as_of=any_date)
def test_merged_periods_are_sorted_disjoint_and_within_as_of(raw, as_of):
    merged = merge_periods(raw, as_of=as_of)
    for start, end in merged:
        assert start <= end <= as_of
    for (_, previous_end), (next_start, _) in zip(merged, merged[1:], strict=False):
        assert next_start > previous_end  # otherwise they would have merged


@given(raw=periods, as_of=any_date)
def test_merged_periods_cover_every_input(raw, as_of):
    merged = merge_periods(raw, as_of=as_of)
    for start, end in clipped_inputs(raw, as_of):
        assert any(s <= start and end <= e for s, e in merged)


@given(raw=periods, as_of=any_date)
def test_merged_total_never_exceeds_the_inputs(raw, as_of):
    inputs = clipped_inputs(raw, as_of)
    total = total_days(merge_periods(raw, as_of=as_of))
    assert total <= sum((e - s).days for s, e in inputs)
    assert total >= max(((e - s).days for s, e in inputs), default=0)


def test_a_day_between_two_periods_is_not_counted():
    merged = merge_periods(
        [(date(2020, 1, 1), date(2020, 6, 30)), (date(2020, 7, 1), date(2021, 1, 1))],
        as_of=date(2025, 1, 1),
    )
    assert total_days(merged) == 365  # 2020 is a leap year: one day short of a year


# Continuous and cumulative years ---------------------------------------------------------------


def test_a_year_is_an_anniversary():
    one_year = [(date(2025, 11, 25), date(2026, 11, 25))]
    one_day_short = [(date(2025, 11, 26), date(2026, 11, 25))]
    assert is_continuous(one_year, years=1)
    assert is_cumulative(one_year, years=1)
    assert not is_continuous(one_day_short, years=1)
    assert not is_cumulative(one_day_short, years=1)


def test_from_29_february_to_28_february_is_one_year():
    period = [(date(2020, 2, 29), date(2021, 2, 28))]
    assert is_continuous(period, years=1)
    assert is_cumulative(period, years=1)
    assert not is_continuous([(date(2020, 2, 29), date(2021, 2, 27))], years=1)


def test_cumulative_years_add_up_separate_periods():
    two_halves = merge_periods(
        [(date(2018, 1, 1), date(2019, 1, 1)), (date(2021, 1, 1), date(2022, 1, 1))],
        as_of=date(2025, 1, 1),
    )
    assert is_cumulative(two_halves, years=2)
    assert not is_continuous(two_halves, years=2)
    assert not is_cumulative(two_halves, years=3)


@given(start=any_date, n=years)
def test_inclusive_and_exclusive_bounds_at_exactly_n_years(start, n):
    exactly = [(start, add_years(start, n))]
    assert is_continuous(exactly, years=n, inclusive=True)
    assert not is_continuous(exactly, years=n, inclusive=False)
    one_more_day = [(start, add_years(start, n) + DAY)]
    assert is_continuous(one_more_day, years=n, inclusive=False)
    if n:
        one_day_short = [(start, add_years(start, n) - DAY)]
        assert not is_continuous(one_day_short, years=n, inclusive=True)


@given(start=regular_date, n=years)
def test_inclusive_and_exclusive_cumulative_bound_at_exactly_the_threshold(start, n):
    threshold = [(start, start + timedelta(days=cumulative_threshold(n)))]
    assert is_cumulative(threshold, years=n, inclusive=True)
    assert not is_cumulative(threshold, years=n, inclusive=False)
    if n:
        short = [(start, start + timedelta(days=cumulative_threshold(n) - 1))]
        assert not is_cumulative(short, years=n, inclusive=True)


@given(start=regular_date, n=years)
def test_threshold_never_exceeds_an_anniversary_span(start, n):
    assert cumulative_threshold(n) <= (add_years(start, n) - start).days


@given(raw=periods, as_of=any_date, n=years, inclusive=st.booleans())
def test_continuous_implies_cumulative(raw, as_of, n, inclusive):
    merged = merge_periods(raw, as_of=as_of)
    if is_continuous(merged, years=n, inclusive=inclusive):
        assert is_cumulative(merged, years=n, inclusive=inclusive)


def test_continuous_implies_cumulative_across_the_skipped_leap_day_of_2100():
    four_years = [(date(2097, 3, 1), date(2101, 3, 1))]
    assert total_days(four_years) < cumulative_threshold(4)  # no 29 February in 2100
    assert is_continuous(four_years, years=4)
    assert is_cumulative(four_years, years=4)


# What remains ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "text"),
    [
        (date(2027, 2, 25), "1年3个月"),
        (date(2027, 11, 25), "2年"),
        (date(2025, 12, 15), "20天"),
        (date(2027, 2, 4), "1年2个月10天"),
        (date(2025, 11, 25), "0天"),
    ],
)
def test_format_duration(end, text):
    assert format_duration(date(2025, 11, 25), end) == text


@given(start=any_date, end=any_date)
def test_calendar_difference_adds_back_up(start, end):
    assume(start <= end)
    y, m, d = dates.calendar_difference(start, end)
    assert 0 <= m < 12 and d >= 0
    assert dates.add_months(start, 12 * y + m) + timedelta(days=d) == end


def test_continuous_shortfall_runs_from_the_current_period():
    as_of = date(2025, 11, 25)
    merged = merge_periods([(date(2024, 8, 25), None)], as_of=as_of)
    progress = continuous_progress(merged, years=2, as_of=as_of)
    assert not progress.met
    assert progress.due == date(2026, 8, 25)
    assert progress.shortfall_days == (date(2026, 8, 25) - as_of).days
    assert format_duration(as_of, progress.due) == "9个月"


def test_continuous_shortfall_starts_over_when_the_last_period_has_ended():
    as_of = date(2025, 11, 25)
    merged = merge_periods([(date(2020, 1, 1), date(2021, 6, 30))], as_of=as_of)
    progress = continuous_progress(merged, years=2, as_of=as_of)
    assert progress.due == date(2027, 11, 25)
    assert format_duration(as_of, progress.due) == "2年"


def test_exclusive_continuous_shortfall_needs_one_more_day():
    as_of = date(2025, 11, 25)
    merged = merge_periods([(date(2024, 11, 25), None)], as_of=as_of)
    assert continuous_progress(merged, years=1, as_of=as_of).met
    progress = continuous_progress(merged, years=1, inclusive=False, as_of=as_of)
    assert (progress.met, progress.due, progress.shortfall_days) == (False, date(2025, 11, 26), 1)


def test_cumulative_shortfall_counts_the_days_left():
    as_of = date(2025, 11, 25)
    merged = merge_periods([(date(2019, 1, 1), date(2020, 1, 1))], as_of=as_of)
    progress = cumulative_progress(merged, years=2, as_of=as_of)
    assert not progress.met
    assert progress.shortfall_days == cumulative_threshold(2) - 365
    assert format_duration(as_of, progress.due) == "1年"


def test_cumulative_shortfall_without_any_work_is_the_whole_requirement():
    as_of = date(2023, 6, 1)  # the next two years hold 29 February 2024
    progress = cumulative_progress([], years=2, as_of=as_of)
    assert progress.shortfall_days == 730
    assert format_duration(as_of, progress.due) == "2年"


@given(raw=periods, as_of=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 1, 1)))
def test_working_on_until_the_due_date_meets_the_requirement(raw, as_of):
    for measure, mode_met in (
        (continuous_progress, is_continuous),
        (cumulative_progress, is_cumulative),
    ):
        progress = measure(merge_periods(raw, as_of=as_of), years=3, as_of=as_of)
        if progress.met:
            continue
        assert progress.due > as_of
        extended = merge_periods([*raw, (as_of, None)], as_of=progress.due)
        assert mode_met(extended, years=3)
