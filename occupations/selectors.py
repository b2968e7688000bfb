"""Reads of occupations, specialties, levels and their conditions.

Conditions are returned as plain data (SCHEMA.md dicts) so the eligibility engine and the API
never touch the database per clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from occupations.blocks import clause_to_data
from occupations.choices import Level
from occupations.models import OccupationIndexPage, OccupationPage, Specialty


@dataclass(frozen=True)
class ConditionData:
    number: int
    text: str
    note: str
    alternatives: list[list[dict[str, Any]]]


@dataclass(frozen=True)
class LevelData:
    level: int
    conditions: list[ConditionData] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(Level(self.level).label)


def specialty_levels(specialty: Specialty) -> list[LevelData]:
    """The specialty's offered levels, lowest first (五级 … 一级), as plain data."""
    levels = []
    for block in specialty.levels:
        if block.block_type != "level":
            continue
        conditions = [
            ConditionData(
                number=condition["number"],
                text=condition["text"],
                note=condition.get("note") or "",
                alternatives=[
                    [clause_to_data(c.block_type, c.value) for c in alternative["clauses"]]
                    for alternative in condition["alternatives"]
                ],
            )
            for condition in block.value["conditions"]
        ]
        levels.append(LevelData(level=int(block.value["level"]), conditions=conditions))
    return sorted(levels, key=lambda item: -item.level)


def live_occupations() -> Iterable[OccupationPage]:
    return (
        OccupationPage.objects.live()
        .public()
        .order_by("path")
        .prefetch_related(
            Prefetch("specialties", queryset=Specialty.objects.order_by("sort_order"))
        )
    )


def offered_levels(occupation: OccupationPage) -> list[int]:
    return sorted(
        {level.level for s in occupation.specialties.all() for level in specialty_levels(s)},
        reverse=True,
    )


def occupations_offering(*, index: OccupationIndexPage, level: int | None) -> list[dict]:
    rows = []
    for occupation in live_occupations().child_of(index):
        levels = offered_levels(occupation)
        if level is None or level in levels:
            rows.append(
                {
                    "page": occupation,
                    "levels": [(value, Level(value).label) for value in levels],
                    "specialties": [s.name for s in occupation.specialties.all() if s.name],
                }
            )
    return rows


def find_specialty(
    *, occupation: str, specialty: str | None
) -> tuple[OccupationPage | None, Specialty | None]:
    """The live occupation called ``occupation`` and its specialty (None = the unnamed one)."""
    page = live_occupations().filter(title=occupation).first()
    if page is None:
        return None, None
    wanted = specialty or ""
    for item in page.specialties.all():
        if item.name == wanted:
            return page, item
    return page, None


def occupation_catalogue() -> list[dict[str, Any]]:
    """Every live occupation with specialties, levels and condition texts (the public API)."""
    return [
        {
            "slug": page.slug,
            "name": page.title,
            "code": page.code or None,
            "specialties": [
                {
                    "slug": specialty.slug or None if specialty.name else None,
                    "name": specialty.name or None,
                    "levels": [
                        {
                            "level": level.level,
                            "title": level.title,
                            "conditions": [
                                {"number": c.number, "text": c.text} for c in level.conditions
                            ],
                        }
                        for level in specialty_levels(specialty)
                    ],
                }
                for specialty in page.specialties.all()
            ],
        }
        for page in live_occupations()
    ]
