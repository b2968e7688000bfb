"""StreamField blocks for registration requirements.

A specialty's ``levels`` stream holds one LevelBlock per offered level; a level holds its
numbered conditions; a condition holds its published text and its clauses, grouped into
alternatives (met when any alternative is; an alternative is met when all its clauses are).

Clause blocks are registered by type name, the same names the eligibility engine's registry
uses: adding a clause type is one block here plus one evaluator in occupations/eligibility.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from occupations.choices import (
    CertificateKind,
    EducationType,
    Level,
    Major,
    RelationScope,
    SkillTarget,
    WorkMode,
)

CLAUSE_BLOCKS: dict[str, type[blocks.StructBlock]] = {}


def clause_block(name: str) -> Callable[[type[blocks.StructBlock]], type[blocks.StructBlock]]:
    def register(cls: type[blocks.StructBlock]) -> type[blocks.StructBlock]:
        CLAUSE_BLOCKS[name] = cls
        return cls

    return register


def _level_choices():
    return [(str(value), label) for value, label in Level.choices]


def _years(label=None, required=True):
    return blocks.IntegerBlock(
        label=label or _("年数"), min_value=0, max_value=50, required=required
    )


class WorkAfterBlock(blocks.StructBlock):
    """Optional: N years of work after the certificate was issued / the diploma obtained."""

    years = _years(_("之后工作年数"), required=False)
    mode = blocks.ChoiceBlock(label=_("连续/累计"), choices=WorkMode.choices, default="continuous")
    relation = blocks.ChoiceBlock(
        label=_("职业范围"), choices=RelationScope.choices, default="same"
    )
    inclusive = blocks.BooleanBlock(label=_("含本数"), required=False, default=True)

    class Meta:
        label = _("取得后从事工作（可选）")
        form_classname = "work-after"


@clause_block("work_experience")
class WorkExperienceBlock(blocks.StructBlock):
    years = _years()
    mode = blocks.ChoiceBlock(label=_("连续/累计"), choices=WorkMode.choices, default="continuous")
    relation = blocks.ChoiceBlock(
        label=_("职业范围"), choices=RelationScope.choices, default="same"
    )
    inclusive = blocks.BooleanBlock(label=_("含本数"), required=False, default=True)

    class Meta:
        icon = "time"
        label = _("工作年限")


@clause_block("certificate")
class CertificateBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        label=_("证书等级"),
        choices=_level_choices,
        required=False,
        help_text=_("预备技师证书不填等级。"),
    )
    relation = blocks.ChoiceBlock(
        label=_("职业范围"), choices=RelationScope.choices, default="same"
    )
    kind = blocks.ChoiceBlock(label=_("证书类型"), choices=CertificateKind.choices, default="level")
    work_after = WorkAfterBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = _("持有证书")


@clause_block("education")
class EducationBlock(blocks.StructBlock):
    types = blocks.MultipleChoiceBlock(label=_("学校类型"), choices=EducationType.choices)
    and_above = blocks.BooleanBlock(label=_("及以上"), required=False)
    majors = blocks.MultipleChoiceBlock(
        label=_("专业"), choices=Major.choices, required=False, help_text=_("不选表示不限专业。")
    )
    skill_target = blocks.ChoiceBlock(
        label=_("培养目标"), choices=SkillTarget.choices, required=False
    )
    final_year_students = blocks.BooleanBlock(
        label=_("含尚未取得毕业证书的在校应届毕业生"), required=False
    )
    work_after = WorkAfterBlock(required=False)

    class Meta:
        icon = "group"
        label = _("学历")


@clause_block("graduated_years")
class GraduatedYearsBlock(blocks.StructBlock):
    types = blocks.MultipleChoiceBlock(label=_("学历"), choices=EducationType.choices)
    years = _years(_("毕业年数"))
    inclusive = blocks.BooleanBlock(label=_("含本数"), required=False, default=True)

    class Meta:
        icon = "date"
        label = _("毕业年限")


@clause_block("training")
class TrainingBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label=_("培训等级"), choices=_level_choices)

    class Meta:
        icon = "user"
        label = _("正规培训结业")


@clause_block("apprenticeship")
class ApprenticeshipBlock(blocks.StructBlock):
    relation = blocks.ChoiceBlock(
        label=_("职业范围"), choices=RelationScope.choices, default="same"
    )

    class Meta:
        icon = "tick"
        label = _("学徒期满")


@clause_block("free_text")
class FreeTextBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("需人工审核的要求"))

    class Meta:
        icon = "pilcrow"
        label = _("其他要求（人工审核）")


class ClausesBlock(blocks.StreamBlock):
    def __init__(self, **kwargs):
        super().__init__([(name, cls()) for name, cls in CLAUSE_BLOCKS.items()], **kwargs)

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
    level = blocks.ChoiceBlock(label=_("等级"), choices=_level_choices)
    conditions = blocks.ListBlock(ConditionBlock(), label=_("报名条件"))

    class Meta:
        icon = "order"
        label = _("等级")
        label_format = "{level}"


class LevelsBlock(blocks.StreamBlock):
    level = LevelBlock()


def clause_to_data(block_type: str, value: Any) -> dict[str, Any]:
    """A clause block's value as the engine's plain dict (SCHEMA.md)."""
    data: dict[str, Any] = {"type": block_type}
    for key, item in value.items():
        if key == "work_after":
            if item and item.get("years") not in (None, ""):
                data[key] = {k: v for k, v in item.items()}
            continue
        if key == "level":
            item = int(item) if item not in (None, "") else None
        elif isinstance(item, list | tuple):
            item = list(item)
        elif item == "" and key == "skill_target":
            item = None
        data[key] = item
    return data


def clause_to_value(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The reverse of clause_to_data: a SCHEMA.md dict as (block type, raw block value)."""
    value = {key: item for key, item in data.items() if key != "type"}
    if "level" in value:
        value["level"] = "" if value["level"] is None else str(value["level"])
    if "skill_target" in value and value["skill_target"] is None:
        value["skill_target"] = ""
    return data["type"], value
