"""Load the occupations, specialties, levels and conditions of requirements.yaml as pages.

Called by ``manage.py load_school_content`` (declared as this plugin's content_loader).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from hostsite.content.sync import SyncReport, sync_page

from occupations.blocks import levels_to_value
from occupations.models import OccupationIndexPage, OccupationPage, Specialty

REQUIREMENTS_FILE = Path(__file__).resolve().parent / "content" / "requirements.yaml"
INDEX_SLUG = "occupations"


def load_requirements() -> dict[str, Any]:
    return yaml.safe_load(REQUIREMENTS_FILE.read_text(encoding="utf-8"))


def _specialties(occupation: dict[str, Any]) -> list[Specialty]:
    if not occupation["specialties"]:
        return [
            Specialty(sort_order=0, name="", slug="", levels=levels_to_value(occupation["levels"]))
        ]
    # sort_order as published: Orderable leaves it empty outside the admin, and PostgreSQL does
    # not keep rows with equal sort keys in insertion order.
    return [
        Specialty(
            sort_order=index,
            name=item["name"],
            slug=item["slug"],
            levels=levels_to_value(item["levels"]),
        )
        for index, item in enumerate(occupation["specialties"])
    ]


def load_occupations(*, home, force: bool, report: SyncReport) -> None:
    index = sync_page(
        parent=home,
        model=OccupationIndexPage,
        key="occupations:index",
        slug=INDEX_SLUG,
        fields={"title": _("职业与报名条件"), "show_in_menus": True},
        force=force,
        report=report,
    )
    if index is None:  # deleted by an editor: respect that
        return
    for occupation in load_requirements()["occupations"]:
        sync_page(
            parent=index,
            model=OccupationPage,
            key=f"occupations:{occupation['slug']}",
            slug=occupation["slug"],
            fields={
                "title": occupation["name"],
                "code": occupation.get("code") or "",
                "other_names": ", ".join(occupation.get("aliases") or []),
                "source_section": occupation.get("source_section") or "",
                "specialties": _specialties(occupation),
            },
            force=force,
            report=report,
        )
