"""``free_text``: something only staff can judge; never "yes", always "needs review"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext

from ..profile import Profile
from ..registry import ClauseOutcome, ClauseType, param, register


@register("free_text")
class FreeText(ClauseType):
    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        return ClauseOutcome.review(gettext("需由工作人员审核：") + self.describe(params))

    def describe(self, params: Mapping[str, Any]) -> str:
        return str(param(params, "text", ""))
