"""``work_experience``: N years of continuous or cumulative work (在本职业连续工作1年以上)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..blocks import ClauseBlock, inclusive_block, mode_block, relation_block, years_block
from ..profile import Profile
from ..reading import Reading
from ..reading import vocabulary as words
from ..registry import ClauseFacts, ClauseOutcome, ClauseType, register
from ..work import WorkRequirement


class WorkExperienceBlock(ClauseBlock):
    years = years_block()
    mode = mode_block()
    relation = relation_block()
    inclusive = inclusive_block()

    class Meta:
        icon = "time"
        label = _("工作年限")


@register("work_experience")
class WorkExperience(ClauseType):
    block = WorkExperienceBlock
    example = {"years": 1, "mode": "continuous", "relation": "same", "inclusive": True}
    menu_order = 10
    readings = (
        # 连续从事本职业工作1年以上 / 在本职业连续工作1年以上 / 累计从事…工作1年(含)以上
        Reading(words.work_pattern("w_"), lambda match, context: words.work_params(match, "w_")),
    )

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        requirement = WorkRequirement.from_params(params)
        progress = requirement.progress(profile.work, as_of=as_of)
        if progress.met:
            return ClauseOutcome.satisfied()
        return ClauseOutcome.unmet(
            gettext("还需{work}").format(work=requirement.still_needed(progress, as_of=as_of)),
            shortfall_days=progress.shortfall_days,
        )

    def describe(self, params: Mapping[str, Any]) -> str:
        return WorkRequirement.from_params(params).describe()

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        return WorkRequirement.from_params(params).facts()
