"""``education``: a diploma of certain school types, majors and training targets, optionally
followed by N years of work after graduation
(取得本专业大学本科学历证书后，连续从事本职业工作5年以上)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from wagtail import blocks

from occupations.choices import EDUCATION_RANKS, EducationType, Major, SkillTarget

from ..blocks import ClauseBlock, OptionalChoiceBlock, WorkAfterBlock
from ..profile import EducationRecord, Profile
from ..reading import Read, Reading, ReadingContext
from ..reading import vocabulary as words
from ..registry import (
    ClauseFacts,
    ClauseOutcome,
    ClauseType,
    InvalidClause,
    choice_param,
    param,
    register,
)
from ..work import WorkRequirement, best_progress

_ = gettext_lazy

#: Record training targets that satisfy a required one: advanced training covers intermediate.
TARGETS_MEETING: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        SkillTarget.INTERMEDIATE: frozenset({SkillTarget.INTERMEDIATE, SkillTarget.ADVANCED}),
        SkillTarget.ADVANCED: frozenset({SkillTarget.ADVANCED}),
    }
)

#: How the brochure names each accepted set of majors; any other set is joined with "或".
MAJOR_PHRASES: Mapping[frozenset[str], object] = MappingProxyType(
    {
        frozenset(): "",
        frozenset({Major.SAME}): gettext_lazy("本专业"),
        frozenset({Major.RELATED}): gettext_lazy("相关专业"),
        frozenset({Major.OTHER}): gettext_lazy("其他专业"),
        frozenset({Major.SAME, Major.RELATED}): gettext_lazy("本专业或相关专业"),
        frozenset({Major.RELATED, Major.OTHER}): gettext_lazy("非本专业"),
        frozenset({Major.SAME, Major.RELATED, Major.OTHER}): "",
    }
)


def education_types(params: Mapping[str, Any]) -> tuple[EducationType, ...]:
    raw = param(params, "types")
    if isinstance(raw, str) or not raw:
        raise InvalidClause(gettext("请至少选择一种学校类型。"), field="types")
    return tuple(choice_param({"type": value}, "type", EducationType) for value in raw)


def types_phrase(types: tuple[EducationType, ...]) -> str:
    return "、".join(str(t.label) for t in types)


def min_rank(types: tuple[EducationType, ...]) -> int:
    return min(EDUCATION_RANKS[t] for t in types)


def has_graduated(record: EducationRecord, *, as_of: date) -> bool:
    return record.graduated is not None and record.graduated <= as_of


@dataclass(frozen=True)
class EducationSpec:
    types: tuple[EducationType, ...]
    and_above: bool
    majors: frozenset[Major]
    skill_target: SkillTarget | None
    final_year_students: bool
    work_after: WorkRequirement | None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EducationSpec:
        majors = param(params, "majors", ())
        return cls(
            types=education_types(params),
            and_above=bool(param(params, "and_above", False)),
            majors=frozenset(choice_param({"m": m}, "m", Major) for m in majors),
            skill_target=choice_param(params, "skill_target", SkillTarget, None),
            final_year_students=bool(param(params, "final_year_students", False)),
            work_after=WorkRequirement.optional(params),
        )

    def accepts_type(self, school_type: str) -> bool:
        """One of the listed types; with ``and_above``, any type ranked at least as high as the
        lowest listed (大学专科及以上 accepts 高等职业学校, 大学本科, 硕士…)."""
        if school_type in self.types:
            return True
        rank = EDUCATION_RANKS.get(school_type)
        return self.and_above and rank is not None and rank >= min_rank(self.types)

    def shortfalls(self, record: EducationRecord, *, as_of: date) -> list[str]:
        """What keeps ``record`` from meeting the clause, as keys of ``ONE_SHORTFALL``
        ("type", "major", "skill_target", "skill_target_blank", "graduation"); [] when it does.
        """
        found = []
        if not self.accepts_type(record.type):
            found.append("type")
        if self.majors and record.major not in self.majors:
            found.append("major")
        if self.skill_target and record.skill_target is None:
            found.append("skill_target_blank")
        elif self.skill_target and record.skill_target not in TARGETS_MEETING[self.skill_target]:
            found.append("skill_target")
        if not (
            has_graduated(record, as_of=as_of)
            or (record.final_year_student and self.final_year_students)
        ):
            found.append("graduation")
        return found

    def judge(self, record: EducationRecord, *, as_of: date) -> bool | None:
        """True when ``record`` meets the clause; None when only its blank training target
        (培养目标) is unknown, which staff must judge; else False."""
        found = self.shortfalls(record, as_of=as_of)
        if not found:
            return True
        return None if found == ["skill_target_blank"] else False

    def accepts(self, record: EducationRecord, *, as_of: date) -> bool:
        return self.judge(record, as_of=as_of) is True

    # Wording --------------------------------------------------------------------------------

    def schooling(self) -> str:
        """e.g. "以高级技能为培养目标的高级技工学校、技师学院", "大学专科及以上"."""
        target = (
            gettext("以{target}为培养目标的").format(target=str(self.skill_target.label))
            if self.skill_target
            else ""
        )
        above = gettext("及以上") if self.and_above else ""
        return f"{target}{types_phrase(self.types)}{above}"

    def majors_phrase(self) -> str:
        if self.majors in MAJOR_PHRASES:
            return str(MAJOR_PHRASES[self.majors])
        return gettext("或").join(str(m.label) for m in Major if m in self.majors)

    def diploma(self) -> str:
        final = gettext("(含尚未取得毕业证书的在校应届毕业生)") if self.final_year_students else ""
        return gettext("{schooling}{majors}毕业证书{final}").format(
            schooling=self.schooling(), majors=self.majors_phrase(), final=final
        )

    def missing_target(self) -> str:
        """Review: the applicant left the training target blank."""
        return gettext("需由工作人员审核培养目标（您未填写）：条件要求{schooling}学历").format(
            schooling=self.schooling()
        )

    def nearest_miss(self, records: tuple[EducationRecord, ...], *, as_of: date) -> str:
        """What is missing, naming the one thing a record lacks when only one thing is."""
        single = [
            (found[0], record)
            for record in records
            if len(found := self.shortfalls(record, as_of=as_of)) == 1 and found[0] in ONE_SHORTFALL
        ]
        if not single:
            return self.missing_diploma()
        shortfall, record = single[0]
        return ONE_SHORTFALL[shortfall](self, record)

    def missing_diploma(self) -> str:
        majors = self.majors_phrase()
        text = gettext("需具有{schooling}学历").format(schooling=self.schooling())
        if majors:
            text += gettext("（{majors}）").format(majors=majors)
        if self.work_after is not None:
            text += gettext("，并在毕业后{work}").format(work=self.work_after.describe())
        return text


class EducationBlock(ClauseBlock):
    types = blocks.MultipleChoiceBlock(label=_("学校类型"), choices=EducationType.choices)
    and_above = blocks.BooleanBlock(label=_("及以上"), required=False)
    majors = blocks.MultipleChoiceBlock(
        label=_("专业"), choices=Major.choices, required=False, help_text=_("不选表示不限专业。")
    )
    skill_target = OptionalChoiceBlock(
        label=_("培养目标"), choices=SkillTarget.choices, required=False
    )
    final_year_students = blocks.BooleanBlock(
        label=_("含尚未取得毕业证书的在校应届毕业生"), required=False
    )
    work_after = WorkAfterBlock(required=False)

    class Meta:
        icon = "group"
        label = _("学历")


# Reading ----------------------------------------------------------------------------------------

_DIPLOMA = (
    rf"(?:取得|具有|具备)?(?P<approval>(?:{words.APPROVAL})、?)?"
    r"(?:以(?P<target>中级|高级)技能为培养目标的)?"
    rf"(?P<m1>{words.MAJOR})?(?P<schools>{words.SCHOOL_LIST})"
    r"(?P<above>及以上|以上\(含(?P<including>[^()]{1,8})\)|以上)?"
    rf"(?P<m2>{words.MAJOR})?(?P<document>学历毕业证书|毕业证书|学历证书|学历|毕业生)"
    r"(?P<final>\(含尚未取得毕业证书的在校应届毕业生\))?"
    rf"(?:后,?(?P<after>{words.work_pattern('e_')}))?"
)


def _read(match, context: ReadingContext) -> Read | None:
    """具有以高级技能为培养目标的高级技工学校、技师学院本专业毕业证书 (any of the listed
    types), 大专及以上 / 大专以上(含大专) (and above: one type only), 毕业生 (graduated),
    (含尚未取得毕业证书的在校应届毕业生), 取得…后，连续从事… (work after graduating)."""
    found = words.schools(match.group("schools"))
    if found is None:
        return None
    types = [str(t) for t, _above in found]
    and_above = bool(match.group("above")) or any(above for _t, above in found)
    including = match.group("including")
    if and_above and len(types) > 1:
        return None
    if including and str(words.SCHOOLS.get(including, ("",))[0]) != types[0]:
        return None
    majors_words = [m for m in (match.group("m1"), match.group("m2")) if m]
    if len(majors_words) > 1:
        return None
    target = match.group("target")
    params: dict[str, Any] = {
        "types": types,
        "and_above": and_above,
        "majors": [str(m) for m in words.MAJORS[majors_words[0]]] if majors_words else [],
        "skill_target": str(words.SKILL_TARGETS[target]) if target else None,
        "final_year_students": bool(match.group("final")),
    }
    if match.group("after"):
        work = words.work_params(match, "e_")
        if work is None:
            return None
        params["work_after"] = work
    notes = ()
    if match.group("approval"):
        notes = (
            gettext("“{words}”只能由证明材料体现，不作为条款，请审核时核对。").format(
                words=match.group("approval").rstrip("、的")
            ),
        )
    return Read(params=params, notes=notes)


#: The message when a record lacks exactly one thing, by what it lacks (see ``shortfalls``).
ONE_SHORTFALL: Mapping[str, Any] = MappingProxyType(
    {
        "major": lambda spec, record: gettext("{missing}：您填写的专业为{yours}").format(
            missing=spec.missing_diploma(), yours=str(Major(record.major).label)
        ),
        "skill_target": lambda spec, record: gettext("{missing}：您的学历培养目标为{yours}").format(
            missing=spec.missing_diploma(), yours=str(SkillTarget(record.skill_target).label)
        ),
        "graduation": lambda spec, record: gettext("{missing}：您尚未取得毕业证书").format(
            missing=spec.missing_diploma()
        ),
    }
)


@register("education")
class Education(ClauseType):
    """Met by an accepted record; with ``work_after``, counting work on or after the graduation
    date of the best record (a final-year student has none yet: all the work is still needed)."""

    block = EducationBlock
    example = {
        "types": ["technical_school"],
        "and_above": False,
        "majors": ["same", "related"],
        "skill_target": "intermediate",
        "final_year_students": True,
    }
    menu_order = 30
    readings = (Reading(_DIPLOMA, _read),)

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        spec = EducationSpec.from_params(params)
        judged = [(r, spec.judge(r, as_of=as_of)) for r in profile.education]
        records = [r for r, verdict in judged if verdict is True]
        unknown = [r for r, verdict in judged if verdict is None]
        if not records and not unknown:
            return ClauseOutcome.unmet(spec.nearest_miss(profile.education, as_of=as_of))
        if spec.work_after is None:
            return (
                ClauseOutcome.satisfied()
                if records
                else ClauseOutcome.review(spec.missing_target())
            )
        known = self._work_after(spec, records, profile, as_of=as_of)
        if known is not None and known.met:
            return ClauseOutcome.satisfied()
        maybe = self._work_after(spec, unknown, profile, as_of=as_of)
        if maybe is not None and maybe.met:
            return ClauseOutcome.review(spec.missing_target())
        progress = best_progress([p for p in (known, maybe) if p is not None])
        return ClauseOutcome.unmet(
            gettext("毕业后还需{work}").format(
                work=spec.work_after.still_needed(progress, as_of=as_of)
            ),
            shortfall_days=progress.shortfall_days,
        )

    @staticmethod
    def _work_after(spec: EducationSpec, records, profile: Profile, *, as_of: date):
        """The best progress of the work required after graduating from one of ``records``
        (a final-year student has not graduated: all the work is still needed); None if none."""
        if not records:
            return None
        return best_progress(
            [
                spec.work_after.progress(
                    profile.work,
                    as_of=as_of,
                    since=r.graduated if has_graduated(r, as_of=as_of) else as_of,
                )
                for r in records
            ]
        )

    def describe(self, params: Mapping[str, Any]) -> str:
        spec = EducationSpec.from_params(params)
        if spec.work_after is None:
            return gettext("具有{diploma}").format(diploma=spec.diploma())
        return gettext("取得{diploma}后，{work}").format(
            diploma=spec.diploma(), work=spec.work_after.describe()
        )

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        spec = EducationSpec.from_params(params)
        facts = ClauseFacts(
            school_types=frozenset(str(t) for t in spec.types),
            majors=frozenset(str(m) for m in spec.majors),
            final_year_students=spec.final_year_students,
        )
        return facts if spec.work_after is None else facts | spec.work_after.facts()
