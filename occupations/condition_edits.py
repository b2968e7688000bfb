"""Editors paste the standard, the site proposes the clauses: the services behind the occupation
editor's "粘贴申报条件" and "按文字重新识别条款" screens.

Proposals (``passage_propose``, ``condition_propose``) change nothing. Saving takes the editor's
decision for each condition and re-reads the accepted texts itself, refusing a text that is not
the one whose proposal was shown; it writes a new draft revision of the page (never publishes)
and an audit entry. ``services.py`` keeps the eligibility checks; this module is its sibling for
the editor's writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from hostsite import audit

from occupations.blocks import clause_to_data, levels_to_value
from occupations.eligibility import describe_condition
from occupations.eligibility.reading import (
    ConditionReading,
    Passage,
    ReadingContext,
    read_condition,
    split_passage,
)

AUDIT_ACTION = "occupations.conditions_from_text"
audit.register_action(AUDIT_ACTION, gettext_lazy("按公布文字生成报名条件条款"))


class ConditionEditError(ValueError):
    """What the editor asked cannot be done; ``message`` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Decision:
    ACCEPT = "accept"  # the text and the proposed clauses
    TEXT_ONLY = "text_only"  # the text; the clauses are filled in by hand
    REJECT = "reject"  # nothing of it


@dataclass(frozen=True)
class Proposal:
    number: int
    text: str
    reading: ConditionReading

    @property
    def meaning(self) -> str:
        """The proposed clauses in plain Chinese: the sentence the 条件核对 tab shows."""
        return describe_condition(self.reading.alternatives) if self.reading.read_anything else ""


@dataclass(frozen=True)
class Accepted:
    number: int
    text: str
    decision: str


def reading_context(page) -> ReadingContext:
    """The occupation's name and aliases, so its old certificate names read as levels."""
    return ReadingContext.for_occupation(page.title, page.alias_list)


def condition_propose(*, page, number: int, text: str) -> Proposal:
    return Proposal(number=number, text=text, reading=read_condition(text, reading_context(page)))


def passage_propose(*, page, passage: str) -> tuple[Passage, list[Proposal]]:
    split = split_passage(passage)
    return split, [condition_propose(page=page, number=i.number, text=i.text) for i in split.items]


# The draft being edited ------------------------------------------------------------------------


def draft_of(page):
    """The page as its latest revision holds it (what the editor sees)."""
    return page.get_latest_revision_as_object()


def specialty_of(draft, index: int):
    specialties = list(draft.specialties.all())
    if not 0 <= index < len(specialties):
        raise ConditionEditError(_("没有找到该工种/方向，请刷新编辑页后重试。"))
    return specialties[index]


def _set_levels(draft, index: int, levels: list[dict[str, Any]]) -> None:
    """Give the draft's ``index``-th specialty these levels (set on the draft's own list of
    specialties, which is what its revision stores)."""
    specialties = list(draft.specialties.all())
    specialties[index].levels = levels_to_value(levels)
    draft.specialties = specialties


def levels_data(specialty) -> list[dict[str, Any]]:
    """The specialty's levels as SCHEMA.md dicts, in the editor's order."""
    return [
        {
            "level": int(block.value["level"]),
            "conditions": [
                {
                    "number": c["number"],
                    "text": c["text"],
                    "note": c.get("note") or "",
                    "alternatives": [
                        {"clauses": [clause_to_data(x.block_type, x.value) for x in a["clauses"]]}
                        for a in c["alternatives"]
                    ],
                }
                for c in block.value["conditions"]
            ],
        }
        for block in specialty.levels
        if block.block_type == "level"
    ]


def find_condition(levels: list[dict[str, Any]], *, level: int, number: int) -> dict[str, Any]:
    for item in levels:
        if item["level"] == level:
            for condition in item["conditions"]:
                if condition["number"] == number:
                    return condition
    raise ConditionEditError(_("没有找到该条件，请刷新编辑页后重试。"))


def _refuse_partial(reading: ConditionReading, message: str) -> None:
    """Words left unread are requirements the clauses would miss (an age, the diploma a
    certificate must come with): the clauses read from the rest would admit people the text
    does not. Such a reading is shown, never saved as the condition's clauses."""
    if reading.unread:
        raise ConditionEditError(message)


