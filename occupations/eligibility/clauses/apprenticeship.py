"""``apprenticeship``: completed apprenticeship (本职业或相关职业学徒期满)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext

from occupations.choices import RelationScope

from ..profile import Profile
from ..registry import ClauseOutcome, ClauseType, choice_param, register
from ..work import scope_label


def _relation(params: Mapping[str, Any]) -> str:
    return scope_label(choice_param(params, "relation", RelationScope, RelationScope.SAME))


@register("apprenticeship")
class Apprenticeship(ClauseType):
    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        if profile.apprenticeship_completed:
            return ClauseOutcome.satisfied()
        missing = gettext("需{relation}学徒期满").format(relation=_relation(params))
        return ClauseOutcome.unmet(missing)

    def describe(self, params: Mapping[str, Any]) -> str:
        return gettext("{relation}学徒期满").format(relation=_relation(params))
