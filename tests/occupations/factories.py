"""Test data for the occupations plugin: clauses, conditions, levels and occupation pages.

Clauses and conditions are SCHEMA.md dicts (occupations/content/SCHEMA.md); ``levels_value``
turns them into the raw value of a specialty's ``levels`` StreamField, as an editor's form or the
loader would store it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from occupations.blocks import clause_to_value
from occupations.eligibility import EducationRecord, Profile, WorkPeriod
from occupations.models import OccupationIndexPage, OccupationPage, Specialty
from occupations.selectors import ConditionData

# --- clauses and conditions (SCHEMA.md dicts) ---------------------------------------------------


def work_clause(years: int, *, mode: str = "continuous", relation: str = "same") -> dict[str, Any]:
    return {
        "type": "work_experience",
        "years": years,
        "mode": mode,
        "relation": relation,
        "inclusive": True,
    }


def training_clause(level: int) -> dict[str, Any]:
    return {"type": "training", "level": level}


def condition(number: int, text: str, *alternatives: list[dict[str, Any]]) -> dict[str, Any]:
    """A numbered condition; each alternative is a list of clauses (all must be met)."""
    return {
        "number": number,
        "text": text,
        "alternatives": [{"clauses": list(clauses)} for clauses in alternatives],
    }


def level(number: int, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {"level": number, "conditions": list(conditions)}


def _clause_block(clause: dict[str, Any]) -> dict[str, Any]:
    block_type, value = clause_to_value(clause)
    return {"type": block_type, "value": value}


def levels_value(levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SCHEMA.md levels as the raw value of ``Specialty.levels``."""
    return [
        {
            "type": "level",
            "value": {
                "level": str(item["level"]),
                "conditions": [
                    {
                        "number": c["number"],
                        "text": c["text"],
                        "note": c.get("note", ""),
                        "alternatives": [
                            {
                                "clauses": [
                                    _clause_block(clause) for clause in alternative["clauses"]
                                ]
                            }
                            for alternative in c["alternatives"]
                        ],
                    }
                    for c in item["conditions"]
                ],
            },
        }
        for item in levels
    ]


class ConditionDataFactory(factory.Factory):
    """A condition as the selectors return it (what the content checks read)."""

    class Meta:
        model = ConditionData

    number = factory.Sequence(lambda n: n + 1)
    text = "在本职业连续工作1年以上。"
    note = ""
    alternatives = factory.LazyFunction(lambda: [[work_clause(1)]])


# --- pages --------------------------------------------------------------------------------------


def publish_occupation(
    *,
    index: OccupationIndexPage,
    title: str,
    slug: str,
    specialties: list[tuple[str, list[dict[str, Any]]]],
    other_names: str = "",
) -> OccupationPage:
    """A new live occupation under ``index``; ``specialties`` are (name, SCHEMA.md levels)."""
    page = OccupationPage(
        title=title,
        slug=slug,
        other_names=other_names,
        specialties=[
            Specialty(name=name, slug="", levels=levels_value(levels))
            for name, levels in specialties
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return OccupationPage.objects.get(pk=page.pk)


def edit_condition_text(
    page: OccupationPage,
    *,
    specialty: str,
    level_number: int,
    number: int,
    text: str,
    publish: bool = True,
) -> OccupationPage:
    """What an editor does in the page editor: change one condition's published text, publish
    (or, with ``publish=False``, the edited page as a draft in memory, e.g. to preview)."""
    page = OccupationPage.objects.get(pk=page.pk)
    specialties = list(page.specialties.all())
    target = next(s for s in specialties if s.name == specialty)
    raw = target.levels.get_prep_value()
    for block in raw:
        if int(block["value"]["level"]) != level_number:
            continue
        for item in block["value"]["conditions"]:
            value = item.get("value", item) if isinstance(item, dict) else item
            if value["number"] == number:
                value["text"] = text
    target.levels = raw
    page.specialties = specialties
    if not publish:
        return page
    page.save_revision().publish()
    return OccupationPage.objects.get(pk=page.pk)


# --- applicant profiles -------------------------------------------------------------------------


def profile(
    *,
    work: list[tuple[str, date, date | None]] = (),
    education: list[dict[str, Any]] = (),
) -> Profile:
    return Profile(
        work=tuple(WorkPeriod(relation, start, end) for relation, start, end in work),
        education=tuple(EducationRecord(**record) for record in education),
    )
