"""``training``: formal training for a level, completed
(经本职业…正规培训达规定标准学时数，并取得结业证书)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext

from occupations.choices import Level

from ..profile import Profile
from ..registry import ClauseOutcome, ClauseType, choice_param, register


def _level(params: Mapping[str, Any]) -> Level:
    return choice_param(params, "level", Level)


@register("training")
class Training(ClauseType):
    """Met by a training record of exactly that level completed on or before ``as_of``."""

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        level = _level(params)
        if any(t.level == level and t.completed <= as_of for t in profile.training):
            return ClauseOutcome.satisfied()
        return ClauseOutcome.unmet(
            gettext("需经本职业{level}正规培训达规定标准学时数并取得结业证书").format(
                level=str(level.label)
            )
        )

    def describe(self, params: Mapping[str, Any]) -> str:
        return gettext("经本职业{level}正规培训达规定标准学时数，并取得结业证书").format(
            level=str(_level(params).label)
        )
