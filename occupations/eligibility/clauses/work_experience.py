"""``work_experience``: N years of continuous or cumulative work (在本职业连续工作1年以上)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext

from ..profile import Profile
from ..registry import ClauseOutcome, ClauseType, register
from ..work import WorkRequirement


@register("work_experience")
class WorkExperience(ClauseType):
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
