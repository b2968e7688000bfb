"""``free_text``: something only staff can judge; never "yes", always "needs review"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..blocks import ClauseBlock
from ..profile import Profile
from ..registry import ClauseFacts, ClauseOutcome, ClauseType, param, register


class FreeTextBlock(ClauseBlock):
    text = blocks.TextBlock(label=_("需人工审核的要求"))

    class Meta:
        icon = "pilcrow"
        label = _("其他要求（人工审核）")


@register("free_text")
class FreeText(ClauseType):
    block = FreeTextBlock
    example = {"text": "毕业证书经劳动保障行政部门审核认定"}
    menu_order = 70

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        return ClauseOutcome.review(gettext("需由工作人员审核：") + self.describe(params))

    def describe(self, params: Mapping[str, Any]) -> str:
        return str(param(params, "text", ""))

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        # What staff judge by hand states nothing the content checks compare.
        return ClauseFacts()