def _alternatives(reading: ConditionReading) -> list[dict[str, Any]]:
    # An alternative with no clauses keeps the condition for the editor to complete (the
    # content checks list it as having no clauses).
    return [{"clauses": list(a)} for a in reading.alternatives] or [{"clauses": []}]


def _save(*, page, draft, user, request, detail: str):
    revision = draft.save_revision(user=user, log_action=True)
    audit.record(AUDIT_ACTION, request=request, actor=user, target=page, detail=detail)
    return revision


# Saving ----------------------------------------------------------------------------------------


@transaction.atomic
def level_conditions_replace(
    *,
    page,
    specialty: int,
    level: int,
    accepted: Sequence[Accepted],
    user,
    request=None,
):
    """Make the accepted conditions the level's conditions (adding the level when the specialty
    does not offer it yet) in a new draft revision. Rejected ones are left out; the clauses of
    ``TEXT_ONLY`` ones are left for the editor to fill in."""
    kept = [a for a in accepted if a.decision in (Decision.ACCEPT, Decision.TEXT_ONLY)]
    if not kept:
        raise ConditionEditError(_("没有采用任何条件，未作修改。"))
    numbers = [a.number for a in kept]
    if len(set(numbers)) != len(numbers):
        raise ConditionEditError(_("采用的条件序号重复，请修改序号。"))
    draft = draft_of(page)
    target = specialty_of(draft, specialty)
    context = reading_context(page)
    conditions = []
    for item in kept:
        reading = read_condition(item.text, context)
        if item.decision == Decision.ACCEPT:
            _refuse_partial(
                reading,
                _(
                    "第%(number)s条有未能识别的文字，不能采用识别出的条款（会漏掉未识别的要求）："
                    "请修改文字后重新识别，或选择“只采用文字，条款稍后手工填写”。"
                )
                % {"number": item.number},
            )
        accepted_reading = (
            reading if item.decision == Decision.ACCEPT else ConditionReading(text="")
        )
        conditions.append(
            {
                "number": item.number,
                "text": item.text,
                "note": "",
                "alternatives": _alternatives(accepted_reading),
            }
        )
    levels = levels_data(target)
    for item in levels:
        if item["level"] == level:
            item["conditions"] = conditions
            break
    else:
        levels.append({"level": level, "conditions": conditions})
    _set_levels(draft, specialty, levels)
    return _save(
        page=page,
        draft=draft,
        user=user,
        request=request,
        detail=_("等级%(level)s：采用%(count)s条条件（%(numbers)s）")
        % {"level": level, "count": len(kept), "numbers": "、".join(str(n) for n in numbers)},
    )


@transaction.atomic
def condition_clauses_rederive(
    *, page, specialty: int, level: int, number: int, shown_text: str, user, request=None
):
    """Replace one condition's clauses by what the parser reads from its text, provided the
    text is still the one whose proposal the editor accepted."""
    draft = draft_of(page)
    target = specialty_of(draft, specialty)
    levels = levels_data(target)
    condition = find_condition(levels, level=level, number=number)
    if condition["text"] != shown_text:
        raise ConditionEditError(_("该条件的文字已被修改，请查看新的识别结果后再采用。"))
    reading = read_condition(condition["text"], reading_context(page))
    if not reading.read_anything:
        raise ConditionEditError(_("系统没有从文字中识别出任何条款，未作修改。"))
    _refuse_partial(
        reading,
        _(
            "文字中有未能识别的部分，不能用识别出的条款替换现有条款（会漏掉未识别的要求），未作修改。"
        ),
    )
    condition["alternatives"] = _alternatives(reading)
    _set_levels(draft, specialty, levels)
    return _save(
        page=page,
        draft=draft,
        user=user,
        request=request,
        detail=_("等级%(level)s第%(number)s条：按文字重新识别条款")
        % {"level": level, "number": number},
    )


def accepted_from(rows: Iterable[dict[str, Any]]) -> list[Accepted]:
    return [Accepted(number=r["number"], text=r["text"], decision=r["decision"]) for r in rows]
