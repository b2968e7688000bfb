"""``work_experience`` clauses: 在本职业连续工作N年以上 / 累计从事…工作N年(含)以上."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occupations.choices import Relation
from occupations.eligibility import (
    NO_PROGRESS,
    Profile,
    WorkPeriod,
    describe_clause,
    evaluate_clause,
)
from occupations.eligibility.dates import add_years, cumulative_threshold

AS_OF = date(2025, 11, 25)

# 电子商务师 三级 condition 1: 在本职业连续工作6年以上。
SIX_YEARS_SAME = {"type": "work_experience", "years": 6, "mode": "continuous", "relation": "same"}
# 计算机程序设计员 五级 condition 1: 累计从事本职业或相关职业工作1年(含)以上。
ONE_YEAR_RELATED_CUMULATIVE = {
    "type": "work_experience",
    "years": 1,
    "mode": "cumulative",
    "relation": "same_or_related",
    "inclusive": True,
}


def profile(*periods: WorkPeriod) -> Profile:
    return Profile(work=periods)


def test_describe():
    assert describe_clause(SIX_YEARS_SAME) == "连续从事本职业工作6年(含)以上"
    assert describe_clause(ONE_YEAR_RELATED_CUMULATIVE) == "累计从事本职业或相关职业工作1年(含)以上"
    exclusive = {**SIX_YEARS_SAME, "inclusive": False}
    assert describe_clause(exclusive) == "连续从事本职业工作超过6年"


def test_six_continuous_years_to_the_day():
    exactly = profile(WorkPeriod(Relation.SAME, date(2019, 11, 25)))
    assert evaluate_clause(SIX_YEARS_SAME, exactly, as_of=AS_OF).met is True
    one_day_short = profile(WorkPeriod(Relation.SAME, date(2019, 11, 26)))
    outcome = evaluate_clause(SIX_YEARS_SAME, one_day_short, as_of=AS_OF)
    assert (outcome.met, outcome.missing, outcome.shortfall_days) == (
        False,
        "还需连续从事本职业工作1天",
        1,
    )


def test_shortfall_of_an_ongoing_job():
    outcome = evaluate_clause(
        SIX_YEARS_SAME, profile(WorkPeriod("same", date(2021, 8, 25))), as_of=AS_OF
    )
    assert outcome.met is False
    assert outcome.missing == "还需连续从事本职业工作1年9个月"
    assert outcome.shortfall_days == (date(2027, 8, 25) - AS_OF).days


def test_a_gap_breaks_continuity():
    with_gap = profile(
        WorkPeriod(Relation.SAME, date(2010, 1, 1), date(2014, 12, 31)),
        WorkPeriod(Relation.SAME, date(2015, 3, 1)),
    )
    outcome = evaluate_clause(SIX_YEARS_SAME, with_gap, as_of=AS_OF)
    assert outcome.met is True  # 2015-03-01 → 2025-11-25 alone is enough
    outcome = evaluate_clause(SIX_YEARS_SAME, with_gap, as_of=date(2020, 1, 1))
    assert outcome.met is False
    assert outcome.missing == "还需连续从事本职业工作1年2个月"


def test_back_to_back_jobs_are_continuous():
    jobs = profile(
        WorkPeriod(Relation.SAME, date(2019, 11, 25), date(2022, 6, 30)),
        WorkPeriod(Relation.SAME, date(2022, 7, 1)),
    )
    assert evaluate_clause(SIX_YEARS_SAME, jobs, as_of=AS_OF).met is True


def test_related_work_does_not_count_for_the_same_occupation():
    related = profile(WorkPeriod(Relation.RELATED, date(2010, 1, 1)))
    outcome = evaluate_clause(SIX_YEARS_SAME, related, as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "还需连续从事本职业工作6年"


def test_same_or_related_counts_both_merged_together():
    halves = profile(
        WorkPeriod(Relation.SAME, date(2024, 6, 1), date(2024, 12, 31)),
        WorkPeriod(Relation.RELATED, date(2025, 1, 1), date(2025, 6, 1)),
    )
    assert evaluate_clause(ONE_YEAR_RELATED_CUMULATIVE, halves, as_of=AS_OF).met is True
    same_only = {**ONE_YEAR_RELATED_CUMULATIVE, "relation": "same"}
    outcome = evaluate_clause(same_only, halves, as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing.startswith("还需累计从事本职业工作")
    # 2024-06-01 to 2024-12-31, both days worked: 214 days.
    assert outcome.shortfall_days == cumulative_threshold(1) - 214


def test_cumulative_adds_separate_periods():
    periods = profile(
        WorkPeriod(Relation.RELATED, date(2020, 1, 1), date(2020, 7, 1)),
        WorkPeriod(Relation.SAME, date(2023, 1, 1), date(2023, 7, 3)),
    )
    assert evaluate_clause(ONE_YEAR_RELATED_CUMULATIVE, periods, as_of=AS_OF).met is True


def test_no_work_at_all_needs_the_whole_requirement():
    outcome = evaluate_clause(ONE_YEAR_RELATED_CUMULATIVE, Profile(), as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "还需累计从事本职业或相关职业工作1年"
    assert outcome.shortfall_days == 365 < NO_PROGRESS


def test_work_starting_after_as_of_does_not_count():
    future = profile(WorkPeriod(Relation.SAME, date(2010, 1, 1)))
    assert evaluate_clause(SIX_YEARS_SAME, future, as_of=date(2009, 12, 31)).met is False


def test_plain_strings_from_forms_are_accepted():
    clause = {"type": "work_experience", "years": "6", "mode": "continuous", "relation": "same"}
    worked = profile(WorkPeriod("same", date(2010, 1, 1)))
    assert evaluate_clause(clause, worked, as_of=AS_OF).met is True


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "work_experience", "mode": "continuous"},
        {"type": "work_experience", "years": 1, "mode": "sometimes"},
        {"type": "work_experience", "years": 1, "relation": "cousin"},
    ],
)
def test_invalid_parameters_are_reported(bad):
    from occupations.eligibility import InvalidClause

    with pytest.raises(InvalidClause):
        evaluate_clause(bad, Profile(), as_of=AS_OF)


# --- the end date is the last day worked --------------------------------------------------------


def test_a_calendar_year_worked_to_its_last_day_is_one_full_year():
    worked_2024 = profile(WorkPeriod(Relation.SAME, date(2024, 1, 1), date(2024, 12, 31)))
    one_year = {**SIX_YEARS_SAME, "years": 1}

    assert evaluate_clause(one_year, worked_2024, as_of=AS_OF).met is True
    cumulative = {**one_year, "mode": "cumulative"}
    assert evaluate_clause(cumulative, worked_2024, as_of=AS_OF).met is True


def test_leaving_one_day_earlier_is_one_day_short():
    short = profile(WorkPeriod(Relation.SAME, date(2024, 1, 1), date(2024, 12, 30)))
    outcome = evaluate_clause({**SIX_YEARS_SAME, "years": 1}, short, as_of=AS_OF)

    assert outcome.met is False
    assert outcome.missing == "还需连续从事本职业工作1年"  # a new continuous year from today


def test_a_one_day_job_counts_one_day():
    one_day = profile(WorkPeriod(Relation.SAME, date(2025, 1, 1), date(2025, 1, 1)))
    outcome = evaluate_clause(ONE_YEAR_RELATED_CUMULATIVE, one_day, as_of=AS_OF)

    assert outcome.shortfall_days == cumulative_threshold(1) - 1


def test_the_next_job_starting_the_day_after_the_last_day_is_continuous():
    two_jobs = profile(
        WorkPeriod(Relation.SAME, date(2023, 1, 1), date(2023, 12, 31)),
        WorkPeriod(Relation.SAME, date(2024, 1, 1), date(2024, 12, 31)),
    )
    assert evaluate_clause({**SIX_YEARS_SAME, "years": 2}, two_jobs, as_of=AS_OF).met is True


past_starts = st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31))
year_counts = st.integers(min_value=1, max_value=20)


@given(start=past_starts, years=year_counts, mode=st.sampled_from(["continuous", "cumulative"]))
def test_working_to_the_day_before_the_anniversary_is_n_full_years(start, years, mode):
    """Property: last day worked = the day before the N-th anniversary meets N years (both
    modes); leaving the day before that does not meet N continuous years."""
    clause = {"type": "work_experience", "years": years, "mode": mode, "relation": "same"}
    last_day = add_years(start, years) - timedelta(days=1)
    full = profile(WorkPeriod(Relation.SAME, start, last_day))

    assert evaluate_clause(clause, full, as_of=AS_OF).met is True
    if mode == "continuous":
        short = profile(WorkPeriod(Relation.SAME, start, last_day - timedelta(days=1)))
        assert evaluate_clause(clause, short, as_of=AS_OF).met is False


@given(start=past_starts, length=st.integers(min_value=0, max_value=4000))
def test_a_closed_period_counts_every_day_from_start_to_last_day(start, length):
    """Property: the shortfall of a cumulative requirement falls by exactly the days worked,
    both ends included."""
    last_day = start + timedelta(days=length)
    clause = {"type": "work_experience", "years": 20, "mode": "cumulative", "relation": "same"}
    outcome = evaluate_clause(
        clause, profile(WorkPeriod(Relation.SAME, start, last_day)), as_of=AS_OF
    )

    assert outcome.shortfall_days == cumulative_threshold(20) - (length + 1)
