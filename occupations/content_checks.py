"""Content checks an editor can run: conditions that contradict themselves or the catalogue.

- a condition whose text names another occupation (or one of its old certificate names);
- a level with no condition; a condition with no clauses;
- text and clauses that disagree on a number of years, or on 连续 / 累计;
- clauses that cannot be evaluated (saved before the editor refused them).

The clauses are compared through the facts each clause type states (``ClauseType.facts``), so
the checks know no clause type by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from occupations.choices import Level
from occupations.eligibility import ClauseFacts, InvalidClause, UnknownClauseType, get_clause_type
from occupations.selectors import ConditionData, live_occupations, specialty_levels

if TYPE_CHECKING:
    from occupations.models import OccupationPage

YEARS = re.compile(r"(\d+)\s*年")


@dataclass(frozen=True)
class Finding:
    occupation: str
    specialty: str
    level: int | None
    number: int | None
    kind: str
    message: str

    @property
    def where(self) -> str:
        parts = [self.occupation]
        if self.specialty:
            parts.append(self.specialty)
        if self.level is not None:
            parts.append(str(Level(self.level).label))
        if self.number is not None:
            parts.append(_("第%(number)s条") % {"number": self.number})
        return " / ".join(parts)


def _clause_facts(condition: ConditionData) -> tuple[ClauseFacts, list[str]]:
    """The facts all the condition's clauses state (each clause type says what its are), and
    why the clauses that cannot be read cannot."""
    facts, problems = [], []
    for alternative in condition.alternatives:
        for clause in alternative:
            params = dict(clause)
            name = params.pop("type", None)
            try:
                clause_type = get_clause_type(name)
                facts.append(clause_type.facts(params))
            except UnknownClauseType:
                problems.append(_("未知的条款类型“%(name)s”。") % {"name": name})
            except InvalidClause as error:
                problems.append(
                    _("条款“%(label)s”设置不完整：%(reason)s")
                    % {"label": clause_type.label, "reason": error.reason}
                )
    return ClauseFacts.union(facts), problems


def _terms(page: OccupationPage) -> set[str]:
    return {page.title, *page.alias_list}


def check_condition(
    condition: ConditionData, *, own_terms: set[str], foreign: dict[str, set[str]]
) -> Iterable[tuple[str, str]]:
    text = condition.text
    for name, terms in foreign.items():
        named = sorted(t for t in terms if t in text and not any(t in own for own in own_terms))
        if named:
            yield (
                "other_occupation",
                _("文字提到其他职业“%(name)s”（%(terms)s），可能是复制错误。")
                % {
                    "name": name,
                    "terms": "、".join(named),
                },
            )
    if not condition.alternatives or any(not alt for alt in condition.alternatives):
        yield "no_clauses", _("没有可判断的条款，资格审核无法自动进行。")
        return
    facts, problems = _clause_facts(condition)
    for problem in problems:
        yield "invalid_clause", problem
    text_years = {int(n) for n in YEARS.findall(text)}
    clause_years = set(facts.years)
    if text_years != clause_years:
        yield (
            "years",
            _("文字中的年数（%(text)s）与条款（%(clauses)s）不一致。")
            % {
                "text": "、".join(map(str, sorted(text_years))) or _("无"),
                "clauses": "、".join(map(str, sorted(clause_years))) or _("无"),
            },
        )
    modes = facts.modes
    if "连续" in text and "continuous" not in modes:
        yield "mode", _("文字要求“连续”工作，条款中没有连续工作年限。")
    if "累计" in text and "cumulative" not in modes:
        yield "mode", _("文字要求“累计”工作，条款中没有累计工作年限。")


def check_occupation(page: OccupationPage, *, catalogue: list[OccupationPage]) -> list[Finding]:
    own = _terms(page)
    foreign = {other.title: _terms(other) - own for other in catalogue if other.pk != page.pk}
    findings = []
    for specialty in page.specialties.all():
        for level in specialty_levels(specialty):
            where = dict(occupation=page.title, specialty=specialty.name, level=level.level)
            if not level.conditions:
                findings.append(
                    Finding(
                        **where, number=None, kind="empty_level", message=_("该等级没有报名条件。")
                    )
                )
            for condition in level.conditions:
                for kind, message in check_condition(condition, own_terms=own, foreign=foreign):
                    findings.append(
                        Finding(**where, number=condition.number, kind=kind, message=message)
                    )
    return findings


def check_all() -> list[Finding]:
    catalogue = list(live_occupations())
    return [
        finding for page in catalogue for finding in check_occupation(page, catalogue=catalogue)
    ]
