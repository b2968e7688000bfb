"""Evaluate a level's registration conditions against a profile and explain what is missing.

Three-valued logic: ``True`` met, ``None`` needs staff review, ``False`` not met.

* an alternative is met when all its clauses are: False if any clause is False, else None if any
  is None, else True;
* a condition is met when any alternative is: True beats None beats False;
* a level is eligible when any condition is met, and needs review when it is not eligible but
  some condition is None.

A condition with no alternatives, or an alternative with no clauses, cannot be checked
automatically and counts as needing review (never as met).

Conditions are plain data supplied by the caller (YAML dicts, Wagtail StructValues, objects with
attributes): nothing here queries the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext

from .profile import Profile
from .registry import ClauseOutcome, InvalidClause, UnknownClauseType, get_clause_type

#: What a clause that cannot be read (saved before the editor refused such clauses, or of a type
#: no longer registered) makes of a verdict and of a description: staff review, never a crash.
BROKEN = (InvalidClause, UnknownClauseType)

#: Sort rank of a three-valued verdict: met first, then needs review, then not met.
_VERDICT_RANK: Mapping[bool | None, int] = {True: 0, None: 1, False: 2}


@dataclass(frozen=True)
class AlternativeVerdict:
    met: bool | None
    missing: list[str] = field(default_factory=list)
    unmet_clauses: int = 0
    shortfall_days: int = 0


@dataclass(frozen=True)
class ConditionVerdict:
    """One numbered condition. For a condition not met, ``missing`` lists what its nearest
    alternative (index ``alternative``, 0-based) still lacks; ``unmet_clauses`` and
    ``shortfall_days`` are that alternative's, used to rank near misses."""

    number: int
    text: str
    met: bool | None
    missing: list[str] = field(default_factory=list)
    alternative: int | None = None
    unmet_clauses: int = 0
    shortfall_days: int = 0


@dataclass(frozen=True)
class LevelVerdict:
    eligible: bool
    needs_review: bool
    met: list[int] = field(default_factory=list)
    conditions: list[ConditionVerdict] = field(default_factory=list)


# Reading plain data ---------------------------------------------------------------------------


def _field(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def clause_data(clause: Any) -> tuple[str, Mapping[str, Any]]:
    """``(type, params)`` of a clause: a mapping ``{"type": ..., **params}`` or a Wagtail
    StreamField child (``block_type`` and a mapping ``value``)."""
    if isinstance(clause, Mapping):
        params = dict(clause)
        return params.pop("type", None), params
    return clause.block_type, dict(clause.value)


def alternative_clauses(alternative: Any) -> list[Any]:
    """The clauses of an alternative given as ``{"clauses": [...]}`` or as a plain list."""
    if isinstance(alternative, Mapping) or hasattr(alternative, "clauses"):
        return list(_field(alternative, "clauses") or ())
    return list(alternative or ())


# Evaluating -----------------------------------------------------------------------------------


def evaluate_clause(clause: Any, profile: Profile, *, as_of: date) -> ClauseOutcome:
    name, params = clause_data(clause)
    return get_clause_type(name).evaluate(params, profile, as_of=as_of)


def _evaluate_or_review(clause: Any, profile: Profile, *, as_of: date, text: str) -> ClauseOutcome:
    try:
        return evaluate_clause(clause, profile, as_of=as_of)
    except BROKEN:
        return ClauseOutcome.review(_review(text))


def evaluate_alternative(
    clauses: Iterable[Any], profile: Profile, *, as_of: date, review_text: str = ""
) -> AlternativeVerdict:
    outcomes = [_evaluate_or_review(c, profile, as_of=as_of, text=review_text) for c in clauses]
    if not outcomes:
        return AlternativeVerdict(met=None, missing=[_review(review_text)], unmet_clauses=1)
    unmet = [o for o in outcomes if o.met is not True]
    if any(o.met is False for o in unmet):
        met: bool | None = False
    else:
        met = None if unmet else True
    return AlternativeVerdict(
        met=met,
        missing=[o.missing for o in unmet if o.missing],
        unmet_clauses=len(unmet),
        shortfall_days=sum(o.shortfall_days for o in unmet),
    )


def evaluate_condition(condition: Any, profile: Profile, *, as_of: date) -> ConditionVerdict:
    number = _field(condition, "number", 0)
    text = str(_field(condition, "text", "") or "")
    alternatives = list(_field(condition, "alternatives", None) or ())
    if not alternatives:
        return ConditionVerdict(
            number=number, text=text, met=None, missing=[_review(text)], unmet_clauses=1
        )
    verdicts = [
        evaluate_alternative(alternative_clauses(a), profile, as_of=as_of, review_text=text)
        for a in alternatives
    ]
    index = min(
        range(len(verdicts)),
        key=lambda i: (
            _VERDICT_RANK[verdicts[i].met],
            verdicts[i].unmet_clauses,
            verdicts[i].shortfall_days,
            i,
        ),
    )
    chosen = verdicts[index]
    return ConditionVerdict(
        number=number,
        text=text,
        met=chosen.met,
        missing=[] if chosen.met else chosen.missing,
        alternative=index,
        unmet_clauses=chosen.unmet_clauses,
        shortfall_days=chosen.shortfall_days,
    )


def evaluate_level(conditions: Iterable[Any], profile: Profile, *, as_of: date) -> LevelVerdict:
    """Evaluate every condition of a level; see the module docstring for the logic."""
    verdicts = [evaluate_condition(c, profile, as_of=as_of) for c in conditions]
    met = [v.number for v in verdicts if v.met is True]
    return LevelVerdict(
        eligible=bool(met),
        needs_review=not met and any(v.met is None for v in verdicts),
        met=met,
        conditions=verdicts,
    )


def nearest_miss(verdict: LevelVerdict) -> ConditionVerdict | None:
    """The unmet (False) condition with the smallest shortfall, for a headline such as
    "还需连续从事本职业工作2年"; None when the level is met or nothing is plainly unmet."""
    if verdict.eligible:
        return None
    misses = [c for c in verdict.conditions if c.met is False]
    if not misses:
        return None
    return min(misses, key=lambda c: (c.shortfall_days, c.unmet_clauses, c.number))


# Describing -----------------------------------------------------------------------------------


def describe_clause(clause: Any) -> str:
    name, params = clause_data(clause)
    return get_clause_type(name).describe(params)


def describe_condition(alternatives: Sequence[Any]) -> str:
    """The clauses' sentences: "，" within an alternative, "；或" between alternatives; a clause
    that cannot be read says so instead of its sentence."""
    return gettext("；或").join(
        gettext("，").join(_describe_or_flag(c) for c in alternative_clauses(a))
        for a in alternatives
    )


def _describe_or_flag(clause: Any) -> str:
    try:
        return describe_clause(clause)
    except BROKEN:
        return gettext("【条款设置不完整，无法自动判断，需在编辑器中补全】")


def _review(text: str) -> str:
    return gettext("需由工作人员审核：") + text
