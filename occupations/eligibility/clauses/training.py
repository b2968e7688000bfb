"""``training``: formal training for a level, completed
(经本职业…正规培训达规定标准学时数，并取得结业证书)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from occupations.choices import Level, RelationScope

from ..blocks import ClauseBlock, LevelChoiceBlock
from ..profile import Profile
from ..reading import Reading, ReadingContext
from ..registry import ClauseFacts, ClauseOutcome, ClauseType, choice_param, register


def _level(params: Mapping[str, Any]) -> Level:
    return choice_param(params, "level", Level)


def _read(match, context: ReadingContext):
    level = context.level_named(match.group("level"))
    return None if level is None else {"level": level}


#: 经本职业四级/中级工(电子商务员…)正规培训达规定标准学时数，并取得结业证书
_TRAINING = (
    r"经本职业(?P<level>[^,;()]{1,20}?)正规培训达(?:到)?(?:规定)?标准学时数?,?"
    r"并?取得(?:结业证书|毕\(结\)业证书|结\(毕\)业证书|培训结业证书)"
)


class TrainingBlock(ClauseBlock):
    level = LevelChoiceBlock(label=_("培训等级"))

    class Meta:
        icon = "user"
        label = _("正规培训结业")


@register("training")
class Training(ClauseType):
    """Met by a training record of exactly that level completed on or before ``as_of``."""

    block = TrainingBlock
    example = {"level": 3}
    menu_order = 50
    readings = (Reading(_TRAINING, _read),)

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

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        # Training is always in the occupation itself (经本职业…正规培训).
        return ClauseFacts(
            training_levels=frozenset({int(_level(params))}),
            relations=frozenset({str(RelationScope.SAME)}),
        )
