"""What a condition's published text says, read in the terms of ``ClauseFacts``, so the content
checks can compare the text with its clauses.

The readers are deliberately literal: they recognise the wording the school publishes (see
``occupations/content/SCHEMA.md``, "Reading the published text") and say nothing when the text
uses a form they do not know (an old certificate name such as 助理电子商务师 names no level they
can read), so a check compares only what both sides state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from occupations.choices import EducationType, RelationScope

YEARS = re.compile(r"(\d+)\s*年")

#: Level names as published, longest first so 高级技师 is not read as 高级 or 技师.
LEVEL_WORDS = MappingProxyType(
    {
        "五级": 5,
        "四级": 4,
        "三级": 3,
        "二级": 2,
        "一级": 1,
        "高级技师": 1,
        "初级工": 5,
        "中级工": 4,
        "高级工": 3,
        "初级": 5,
        "中级": 4,
        "高级": 3,
        "技师": 2,
    }
)
_LEVEL = "|".join(LEVEL_WORDS)
# A level name (optionally "四级/中级工") right before what it qualifies: a certificate or a
# formal training. "预备技师证书" and "动画绘制师" are not level names here.
_LEVEL_BEFORE = rf"(?<!预备)({_LEVEL})(?:/(?:{_LEVEL}))?"
CERTIFICATE_LEVEL = re.compile(_LEVEL_BEFORE + r"(?=职业资格证|技能等级证)")
TRAINING_LEVEL = re.compile(_LEVEL_BEFORE + r"(?=正规培训)")

#: 本职业 naming a major (本职业(专业), 本专业(职业)), not the occupation worked in.
_MAJOR_WORDING = re.compile(r"本职业\s*[(（]\s*专业\s*[)）]")
SAME_OR_RELATED = "本职业或相关职业"
SAME = "本职业"

#: School-type wordings, longest first; each match is removed before shorter ones are sought,
#: so 高级技工学校 is not also read as 技工学校.
SCHOOL_WORDS: tuple[tuple[str, str], ...] = (
    ("高级技工学校", EducationType.SENIOR_TECHNICAL_SCHOOL),
    ("技工学校", EducationType.TECHNICAL_SCHOOL),
    ("技师学院", EducationType.TECHNICIAN_COLLEGE),
    ("中等及以上职业学校", EducationType.SECONDARY_VOCATIONAL),
    ("中等以上职业学校", EducationType.SECONDARY_VOCATIONAL),
    ("中等职业学校", EducationType.SECONDARY_VOCATIONAL),
    ("高等以上职业学校", EducationType.HIGHER_VOCATIONAL),
    ("高等职业学校", EducationType.HIGHER_VOCATIONAL),
    ("职业技术学院", EducationType.HIGHER_VOCATIONAL),
    ("大学专科", EducationType.JUNIOR_COLLEGE),
    ("大专", EducationType.JUNIOR_COLLEGE),
    ("大学本科", EducationType.BACHELOR),
    ("本科", EducationType.BACHELOR),
    ("硕士", EducationType.MASTER),
    ("博士", EducationType.DOCTOR),
)

FINAL_YEAR = "应届毕业生"
#: Between two ways of meeting one condition: "…;或…".
ALTERNATIVE_SEPARATOR = re.compile(r"[;；]\s*或")


@dataclass(frozen=True)
class TextFacts:
    years: frozenset[int]
    continuous: bool
    cumulative: bool
    relations: frozenset[str]
    certificate_levels: frozenset[int]
    training_levels: frozenset[int]
    school_types: frozenset[str]
    final_year_students: bool
    alternatives: int


def _levels(pattern: re.Pattern[str], text: str) -> frozenset[int]:
    return frozenset(LEVEL_WORDS[match.group(1)] for match in pattern.finditer(text))


def _relations(text: str) -> frozenset[str]:
    text = _MAJOR_WORDING.sub("", text)
    found = set()
    if SAME_OR_RELATED in text:
        found.add(str(RelationScope.SAME_OR_RELATED))
        text = text.replace(SAME_OR_RELATED, "")
    if SAME in text:
        found.add(str(RelationScope.SAME))
    return frozenset(found)


def _school_types(text: str) -> frozenset[str]:
    found = set()
    for words, school_type in SCHOOL_WORDS:
        if words in text:
            found.add(str(school_type))
            text = text.replace(words, "")
    return frozenset(found)


def read(text: str) -> TextFacts:
    return TextFacts(
        years=frozenset(int(n) for n in YEARS.findall(text)),
        continuous="连续" in text,
        cumulative="累计" in text,
        relations=_relations(text),
        certificate_levels=_levels(CERTIFICATE_LEVEL, text),
        training_levels=_levels(TRAINING_LEVEL, text),
        school_types=_school_types(text),
        final_year_students=FINAL_YEAR in text,
        alternatives=len(ALTERNATIVE_SEPARATOR.findall(text)) + 1,
    )
