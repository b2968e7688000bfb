"""``certificate``: holds a certificate of a level or higher, optionally followed by N years of
work after its issue date (取得本职业四级/中级工职业资格证书后，累计从事本职业工作5年(含)以上)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from occupations.choices import CertificateKind, Level, RelationScope

from ..blocks import ClauseBlock, LevelChoiceBlock, WorkAfterBlock, relation_block
from ..profile import CertificateHeld, Profile
from ..reading import Reading, ReadingContext
from ..reading import vocabulary as words
from ..registry import (
    ClauseFacts,
    ClauseOutcome,
    ClauseType,
    InvalidClause,
    choice_param,
    register,
)
from ..work import WorkRequirement, best_progress, in_scope, scope_label


@dataclass(frozen=True)
class CertificateSpec:
    kind: CertificateKind
    level: Level | None
    relation: RelationScope
    work_after: WorkRequirement | None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CertificateSpec:
        kind = choice_param(params, "kind", CertificateKind, CertificateKind.LEVEL)
        level = None
        if kind == CertificateKind.LEVEL:
            try:
                level = choice_param(params, "level", Level)
            except InvalidClause:
                raise InvalidClause(
                    gettext("请选择证书等级（只有预备技师证书不填等级）。"), field="level"
                ) from None
        return cls(
            kind=kind,
            level=level,
            relation=choice_param(params, "relation", RelationScope, RelationScope.SAME),
            work_after=WorkRequirement.optional(params),
        )

    def accepts(self, certificate: CertificateHeld, *, as_of: date) -> bool:
        return (
            certificate.issued <= as_of
            and certificate.kind == self.kind
            and in_scope(certificate.relation, self.relation)
            and KIND_MATCHES[self.kind](certificate, self)
        )

    def phrase(self) -> str:
        return KIND_PHRASES[self.kind](self)


def _level_or_higher(certificate: CertificateHeld, spec: CertificateSpec) -> bool:
    # Level 1 is the highest: a lower number is a higher certificate.
    assert spec.level is not None
    return certificate.level is not None and certificate.level <= spec.level


def _level_phrase(spec: CertificateSpec) -> str:
    assert spec.level is not None
    template = (
        gettext("{relation}{level}职业资格证书(技能等级证书)")
        if spec.level == Level.ONE
        else gettext("{relation}{level}及以上职业资格证书(技能等级证书)")
    )
    return template.format(relation=scope_label(spec.relation), level=str(spec.level.label))


def _preparatory_phrase(spec: CertificateSpec) -> str:
    return gettext("{relation}预备技师证书").format(relation=scope_label(spec.relation))


#: Whether a held certificate (already of the right kind and relation) satisfies the level asked.
KIND_MATCHES: Mapping[str, Callable[[CertificateHeld, CertificateSpec], bool]] = MappingProxyType(
    {
        CertificateKind.LEVEL: _level_or_higher,
        CertificateKind.PREPARATORY_TECHNICIAN: lambda certificate, spec: True,
    }
)

KIND_PHRASES: Mapping[str, Callable[[CertificateSpec], str]] = MappingProxyType(
    {
        CertificateKind.LEVEL: _level_phrase,
        CertificateKind.PREPARATORY_TECHNICIAN: _preparatory_phrase,
    }
)


# Reading ----------------------------------------------------------------------------------------

_HOLDS = r"(?:取得|具有|持有)"
_WORK_AFTER = rf"(?:后,?(?P<after>{words.work_pattern('a_')}))?"
_LEVEL_CERTIFICATE = (
    rf"{_HOLDS}(?P<relation>{words.RELATION})?(?P<level>[^,;()]{{1,20}}?)"
    r"(?:职业资格证书\(技能等级证书\)|职业资格证\(技能等级证书\)书|职业资格证书"
    r"|职业技能等级证书|技能等级证书)" + _WORK_AFTER
)
_PREPARATORY = rf"{_HOLDS}(?P<relation>{words.RELATION})?预备技师证书" + _WORK_AFTER


def _with_work_after(params: dict[str, Any], match) -> dict[str, Any] | None:
    if match.group("after") is None:
        return params
    work = words.work_params(match, "a_")
    return None if work is None else {**params, "work_after": work}


def _read_level(match, context: ReadingContext) -> dict[str, Any] | None:
    """取得本职业或相关职业四级/中级工职业资格证书(技能等级证书)后，累计从事…: the level from
    the level words or the occupation's old certificate names; without 本职业 only an old name
    of this occupation says whose certificate it is."""
    name = match.group("level")
    level = context.level_named(name)
    relation = match.group("relation")
    if level is None or (relation is None and not context.is_own_name(name)):
        return None
    scope = words.RELATIONS[relation] if relation else RelationScope.SAME
    params = {"level": level, "relation": str(scope), "kind": str(CertificateKind.LEVEL)}
    return _with_work_after(params, match)


def _read_preparatory(match, context: ReadingContext) -> dict[str, Any] | None:
    relation = match.group("relation")
    if relation is None:
        return None
    params = {
        "level": None,
        "relation": str(words.RELATIONS[relation]),
        "kind": str(CertificateKind.PREPARATORY_TECHNICIAN),
    }
    return _with_work_after(params, match)


class CertificateBlock(ClauseBlock):
    level = LevelChoiceBlock(
        label=_("证书等级"), required=False, help_text=_("预备技师证书不填等级。")
    )
    relation = relation_block()
    kind = blocks.ChoiceBlock(label=_("证书类型"), choices=CertificateKind.choices, default="level")
    work_after = WorkAfterBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = _("持有证书")


@register("certificate")
class Certificate(ClauseType):
    """Met by any accepted certificate; with ``work_after``, by the certificate after which the
    most qualifying work was done (work is clipped to start on the issue date)."""

    block = CertificateBlock
    example = {
        "level": 4,
        "relation": "same_or_related",
        "kind": "level",
        "work_after": {"years": 5, "mode": "cumulative", "relation": "same", "inclusive": True},
    }
    menu_order = 20
    readings = (Reading(_LEVEL_CERTIFICATE, _read_level), Reading(_PREPARATORY, _read_preparatory))

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        spec = CertificateSpec.from_params(params)
        held = [c for c in profile.certificates if spec.accepts(c, as_of=as_of)]
        if not held:
            return ClauseOutcome.unmet(self._missing(spec))
        if spec.work_after is None:
            return ClauseOutcome.satisfied()
        progress = best_progress(
            [spec.work_after.progress(profile.work, as_of=as_of, since=c.issued) for c in held]
        )
        if progress.met:
            return ClauseOutcome.satisfied()
        return ClauseOutcome.unmet(
            gettext("取得{certificate}后还需{work}").format(
                certificate=spec.phrase(),
                work=spec.work_after.still_needed(progress, as_of=as_of),
            ),
            shortfall_days=progress.shortfall_days,
        )

    def describe(self, params: Mapping[str, Any]) -> str:
        spec = CertificateSpec.from_params(params)
        if spec.work_after is None:
            return gettext("取得{certificate}").format(certificate=spec.phrase())
        return gettext("取得{certificate}后，{work}").format(
            certificate=spec.phrase(), work=spec.work_after.describe()
        )

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        spec = CertificateSpec.from_params(params)
        facts = ClauseFacts(
            relations=frozenset({str(spec.relation)}),
            certificate_levels=frozenset() if spec.level is None else frozenset({int(spec.level)}),
        )
        return facts if spec.work_after is None else facts | spec.work_after.facts()

    @staticmethod
    def _missing(spec: CertificateSpec) -> str:
        if spec.work_after is None:
            return gettext("需取得{certificate}").format(certificate=spec.phrase())
        return gettext("需取得{certificate}，并在取得后{work}").format(
            certificate=spec.phrase(), work=spec.work_after.describe()
        )
