"""``apprenticeship``: completed apprenticeship (本职业或相关职业学徒期满)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from occupations.choices import RelationScope

from ..blocks import ClauseBlock, relation_block
from ..profile import Profile
from ..reading import Reading
from ..reading import vocabulary as words
from ..registry import ClauseFacts, ClauseOutcome, ClauseType, choice_param, register
from ..work import scope_label


def _scope(params: Mapping[str, Any]) -> RelationScope:
    return choice_param(params, "relation", RelationScope, RelationScope.SAME)


class ApprenticeshipBlock(ClauseBlock):
    relation = relation_block()

    class Meta:
        icon = "tick"
        label = _("学徒期满")


@register("apprenticeship")
class Apprenticeship(ClauseType):
    block = ApprenticeshipBlock
    example = {"relation": "same_or_related"}
    menu_order = 60
    readings = (
        # 本职业或相关职业学徒期满
        Reading(
            rf"(?P<relation>{words.RELATION})学徒期满",
            lambda match, context: {"relation": str(words.RELATIONS[match.group("relation")])},
        ),
    )

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        if profile.apprenticeship_completed:
            return ClauseOutcome.satisfied()
        missing = gettext("需{relation}学徒期满").format(relation=scope_label(_scope(params)))
        return ClauseOutcome.unmet(missing)

    def describe(self, params: Mapping[str, Any]) -> str:
        return gettext("{relation}学徒期满").format(relation=scope_label(_scope(params)))

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        return ClauseFacts(relations=frozenset({str(_scope(params))}))
