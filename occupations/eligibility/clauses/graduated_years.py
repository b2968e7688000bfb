"""``graduated_years``: graduated from a school type at least N years ago (本科生毕业13年以上)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from occupations.choices import EducationType

from .. import dates
from ..blocks import ClauseBlock, inclusive_block, years_block
from ..profile import Profile
from ..reading import Reading, ReadingContext
from ..reading import vocabulary as words
from ..registry import ClauseFacts, ClauseOutcome, ClauseType, int_param, param, register
from ..work import years_amount
from .education import education_types, has_graduated, types_phrase


@dataclass(frozen=True)
class GraduatedYearsSpec:
    types: tuple[EducationType, ...]
    years: int
    inclusive: bool

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> GraduatedYearsSpec:
        return cls(
            types=education_types(params),
            years=int_param(params, "years"),
            inclusive=bool(param(params, "inclusive", True)),
        )

    def due(self, graduated: date) -> date:
        """The first day on which a graduate of ``graduated`` meets the requirement."""
        due = dates.add_years(graduated, self.years)
        return due if self.inclusive else due + timedelta(days=1)


#: Graduates as published (本科生毕业13年以上, 硕士、博士研究生毕业8年以上).
GRADUATES = {
    "大学本科生": EducationType.BACHELOR,
    "本科生": EducationType.BACHELOR,
    "大学专科生": EducationType.JUNIOR_COLLEGE,
    "专科生": EducationType.JUNIOR_COLLEGE,
    "大专生": EducationType.JUNIOR_COLLEGE,
    "硕士研究生": EducationType.MASTER,
    "博士研究生": EducationType.DOCTOR,
    "硕士": EducationType.MASTER,
    "博士": EducationType.DOCTOR,
}
_GRADUATE = "|".join(sorted(GRADUATES, key=len, reverse=True))
_GRADUATED = rf"(?P<types>(?:{_GRADUATE})(?:、(?:{_GRADUATE}))*)毕业" + words.years_pattern("g_")
_ONE_GRADUATE = re.compile(_GRADUATE)


def _read(match, context: ReadingContext) -> dict[str, Any] | None:
    """ "硕士、博士研究生" names both (研究生 belongs to each)."""
    names = _ONE_GRADUATE.findall(match.group("types"))
    types = [str(GRADUATES[n]) for n in names]
    amount = words.years_params(match, "g_")
    if amount is None or len(set(types)) != len(types):
        return None
    return {"types": types, **amount}


class GraduatedYearsBlock(ClauseBlock):
    types = blocks.MultipleChoiceBlock(label=_("学历"), choices=EducationType.choices)
    years = years_block(_("毕业年数"))
    inclusive = inclusive_block()

    class Meta:
        icon = "date"
        label = _("毕业年限")


@register("graduated_years")
class GraduatedYears(ClauseType):
    """Met by a graduation from one of the listed school types N anniversaries ago."""

    block = GraduatedYearsBlock
    example = {"types": ["bachelor"], "years": 13, "inclusive": True}
    menu_order = 40
    readings = (Reading(_GRADUATED, _read, parallel=True),)

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        spec = GraduatedYearsSpec.from_params(params)
        graduations = [
            r.graduated
            for r in profile.education
            if r.type in spec.types and has_graduated(r, as_of=as_of)
        ]
        if not graduations:
            return ClauseOutcome.unmet(
                gettext("需{types}毕业{amount}").format(
                    types=types_phrase(spec.types),
                    amount=years_amount(spec.years, inclusive=spec.inclusive),
                )
            )
        due = min(spec.due(graduated) for graduated in graduations if graduated is not None)
        if due <= as_of:
            return ClauseOutcome.satisfied()
        return ClauseOutcome.unmet(
            gettext("距{types}毕业满{years}年还需{remaining}").format(
                types=types_phrase(spec.types),
                years=spec.years,
                remaining=dates.format_duration(as_of, due),
            ),
            shortfall_days=(due - as_of).days,
        )

    def describe(self, params: Mapping[str, Any]) -> str:
        spec = GraduatedYearsSpec.from_params(params)
        return gettext("{types}毕业{amount}").format(
            types=types_phrase(spec.types),
            amount=years_amount(spec.years, inclusive=spec.inclusive),
        )

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        spec = GraduatedYearsSpec.from_params(params)
        return ClauseFacts(
            years=frozenset({spec.years}), school_types=frozenset(str(t) for t in spec.types)
        )
