"""Work-experience requirements, shared by ``work_experience`` and the ``work_after`` of
``certificate`` and ``education`` clauses: parsing, measuring against a profile, wording."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext

from occupations.choices import Relation, RelationScope, WorkMode

from . import dates
from .profile import WorkPeriod
from .registry import ClauseFacts, InvalidClause, choice_param, int_param, param

#: Which relations of a work period or certificate each scope accepts.
RELATIONS_IN_SCOPE: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        RelationScope.SAME: frozenset({Relation.SAME}),
        RelationScope.SAME_OR_RELATED: frozenset({Relation.SAME, Relation.RELATED}),
    }
)

ProgressFunction = Callable[..., dates.Progress]

#: How each mode measures merged periods (``dates.continuous_progress`` / ``cumulative_progress``).
PROGRESS_BY_MODE: Mapping[str, ProgressFunction] = MappingProxyType(
    {
        WorkMode.CONTINUOUS: dates.continuous_progress,
        WorkMode.CUMULATIVE: dates.cumulative_progress,
    }
)


def in_scope(relation: str, scope: str) -> bool:
    return relation in RELATIONS_IN_SCOPE[scope]


def scope_label(scope: str) -> str:
    return str(RelationScope(scope).label)


def years_amount(years: int, *, inclusive: bool) -> str:
    """The amount in words: "5年(含)以上" when inclusive (plain "以上" is), else "超过5年"."""
    if inclusive:
        return gettext("{years}年(含)以上").format(years=years)
    return gettext("超过{years}年").format(years=years)


@dataclass(frozen=True)
class WorkRequirement:
    years: int
    mode: WorkMode = WorkMode.CONTINUOUS
    relation: RelationScope = RelationScope.SAME
    inclusive: bool = True

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> WorkRequirement:
        if not isinstance(params, Mapping):
            raise InvalidClause(gettext("工作年限的设置不完整。"))
        years = int_param(params, "years")
        if years < 0:
            raise InvalidClause(gettext("年数不能为负数。"), field="years")
        return cls(
            years=years,
            mode=choice_param(params, "mode", WorkMode, WorkMode.CONTINUOUS),
            relation=choice_param(params, "relation", RelationScope, RelationScope.SAME),
            inclusive=bool(param(params, "inclusive", True)),
        )

    @classmethod
    def optional(cls, params: Mapping[str, Any], key: str = "work_after") -> WorkRequirement | None:
        """The requirement under ``key``; None when absent, or when it is an empty form value
        (a Wagtail StructBlock left blank gives ``{"years": None, ...}``)."""
        value = params.get(key)
        if not value or (isinstance(value, Mapping) and value.get("years") in (None, "")):
            return None
        try:
            return cls.from_params(value)
        except InvalidClause as error:
            raise InvalidClause(error.reason, field=key) from None

    def facts(self) -> ClauseFacts:
        return ClauseFacts(
            years=frozenset({self.years}),
            modes=frozenset({str(self.mode)}),
            relations=frozenset({str(self.relation)}),
        )

    # Measuring ------------------------------------------------------------------------------

    def progress(
        self, periods: Iterable[WorkPeriod], *, as_of: date, since: date | None = None
    ) -> dates.Progress:
        """Progress counting only periods in scope, and only their part on/after ``since``.

        A period's ``end`` is the last day worked, so it counts up to the day after it
        (2024-01-01 to 2024-12-31 is one year); an open period counts up to ``as_of``."""
        raw = [
            (p.start, None if p.end is None else p.end + dates.ONE_DAY)
            for p in periods
            if in_scope(p.relation, self.relation)
        ]
        if since is not None:
            raw = dates.clip_start(raw, since=since)
        merged = dates.merge_periods(raw, as_of=as_of)
        measure = PROGRESS_BY_MODE[self.mode]
        return measure(merged, years=self.years, inclusive=self.inclusive, as_of=as_of)

    # Wording --------------------------------------------------------------------------------

    def describe(self) -> str:
        """e.g. "连续从事本职业工作1年(含)以上"."""
        return gettext("{mode}从事{relation}工作{amount}").format(
            mode=str(WorkMode(self.mode).label),
            relation=scope_label(self.relation),
            amount=years_amount(self.years, inclusive=self.inclusive),
        )

    def still_needed(self, progress: dates.Progress, *, as_of: date) -> str:
        """e.g. "连续从事本职业工作2年" — the work left; prefix it with "还需"."""
        assert progress.due is not None
        return gettext("{mode}从事{relation}工作{remaining}").format(
            mode=str(WorkMode(self.mode).label),
            relation=scope_label(self.relation),
            remaining=dates.format_duration(as_of, progress.due),
        )


def best_progress(progresses: Sequence[dates.Progress]) -> dates.Progress:
    """The met progress if any, else the one with the smallest shortfall."""
    return min(progresses, key=lambda p: (not p.met, p.shortfall_days))
