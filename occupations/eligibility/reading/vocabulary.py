"""The words registration conditions are written in, shared by the clause types' readings:
relations, levels (including an occupation's old certificate names), work requirements, majors
and school types. Each helper answers None when the words are not ones it knows, so a reading
that meets them fails and the text stays unread (SCHEMA.md, "Reading the published text")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from occupations.choices import EducationType, Major, RelationScope, SkillTarget, WorkMode

# Relations -------------------------------------------------------------------------------------

RELATION = r"本职业或相关职业|本职业"
RELATIONS: Mapping[str, str] = MappingProxyType(
    {"本职业或相关职业": RelationScope.SAME_OR_RELATED, "本职业": RelationScope.SAME}
)

# Levels ----------------------------------------------------------------------------------------

#: Level names of the national standards (五级/初级工 … 一级/高级技师) and of the older ones
#: (初级, 中级, 高级, 技师, 高级技师 before 职业资格证书 or 正规培训).
LEVEL_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "五级": 5,
        "四级": 4,
        "三级": 3,
        "二级": 2,
        "一级": 1,
        "初级工": 5,
        "中级工": 4,
        "高级工": 3,
        "技师": 2,
        "高级技师": 1,
        "初级": 5,
        "中级": 4,
        "高级": 3,
        "国家职业资格五级": 5,
        "国家职业资格四级": 4,
        "国家职业资格三级": 3,
        "国家职业资格二级": 2,
        "国家职业资格一级": 1,
    }
)

#: Old certificate names built on an occupation's name (SCHEMA.md): the 员 / 助理…师 / 师 /
#: 高级…师 ladder (电子商务员 4, 助理电子商务师 3, 电子商务师 2, 高级电子商务师 1) and the
#: 初级… / 中级… / 高级…员 one (中级动画绘制员 4, 高级动画绘制员 3).
_LADDER = (
    ("初级{stem}员", 5),
    ("中级{stem}员", 4),
    ("高级{stem}员", 3),
    ("助理{stem}师", 3),
    ("{stem}师", 2),
    ("高级{stem}师", 1),
)
_STEM = re.compile(r"^(?:助理|初级|中级|高级)?(?P<stem>.+?)[员师]$")


def _stems(names: Iterable[str]) -> set[str]:
    return {m.group("stem") for name in names if (m := _STEM.match(name.strip()))}


@dataclass(frozen=True)
class ReadingContext:
    """What the reading knows of the occupation: its name and aliases (old certificate names).

    A level is read from an old name only when the name is built on one of the occupation's own
    names; a plain "…员" is level 4 only when "助理…师" is among them (the four-rung ladder of
    e.g. 电子商务员 / 助理电子商务师 / 电子商务师 / 高级电子商务师)."""

    names: tuple[str, ...] = ()
    old_names: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def for_occupation(cls, name: str = "", aliases: Iterable[str] = ()) -> ReadingContext:
        names = tuple(n.strip() for n in (name, *aliases) if n and n.strip())
        old: dict[str, int] = {}
        for stem in _stems(names):
            for template, level in _LADDER:
                old[template.format(stem=stem)] = level
            if f"助理{stem}师" in names:
                old[f"{stem}员"] = 4
        return cls(names=names, old_names=MappingProxyType(old))

    def level_named(self, words: str) -> int | None:
        """The level "四级/中级工", "中级", "助理电子商务师" name; None when unknown or when the
        two halves of "X/Y" disagree."""
        parts = words.split("/")
        if not all(parts) or len(parts) > 2:
            return None
        levels = {LEVEL_WORDS.get(part, self.old_names.get(part)) for part in parts}
        if len(levels) != 1 or None in levels:
            return None
        return levels.pop()

    def is_own_name(self, words: str) -> bool:
        """Whether ``words`` is one of the occupation's old certificate names."""
        return words in self.old_names


# Work ------------------------------------------------------------------------------------------

_MODE = r"连续|累计"
_NUMBER = r"(?:\d+|[一二两三四五六七八九十]+)"
_CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
MODES: Mapping[str, str] = MappingProxyType(
    {"连续": WorkMode.CONTINUOUS, "累计": WorkMode.CUMULATIVE}
)


def number(words: str) -> int | None:
    """12 from "12" or "十二"; None for what is not a number up to 99."""
    if words.isdigit():
        return int(words)
    tens, _, units = words.partition("十")
    if "十" not in words:
        return _CHINESE_DIGITS.get(words) if len(words) == 1 else None
    high = _CHINESE_DIGITS.get(tens, None) if tens else 1
    low = _CHINESE_DIGITS.get(units, None) if units else 0
    return None if high is None or low is None else high * 10 + low


def years_pattern(prefix: str) -> str:
    """ "N年以上", "N年(含)以上", "满N年", "超过N年": groups ``{prefix}over``, ``{prefix}full``,
    ``{prefix}n``, ``{prefix}amount``."""
    p = prefix
    return (
        rf"(?P<{p}over>超过)?(?P<{p}full>满)?(?P<{p}n>{_NUMBER})年"
        rf"(?P<{p}amount>\(含\)以上|以上\(含(?:本数|{_NUMBER}年)?\)|及以上|以上)?"
    )


