"""Eligibility checks: the one service the checker page, the API and registration call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from occupations.choices import Level
from occupations.eligibility import LevelVerdict, Profile, evaluate_level, nearest_miss
from occupations.selectors import LevelData, SpecialtyRequirements, occupation_requirements


class RequirementNotFound(LookupError):
    """The occupation, specialty or level asked for is not offered; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def today() -> date:
    """Today in the school's time zone (Asia/Shanghai)."""
    return datetime.now(ZoneInfo(settings.TIME_ZONE)).date()


@dataclass(frozen=True)
class LevelCheck:
    level: LevelData
    verdict: LevelVerdict

    @property
    def headline(self) -> str:
        """What to tell the applicant first, in plain words."""
        verdict = self.verdict
        if verdict.eligible:
            numbers = "、".join(str(n) for n in verdict.met)
            return _("符合报名条件（满足第%(numbers)s条）") % {"numbers": numbers}
        if verdict.needs_review:
            return _("需要工作人员审核")
        miss = nearest_miss(verdict)
        if miss and miss.missing:
            return _("暂不符合：%(missing)s（对照第%(number)s条）") % {
                "missing": "；".join(miss.missing),
                "number": miss.number,
            }
        return _("暂不符合报名条件")


def resolve_specialty(
    *, occupation: str | None = None, specialty: str | None, occupation_id: int | None = None
) -> SpecialtyRequirements:
    """The specialty asked for of the live occupation named ``occupation`` (or with page id
    ``occupation_id``), or RequirementNotFound saying in Chinese what is not offered."""
    specialties = occupation_requirements(occupation=occupation, occupation_id=occupation_id)
    if specialties is None:
        if occupation is None:
            raise RequirementNotFound(_("该职业目前未开放认定。"))
        raise RequirementNotFound(_("没有找到职业“%(name)s”。") % {"name": occupation})
    found = specialties.get(specialty or "")
    if found is None:
        if specialties:
            occupation = next(iter(specialties.values())).occupation
        occupation = occupation or _("该职业")
        if specialty:
            raise RequirementNotFound(
                _("职业“%(occupation)s”没有“%(specialty)s”这个工种/方向。")
                % {"occupation": occupation, "specialty": specialty}
            )
        names = "、".join(name for name in specialties if name)
        raise RequirementNotFound(
            _("职业“%(occupation)s”分工种/方向，请选择其一：%(names)s。")
            % {"occupation": occupation, "names": names}
        )
    return found


def eligibility_check(
    *,
    occupation: str | None = None,
    specialty: str | None,
    level: int,
    profile: Profile,
    as_of: date | None = None,
    occupation_id: int | None = None,
) -> LevelCheck:
    """Does ``profile`` meet the registration conditions of this occupation/specialty/level?
    The occupation is named by its title or, from a registration form, by its page id."""
    found = resolve_specialty(
        occupation=occupation, specialty=specialty, occupation_id=occupation_id
    )
    for level_data in found.levels:
        if level_data.level == level:
            verdict = evaluate_level(level_data.conditions, profile, as_of=as_of or today())
            return LevelCheck(level=level_data, verdict=verdict)
    label = Level(level).label if level in Level.values else str(level)
    raise RequirementNotFound(
        _("“%(name)s”不开展%(level)s的认定。")
        % {"name": found.name or found.occupation, "level": label}
    )


def eligibility_overview(
    *, specialty: SpecialtyRequirements, profile: Profile, as_of: date | None = None
) -> list[LevelCheck]:
    """Every offered level of a specialty checked against the profile, lowest level first."""
    when = as_of or today()
    return [
        LevelCheck(level=level, verdict=evaluate_level(level.conditions, profile, as_of=when))
        for level in specialty.levels
    ]
