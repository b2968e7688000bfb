"""StreamField blocks for registration requirements.

A specialty's ``levels`` stream holds one LevelBlock per offered level; a level holds its
numbered conditions; a condition holds its published text and its clauses, grouped into
alternatives (met when any alternative is; an alternative is met when all its clauses are).

The clause blocks are not listed here: each registered clause type brings its own block
(``occupations.eligibility.registry``), so adding a clause type is one module in
``occupations/eligibility/clauses/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from occupations.eligibility import clause_types, get_clause_type
from occupations.eligibility.blocks import level_choices

#: The name migration 0001 refers to the level choices by.
_level_choices = level_choices


class ClausesBlock(blocks.StreamBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [(name, clause_type.block()) for name, clause_type in clause_types().items()],
            **kwargs,
        )

    class Meta:
        label = _("条款（须全部满足）")


class AlternativeBlock(blocks.StructBlock):
    clauses = ClausesBlock()

    class Meta:
        icon = "list-ul"
        label = _("方案")


class ConditionBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("序号"), min_value=1)
    text = blocks.TextBlock(label=_("公布文字"), help_text=_("与学校公布的报名条件原文一致。"))
    note = blocks.TextBlock(label=_("内部备注"), required=False)
    alternatives = blocks.ListBlock(
        AlternativeBlock(), label=_("满足方式（满足任一方案即可）"), min_num=1
    )

    class Meta:
        icon = "form"
        label = _("报名条件")


class LevelBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label=_("等级"), choices=level_choices)
    conditions = blocks.ListBlock(ConditionBlock(), label=_("报名条件"))

    class Meta:
        icon = "order"
        label = _("等级")
        label_format = "{level}"


class LevelsBlock(blocks.StreamBlock):
    level = LevelBlock()


def published_texts(levels_raw: Iterable[dict[str, Any]]) -> list[str]:
    """The published text of every condition of a ``levels`` stream in its stored (raw) form,
    in order. A list item is stored either as the condition itself or, once saved by the editor,
    as ``{"type": "item", "value": condition, "id": ...}`` (Wagtail's ListBlock formats)."""
    texts = []
    for level in levels_raw:
        for item in level["value"].get("conditions") or []:
            condition = item["value"] if item.get("type") == "item" and "value" in item else item
            if text := condition.get("text"):
                texts.append(text)
    return texts


def clause_to_data(block_type: str, value: Any) -> dict[str, Any]:
    """A clause block's value as the engine's plain dict (SCHEMA.md)."""
    return {"type": block_type, **get_clause_type(block_type).params_from_block(value)}


def clause_to_value(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The reverse of clause_to_data: a SCHEMA.md dict as (block type, raw block value)."""
    return data["type"], get_clause_type(data["type"]).block_from_params(data)


def levels_to_value(levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ``levels`` stream from SCHEMA.md levels (``{"level", "conditions": [{"number", "text",
    "note", "alternatives": [{"clauses": [...]}]}]}``), as the loader and the editor's
    proposals write it."""

    def condition(item):
        return {
            "number": item["number"],
            "text": item["text"],
            "note": item.get("note") or "",
            "alternatives": [
                {
                    "clauses": [
                        dict(zip(("type", "value"), clause_to_value(clause), strict=True))
                        for clause in alternative["clauses"]
                    ]
                }
                for alternative in item["alternatives"]
            ],
        }

    return [
        {
            "type": "level",
            "value": {
                "level": str(level["level"]),
                "conditions": [condition(item) for item in level["conditions"]],
            },
        }
        for level in levels
    ]
