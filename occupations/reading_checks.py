"""The content check that compares a condition's clauses with what the parser reads from its
text (``occupations.eligibility.reading``) and names every disagreement: relation, levels,
years, 连续/累计, school types, majors, final-year students, the number of ways to meet the
condition, and, when all of those agree but the clauses still differ (及以上, 培养目标, work
counted after a certificate…), the two sentences side by side.

Used by ``content_checks`` wherever the parser reads a condition's whole text; where it leaves
words unread, the older literal comparison (``condition_text``) still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import permutations
from typing import Any

from django.utils.translation import gettext as _

from occupations.choices import EducationType, Level, Major, RelationScope, WorkMode
from occupations.eligibility import ClauseFacts, describe_condition, get_clause_type
from occupations.eligibility.reading import (
    ConditionReading,
    ReadingContext,
    read_condition,
    same_clauses,
)

Finding = tuple[str, str]


@lru_cache(maxsize=64)
def _context(terms: frozenset[str]) -> ReadingContext:
    return ReadingContext.for_occupation("", sorted(terms))


def read_text(text: str, own_terms: Iterable[str]) -> ConditionReading:
    """The parser's reading of ``text`` for the occupation whose names are ``own_terms``."""
    return read_condition(text, _context(frozenset(own_terms)))


def listed(values, choices=None) -> str:
    """e.g. "本职业、本职业或相关职业": labels in the order the choices declare them."""
    if not values:
        return _("无")
    if choices is None:
        return "、".join(str(v) for v in sorted(values))
    order = list(choices.values)
    return "、".join(str(choices(v).label) for v in sorted(values, key=order.index))


def _facts(clauses: Sequence[dict[str, Any]]) -> ClauseFacts:
    facts = []
    for clause in clauses:
        params = dict(clause)
        facts.append(get_clause_type(params.pop("type")).facts(params))
    return ClauseFacts.union(facts)


def _differ(label: Callable[[], str], choices=None) -> Callable[[Any, Any], str]:
    def message(text_values, clause_values) -> str:
        return _("文字中的%(label)s（%(text)s）与条款（%(clauses)s）不一致。") % {
            "label": label(),
            "text": listed(text_values, choices),
            "clauses": listed(clause_values, choices),
        }

    return message


#: (kind, ClauseFacts field, message) in the order findings are listed.
_SET_FIELDS: tuple[tuple[str, str, Callable[[Any, Any], str]], ...] = (
    ("years", "years", _differ(lambda: _("年数"))),
    ("relation", "relations", _differ(lambda: _("职业范围"), RelationScope)),
    ("certificate_level", "certificate_levels", _differ(lambda: _("证书等级"), Level)),
    ("training_level", "training_levels", _differ(lambda: _("培训等级"), Level)),
    ("school_types", "school_types", _differ(lambda: _("学校类型"), EducationType)),
    ("majors", "majors", _differ(lambda: _("专业"), Major)),
)


def compare_facts(read: ClauseFacts, have: ClauseFacts) -> Iterable[Finding]:
    """Where what the text says (``read``) and what the clauses state (``have``) disagree."""
    for kind, name, message in _SET_FIELDS:
        if getattr(read, name) != getattr(have, name):
            yield kind, message(getattr(read, name), getattr(have, name))
    # One finding per disagreement: what the text asks and the clauses lack, else the reverse.
    missing = [m for m in WorkMode if m in read.modes and m not in have.modes]
    extra = [m for m in WorkMode if m in have.modes and m not in read.modes]
    for mode in missing:
        yield (
            "mode",
            _("文字要求“%(mode)s”工作，条款中没有%(mode)s工作年限。") % {"mode": str(mode.label)},
        )
    for mode in extra if not missing else ():
        yield "mode", _("条款要求“%(mode)s”工作，文字中没有。") % {"mode": str(mode.label)}
    if read.final_year_students != have.final_year_students:
        yield (
            "final_year_students",
            _("文字包含在校应届毕业生，条款没有勾选“含尚未取得毕业证书的在校应届毕业生”。")
            if read.final_year_students
            else _("条款包含在校应届毕业生，文字没有提到。"),
        )


def _same(mine: Sequence[dict], theirs: Sequence[dict]) -> bool:
    """The same clauses, or clauses saying the same (a parameter left at its default)."""
    return same_clauses([mine], [theirs]) or (
        sorted(describe_condition([[c]]) for c in mine)
        == sorted(describe_condition([[c]]) for c in theirs)
        and _facts(mine) == _facts(theirs)
    )


def _pairing(read, have) -> list[tuple[Any, Any]]:
    """Each way the text reads paired with the clauses' alternative most like it."""
    if len(read) > 6:
        return list(zip(read, have, strict=True))

    def cost(order) -> int:
        return sum(
            0 if _same(r, h) else 1 + len(list(compare_facts(_facts(r), _facts(h))))
            for r, h in zip(read, order, strict=True)
        )

    best = min(permutations(have), key=cost)
    return list(zip(read, best, strict=True))


def compare_reading(reading: ConditionReading, alternatives: Sequence[Sequence[dict]]):
    """The disagreements between a complete reading of the text and the condition's clauses
    (SCHEMA.md dicts per alternative)."""
    read, have = reading.alternatives, [list(a) for a in alternatives]
    if len(read) == len(have) and all(_same(r, h) for r, h in _pairing(read, have)):
        return
    if len(read) != len(have):
        yield from compare_facts(
            _facts([c for a in read for c in a]), _facts([c for a in have for c in a])
        )
        template = (
            _("文字用“；或”列出%(text)s种满足方式，条款有%(clauses)s个方案。")
            if ";或" in reading.text
            else _("文字列出%(text)s种满足方式，条款有%(clauses)s个方案。")
        )
        yield "alternatives", template % {"text": len(read), "clauses": len(have)}
        return
    several = len(read) > 1
    for index, (mine, theirs) in enumerate(_pairing(read, have), start=1):
        found = list(compare_facts(_facts(mine), _facts(theirs)))
        if not found and not _same(mine, theirs):
            found = [
                (
                    "clauses",
                    _("文字读作“%(text)s”，条款为“%(clauses)s”。")
                    % {
                        "text": describe_condition([mine]),
                        "clauses": describe_condition([theirs]),
                    },
                )
            ]
        for kind, message in found:
            if several:
                message = _("方案%(n)s：%(message)s") % {"n": index, "message": message}
            yield kind, message
