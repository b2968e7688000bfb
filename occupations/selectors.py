"""Reads of occupations, specialties, levels and their conditions.

Conditions are returned as plain data (SCHEMA.md dicts) so the eligibility engine and the API
never touch the database per clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from hostsite.versions import Remembered

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
            Prefetch("specialties", queryset=Specialty.objects.order_by("sort_order", "pk"))
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


# Parsed requirements by (page id, publication time): immutable, so safe to share in-process.
_parsed: dict[tuple[int, float], dict[str, SpecialtyRequirements]] = {}
# Name (or id) → live page, remembered until an occupation changes (hostsite.versions).
_lookups = Remembered()


@dataclass(frozen=True)
class SpecialtyRequirements:
    """One specialty's offered levels and conditions, as plain data."""

    occupation: str
    name: str  # "" when the occupation has no named specialties
    levels: list[LevelData]
    slug: str = ""  # the stable key forms and applications refer to ("" when unnamed)

    @property
    def display_name(self) -> str:
        return self.name or str(_("不分工种"))


def page_specialties(page: OccupationPage, *, preview: bool) -> list[SpecialtyRequirements]:
    """The page's specialties, in the editor's order, with their levels and conditions as plain
    data (for the occupation page's template).

    A live page's are parsed once per publication in each process, under the same key as the
    eligibility checker's (occupation_requirements), so either finds them parsed; a preview
    (a draft with the live page's publication time) is read from the draft itself."""
    if preview:
        return list(_parsed_specialties(page).values())
    key = (page.pk, _stamp(page))
    data = _parsed.get(key)
    if data is None:
        data = _remember_parsed(key, _parsed_specialties(page))
    return list(data.values())


def _stamp(page) -> float:
    return page.last_published_at.timestamp() if page.last_published_at else 0


def _parsed_specialties(page: OccupationPage) -> dict[str, SpecialtyRequirements]:
    return {
        s.name: SpecialtyRequirements(
            occupation=page.title, name=s.name, levels=specialty_levels(s), slug=s.slug
        )
        for s in page.specialties.all()
    }


def _remember_parsed(key, data: dict[str, SpecialtyRequirements]):
    if len(_parsed) >= 64:
        _parsed.clear()
    _parsed[key] = data
    return data


def occupation_requirements(
    *, occupation: str | None = None, occupation_id: int | None = None
) -> dict[str, SpecialtyRequirements] | None:
    """The live occupation called ``occupation`` (or with page id ``occupation_id``): its
    specialties by name, or None.

    Parsing a specialty's StreamField is the costly part of an eligibility check, so the parsed
    data is kept in-process under the page's id and publication time, so a published change
    makes a new key. The name (or id) → page lookup is remembered in-process until an
    occupation is published, unpublished or deleted, or page privacy changes, anywhere
    (hostsite.versions).
    """
    # Two name spaces, so that no title can pose as a page id.
    if occupation_id is not None:
        where, name = {"pk": occupation_id}, f"id:{occupation_id}"
    else:
        where, name = {"title": occupation}, f"title:{occupation}"

    def live_page() -> dict:
        found = (
            OccupationPage.objects.live()
            .public()
            .filter(**where)
            .values("pk", "last_published_at")
            .first()
        )
        return found or {}

    row = _lookups.get(name, live_page)
    if not row:
        return None
    stamp = row["last_published_at"].timestamp() if row["last_published_at"] else 0
    key = (row["pk"], stamp)
    data = _parsed.get(key)
    if data is None:
        data = _remember_parsed(key, _parsed_specialties(live_occupations().get(pk=row["pk"])))
    return data


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
