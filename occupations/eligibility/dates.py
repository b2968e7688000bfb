"""Calendar arithmetic for work-experience requirements.

Conventions
-----------
* A year is a calendar anniversary: ``add_years(2025-11-25, 1) == 2026-11-25`` and
  29 February plus one year is 28 February.
* A period is a ``(start, end)`` pair of dates and lasts ``(end - start).days`` days, so
  2025-11-25 → 2026-11-25 is exactly one year and 2025-11-26 → 2026-11-25 is not: ``end`` is
  the first day not worked. (An applicant gives the last day worked; ``work.WorkRequirement``
  adds the day.)
* ``merge_periods`` turns raw periods into sorted, disjoint periods: open ends (None) become
  ``as_of``, ends after ``as_of`` are clipped to it, periods starting after ``as_of`` are
  dropped, and periods that overlap or touch (the next one starts on or before the previous
  end) merge. A job whose last day was 2020-12-31 (end 2021-01-01) and the next starting
  2021-01-01 are continuous work; a day not worked between two jobs breaks continuity.
* **Continuous** N years: one merged period with ``end >= add_years(start, N)`` (``>`` when the
  bound is exclusive).
* **Cumulative** N years: the merged periods total at least ``365 * N + N // 4`` days (more than
  that when exclusive). The threshold is never more than the length of a real N-year anniversary
  span between 1901-03-01 and 2100-02-28 (every four consecutive years there hold a 29 February),
  so one period of N continuous years always has the days for N cumulative years. For spans
  across a skipped century leap day (1900, 2100) the day count can fall one short, so the
  cumulative test also accepts any single merged period that is N continuous years: continuous
  ⇒ cumulative holds for every date, by construction.
* Merging never loses days and never adds any: the merged total is at most the inputs' total.

Shortfalls are reported as the date the requirement would be met if work goes on from
``as_of`` (the current continuous period, when the last period reaches ``as_of``) and formatted as
"1年3个月" / "2年" / "20天" by ``format_duration``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

Span = tuple[date, date]
RawPeriod = tuple[date, date | None]

ONE_DAY = timedelta(days=1)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, clamped to the last day of a shorter month."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, n: int) -> date:
    """The ``n``-th anniversary of ``d``; 29 February falls back to 28 February."""
    return add_months(d, 12 * n)


def clip_start(periods: Iterable[RawPeriod], *, since: date) -> list[RawPeriod]:
    """Only the part of each period on or after ``since`` (work after a certificate/diploma)."""
    clipped: list[RawPeriod] = []
    for start, end in periods:
        if end is not None and end <= since:
            continue
        clipped.append((max(start, since), end))
    return clipped


def merge_periods(periods: Iterable[RawPeriod], *, as_of: date) -> list[Span]:
    """Sorted, disjoint periods up to ``as_of`` (see the module docstring for the rules)."""
    bounded: list[Span] = []
    for start, end in periods:
        if end is not None and end < start:
            raise ValueError(f"period ends ({end}) before it starts ({start})")
        if start > as_of:
            continue
        bounded.append((start, as_of if end is None else min(end, as_of)))
    bounded.sort()
    merged: list[Span] = []
    for start, end in bounded:
        if merged and start <= merged[-1][1]:
            previous_start, previous_end = merged[-1]
            merged[-1] = (previous_start, max(previous_end, end))
        else:
            merged.append((start, end))
    return merged


def total_days(merged: Iterable[Span]) -> int:
    return sum((end - start).days for start, end in merged)


def cumulative_threshold(years: int) -> int:
    """Days that count as ``years`` years of cumulative work."""
    return 365 * years + years // 4


def is_continuous(merged: Iterable[Span], *, years: int, inclusive: bool = True) -> bool:
    for start, end in merged:
        due = add_years(start, years)
        if end > due or (inclusive and end == due):
            return True
    return False


def is_cumulative(merged: Sequence[Span], *, years: int, inclusive: bool = True) -> bool:
    total = total_days(merged)
    threshold = cumulative_threshold(years)
    if total > threshold or (inclusive and total == threshold):
        return True
    return is_continuous(merged, years=years, inclusive=inclusive)


@dataclass(frozen=True)
class Progress:
    """How far a work requirement is: met, or the days still short and the date it would be met."""

    met: bool
    shortfall_days: int = 0
    due: date | None = None


def continuous_progress(
    merged: Sequence[Span], *, years: int, inclusive: bool = True, as_of: date
) -> Progress:
    if is_continuous(merged, years=years, inclusive=inclusive):
        return Progress(met=True)
    ongoing = bool(merged) and merged[-1][1] == as_of
    start = merged[-1][0] if ongoing else as_of
    due = add_years(start, years) + (timedelta(0) if inclusive else ONE_DAY)
    return Progress(met=False, shortfall_days=(due - as_of).days, due=due)


def cumulative_progress(
    merged: Sequence[Span], *, years: int, inclusive: bool = True, as_of: date
) -> Progress:
    if is_cumulative(merged, years=years, inclusive=inclusive):
        return Progress(met=True)
    total = total_days(merged)
    extra = timedelta(0) if inclusive else ONE_DAY
    short = cumulative_threshold(years) - total + extra.days
    # Shown as calendar time from a virtual start that packs the past work right before today,
    # so round requirements read round ("还需2年", not "1年11个月30天"); never before the
    # date the day count is reached.
    due = max(add_years(as_of - timedelta(days=total), years) + extra, as_of + timedelta(short))
    return Progress(met=False, shortfall_days=short, due=due)


def calendar_difference(start: date, end: date) -> tuple[int, int, int]:
    """Whole years, months and days from ``start`` to ``end`` (``end >= start``)."""
    if end < start:
        raise ValueError(f"{end} is before {start}")
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    days = (end - add_months(start, months)).days
    return months // 12, months % 12, days


def format_duration(start: date, end: date) -> str:
    """The calendar time from ``start`` to ``end`` in Chinese: "1年3个月", "2年", "20天"."""
    years, months, days = calendar_difference(start, end)
    parts = []
    if years:
        parts.append(gettext("{years}年").format(years=years))
    if months:
        parts.append(gettext("{months}个月").format(months=months))
    if days or not parts:
        parts.append(gettext("{days}天").format(days=days))
    return "".join(parts)