def years_params(match: re.Match[str], prefix: str) -> dict[str, Any] | None:
    """``{"years", "inclusive"}`` of ``years_pattern``; None when the amount is not stated
    plainly (a bare "N年", or "超过N年以上")."""
    p = prefix
    years = number(match.group(f"{p}n"))
    over, full, amount = (match.group(f"{p}{g}") for g in ("over", "full", "amount"))
    if years is None or (over and (full or amount)) or not (over or full or amount):
        return None
    return {"years": years, "inclusive": not over}


def work_pattern(prefix: str) -> str:
    """ "连续从事本职业工作N年以上" or "在本职业连续工作N年以上"."""
    p = prefix
    return (
        rf"(?:在?(?P<{p}r1>{RELATION})(?P<{p}m1>{_MODE})(?:从事)?工作"
        rf"|(?P<{p}m2>{_MODE})从事(?P<{p}r2>{RELATION})(?:的)?工作)" + years_pattern(p)
    )


def work_params(match: re.Match[str], prefix: str) -> dict[str, Any] | None:
    """SCHEMA.md work parameters (years, mode, relation, inclusive) of ``work_pattern``."""
    p = prefix
    amount = years_params(match, p)
    if amount is None:
        return None
    mode = match.group(f"{p}m1") or match.group(f"{p}m2")
    relation = match.group(f"{p}r1") or match.group(f"{p}r2")
    return {
        "years": amount["years"],
        "mode": str(MODES[mode]),
        "relation": str(RELATIONS[relation]),
        "inclusive": amount["inclusive"],
    }


# Schooling -------------------------------------------------------------------------------------

#: Majors as published → the SCHEMA.md ``majors`` list (本职业(专业) names the major).
MAJORS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "本专业(职业)或相关专业": (Major.SAME, Major.RELATED),
        "本职业(专业)或相关专业": (Major.SAME, Major.RELATED),
        "本专业或相关专业": (Major.SAME, Major.RELATED),
        "本职业(专业)": (Major.SAME,),
        "本专业(职业)": (Major.SAME,),
        "非本专业": (Major.RELATED, Major.OTHER),
        "其他专业": (Major.OTHER,),
        "相关专业": (Major.SAME, Major.RELATED),
        "本专业": (Major.SAME,),
    }
)
MAJOR = "|".join(re.escape(words) for words in MAJORS)

#: School types as published → (type, whether the words themselves say "and above").
SCHOOLS: Mapping[str, tuple[str, bool]] = MappingProxyType(
    {
        "高级技工学校": (EducationType.SENIOR_TECHNICAL_SCHOOL, False),
        "技工学校": (EducationType.TECHNICAL_SCHOOL, False),
        "技师学院": (EducationType.TECHNICIAN_COLLEGE, False),
        "中等及以上职业学校": (EducationType.SECONDARY_VOCATIONAL, True),
        "中等以上职业学校": (EducationType.SECONDARY_VOCATIONAL, True),
        "中等职业学校": (EducationType.SECONDARY_VOCATIONAL, False),
        "高等及以上职业学校": (EducationType.HIGHER_VOCATIONAL, True),
        "高等以上职业学校": (EducationType.HIGHER_VOCATIONAL, True),
        "高等职业学校": (EducationType.HIGHER_VOCATIONAL, False),
        "高等职业院校": (EducationType.HIGHER_VOCATIONAL, False),
        "职业技术学院": (EducationType.HIGHER_VOCATIONAL, False),
        "大学专科": (EducationType.JUNIOR_COLLEGE, False),
        "大专": (EducationType.JUNIOR_COLLEGE, False),
        "大学本科": (EducationType.BACHELOR, False),
        "本科": (EducationType.BACHELOR, False),
        "硕士研究生": (EducationType.MASTER, False),
        "硕士": (EducationType.MASTER, False),
        "博士研究生": (EducationType.DOCTOR, False),
        "博士": (EducationType.DOCTOR, False),
    }
)
SCHOOL = "|".join(re.escape(w) for w in sorted(SCHOOLS, key=len, reverse=True))
#: Between the school types of one list: any of them (技工学校和中等职业学校 = either).
SCHOOL_LIST = rf"(?:{SCHOOL})(?:(?:、|和|或)(?:{SCHOOL}))*"
_SCHOOL_SPLIT = re.compile(rf"{SCHOOL}")

SKILL_TARGETS: Mapping[str, str] = MappingProxyType(
    {"中级": SkillTarget.INTERMEDIATE, "高级": SkillTarget.ADVANCED}
)

#: Approvals only documents show (经评估论证, 经…行政部门审核认定的): not clauses (SCHEMA.md).
APPROVAL = r"经评估论证|经(?:劳动保障|人力资源(?:和)?社会保障|人社)行政部门审核认定的?"


def schools(words: str) -> list[tuple[str, bool]] | None:
    """The school types of a list such as "高级技工学校、技师学院", each with its own "and
    above"; None when a type is named twice."""
    found = [SCHOOLS[m.group(0)] for m in _SCHOOL_SPLIT.finditer(words)]
    types = [t for t, _above in found]
    return None if len(set(types)) != len(types) else found
