"""Content checks an editor can run: conditions that contradict themselves or the catalogue.

- a condition whose text names another occupation (or one of its old certificate names);
- a level with no condition, added twice to a specialty, or with condition numbers repeated or
  skipped; a condition with no clauses;
- text and clauses that disagree: where the condition parser reads the whole text, every
  difference between its clauses and the condition's (``reading_checks``: relation, levels,
  years, 连续 / 累计, school types, majors, final-year students, alternatives, other details);
  elsewhere, a literal comparison of the years, 连续 / 累计, 本职业 / 本职业或相关职业, the
  certificate or training levels, the school types, final-year students (应届毕业生) and the
  number of ways to meet the condition ("；或");
- clauses that cannot be evaluated (saved before the editor refused them).

The clauses are compared through the facts each clause type states (``ClauseType.facts``), so
the checks know no clause type by name; the text is read by the condition parser
(``occupations.eligibility.reading``) or, where it leaves words unread, by
``occupations.condition_text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import Page

from occupations import condition_text
from occupations.choices import EducationType, Level, RelationScope, WorkMode
from occupations.condition_text import TextFacts
from occupations.eligibility import ClauseFacts, InvalidClause, UnknownClauseType, get_clause_type
from occupations.reading_checks import compare_reading, listed, read_text
from occupations.selectors import ConditionData, LevelData, live_occupations, specialty_levels


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


def _terms(page: Page) -> set[str]:
    return {page.title, *page.alias_list}


def _compare(text: TextFacts, facts: ClauseFacts, count: int) -> Iterable[tuple[str, str]]:
    """Where the literal reading of the text and the facts its clauses state disagree (used
    where the parser leaves words unread; see the module docstring)."""
    if text.years != facts.years:
        yield (
            "years",
            _("文字中的年数（%(text)s）与条款（%(clauses)s）不一致。")
            % {"text": listed(text.years), "clauses": listed(facts.years)},
        )
    if text.continuous and WorkMode.CONTINUOUS not in facts.modes:
        yield "mode", _("文字要求“连续”工作，条款中没有连续工作年限。")
    if text.cumulative and WorkMode.CUMULATIVE not in facts.modes:
        yield "mode", _("文字要求“累计”工作，条款中没有累计工作年限。")
    if text.relations != facts.relations:
        yield (
            "relation",
            _("文字中的职业范围（%(text)s）与条款（%(clauses)s）不一致。")
            % {
                "text": listed(text.relations, RelationScope),
                "clauses": listed(facts.relations, RelationScope),
            },
        )
    # Levels are compared only when the text names them in words the reader knows (an old
    # certificate name such as 助理电子商务师 names none).
    if text.certificate_levels and text.certificate_levels != facts.certificate_levels:
        yield (
            "certificate_level",
            _("文字中的证书等级（%(text)s）与条款（%(clauses)s）不一致。")
            % {
                "text": listed(text.certificate_levels, Level),
                "clauses": listed(facts.certificate_levels, Level),
            },
        )
    if text.training_levels and text.training_levels != facts.training_levels:
        yield (
            "training_level",
            _("文字中的培训等级（%(text)s）与条款（%(clauses)s）不一致。")
            % {
                "text": listed(text.training_levels, Level),
                "clauses": listed(facts.training_levels, Level),
            },
        )
    if text.final_year_students != facts.final_year_students:
        yield (
            "final_year_students",
            _("文字包含在校应届毕业生，条款没有勾选“含尚未取得毕业证书的在校应届毕业生”。")
            if text.final_year_students
            else _("条款包含在校应届毕业生，文字没有提到。"),
        )
    if text.school_types != facts.school_types:
        yield (
            "school_types",
            _("文字中的学校类型（%(text)s）与条款（%(clauses)s）不一致。")
            % {
                "text": listed(text.school_types, EducationType),
                "clauses": listed(facts.school_types, EducationType),
            },
        )
    # A text that lists its ways with "；或" must have as many alternatives; one that lists none
    # may still hold several ("本科生…,硕士、博士研究生…" are two).
    if text.alternatives > count or (text.alternatives > 1 and count != text.alternatives):
        yield (
            "alternatives",
            _("文字用“；或”列出%(text)s种满足方式，条款有%(clauses)s个方案。")
            % {"text": text.alternatives, "clauses": count},
        )


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
    if problems:
        return  # what the broken clauses state is unknown: comparing would mislead
    reading = read_text(text, own_terms)
    if reading.complete:
        yield from compare_reading(reading, condition.alternatives)
    else:
        yield from _compare(condition_text.read(text), facts, len(condition.alternatives))


def check_level(level: LevelData) -> Iterable[tuple[str, str]]:
    """Level-wide problems: no condition, a number repeated, a number skipped."""
    if not level.conditions:
        yield "empty_level", _("该等级没有报名条件。")
        return
    numbers = [c.number for c in level.conditions]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        yield "repeated_number", _("第%(number)s条重复出现。") % {"number": number}
    for number in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
        yield "skipped_number", _("缺少第%(number)s条（序号不连续）。") % {"number": number}


def check_occupation(page: Page, *, catalogue: list[Page]) -> list[Finding]:
    """Findings of one occupation page (an OccupationPage: its title, alias_list and
    specialties are read), against the other pages of ``catalogue``."""
    own = _terms(page)
    foreign = {other.title: _terms(other) - own for other in catalogue if other.pk != page.pk}
    findings = []
    repeated = _("该等级在这个工种/方向中添加了不止一次，请合并或删除多余的一个。")
    for specialty in page.specialties.all():
        levels = specialty_levels(specialty)
        levels_offered = [level.level for level in levels]
        for level in levels:
            where = dict(occupation=page.title, specialty=specialty.name, level=level.level)
            if levels_offered.count(level.level) > 1:
                findings.append(
                    Finding(**where, number=None, kind="repeated_level", message=repeated)
                )
            for kind, message in check_level(level):
                findings.append(Finding(**where, number=None, kind=kind, message=message))
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
