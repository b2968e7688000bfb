"""The registry of clause types: each ``type`` of SCHEMA.md maps to one registered ``ClauseType``.

A clause type is the one place that knows everything about its kind of clause:

* ``block``: the StreamField block editors fill in (a ``ClauseBlock``; see ``blocks``);
* ``evaluate``: the verdict on an applicant's profile;
* ``describe``: the Chinese sentence the clause stands for (the editor's 条件核对 tab);
* ``facts``: what the clause says, for the content checks to compare with the published text;
* ``example``: the parameters of one valid clause, used by the registry check;
* ``readings``: how its wording in a condition's text is read (``reading.Reading``), so the
  parser proposes clauses of this type from published text (optional: ``free_text`` has none).

Clause modules (one per type, in ``clauses/``) register themselves with ``@register("name")``;
the engine looks them up with ``get_clause_type``; ``completeness.registry_problems`` (run as a
Django system check and by the tests) lists every type that lacks a part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeVar

from django.utils.translation import gettext

from .profile import Profile

#: Shortfall of a clause with no partial progress at all (no certificate, no diploma…): larger
#: than any real number of days still to work, so near misses sort before it.
NO_PROGRESS = 1_000_000


class UnknownClauseType(LookupError):
    """A clause names a ``type`` no clause module registered."""

    def __init__(self, name: object) -> None:
        self.name = name
        known = ", ".join(sorted(_REGISTRY)) or "none"
        super().__init__(f"unknown clause type {name!r} (registered: {known})")


class InvalidClause(ValueError):
    """A clause lacks a required parameter or has a value of the wrong kind.

    ``field`` names the parameter (None when the clause as a whole is wrong); ``reason`` is a
    Chinese sentence an editor can act on.
    """

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)


@dataclass(frozen=True)
class ClauseOutcome:
    """The verdict on one clause.

    ``met`` None means staff must judge. ``missing`` is the Chinese sentence of what is still
    needed (None when met). ``shortfall_days`` orders near misses: 0 when met, the days of work
    still needed when only time is missing, ``NO_PROGRESS`` when nothing partial exists.
    """

    met: bool | None
    missing: str | None = None
    shortfall_days: int = 0

    @classmethod
    def satisfied(cls) -> ClauseOutcome:
        return cls(met=True)

    @classmethod
    def unmet(cls, missing: str, *, shortfall_days: int = NO_PROGRESS) -> ClauseOutcome:
        return cls(met=False, missing=missing, shortfall_days=shortfall_days)

    @classmethod
    def review(cls, missing: str) -> ClauseOutcome:
        return cls(met=None, missing=missing, shortfall_days=0)


@dataclass(frozen=True)
class ClauseFacts:
    """What a clause states, in the terms the content checks find in a condition's text.

    ``relations`` holds ``RelationScope`` values (本职业 / 本职业或相关职业) of everything the
    clause scopes (work, certificates, training, apprenticeship); ``school_types`` holds
    ``EducationType`` values, ``majors`` ``Major`` values. Facts of several clauses combine with
    ``|``.
    """

    years: frozenset[int] = field(default=frozenset())
    modes: frozenset[str] = field(default=frozenset())
    relations: frozenset[str] = field(default=frozenset())
    certificate_levels: frozenset[int] = field(default=frozenset())
    training_levels: frozenset[int] = field(default=frozenset())
    school_types: frozenset[str] = field(default=frozenset())
    majors: frozenset[str] = field(default=frozenset())
    final_year_students: bool = False

    def __or__(self, other: ClauseFacts) -> ClauseFacts:
        merged = {}
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            merged[item.name] = (mine or theirs) if isinstance(mine, bool) else mine | theirs
        return ClauseFacts(**merged)

    @classmethod
    def union(cls, many: Iterable[ClauseFacts]) -> ClauseFacts:
        result = cls()
        for facts in many:
            result = result | facts
        return result


class ClauseType:
    """Base class of clause types; subclasses are registered with ``@register(name)``.

    A subclass sets ``block`` and ``example`` and implements ``evaluate``, ``describe`` and
    ``facts``; ``menu_order`` places its block in the editor's menu (lower first).
    """

    name: str = ""
    block: type | None = None
    example: Mapping[str, Any] | None = None
    menu_order: int = 100
    #: ``reading.Reading`` objects: the wordings of this clause type the parser can read.
    readings: tuple = ()

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        raise NotImplementedError

    def describe(self, params: Mapping[str, Any]) -> str:
        """The Chinese sentence the clause stands for."""
        raise NotImplementedError

    def facts(self, params: Mapping[str, Any]) -> ClauseFacts:
        """What the clause states, for the content checks."""
        raise NotImplementedError

    def validate(self, params: Mapping[str, Any]) -> None:
        """Raise ``InvalidClause`` when the clause cannot be evaluated.

        Describing and listing the facts read every parameter, so by default they are the test.
        """
        self.describe(params)
        self.facts(params)

    @cached_property
    def block_instance(self):
        """One instance of ``block``, for converting values (the editor's stream builds its own)."""
        return self.block()

    @property
    def label(self) -> str:
        """The block's label, e.g. "持有证书"."""
        return str(self.block_instance.meta.label or self.name)

    def params_from_block(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters (SCHEMA.md, without ``type``) of a stored block value."""
        return self.block_instance.value_to_params(value)

    def block_from_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The raw stored block value of SCHEMA.md parameters."""
        return self.block_instance.params_to_value(params)


_REGISTRY: dict[str, ClauseType] = {}

C = TypeVar("C", bound=type[ClauseType])


def register(name: str) -> Callable[[C], C]:
    """Class decorator: register one instance of the clause type under ``name``."""

    def decorator(cls: C) -> C:
        if name in _REGISTRY and type(_REGISTRY[name]) is not cls:
            raise ValueError(f"clause type {name!r} is already registered")
        cls.name = name
        if cls.block is not None:
            cls.block.clause_type_name = name
        _REGISTRY[name] = cls()
        return cls

    return decorator


def unregister(name: str) -> None:
    """Remove a clause type (for tests that register a demonstration type)."""
    _REGISTRY.pop(name, None)


def get_clause_type(name: str) -> ClauseType:
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownClauseType(name) from None


def clause_types() -> Mapping[str, ClauseType]:
    """Every registered clause type by name, in menu order (read-only)."""
    ordered = sorted(_REGISTRY.items(), key=lambda item: item[1].menu_order)
    return MappingProxyType(dict(ordered))


# Reading parameters ---------------------------------------------------------------------------

_REQUIRED = object()


def _required(key: str) -> InvalidClause:
    return InvalidClause(gettext("此项必须填写，否则无法判断是否符合条件。"), field=key)


def param(params: Mapping[str, Any], key: str, default: Any = _REQUIRED) -> Any:
    """``params[key]``, or ``default``; ``InvalidClause`` when required and absent (or null)."""
    value = params.get(key)
    if value is None:
        if default is _REQUIRED:
            raise _required(key)
        return default
    return value


def int_param(params: Mapping[str, Any], key: str) -> int:
    value = param(params, key)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidClause(gettext("“{value}”不是整数。").format(value=value), field=key) from None


def choice_param(params: Mapping[str, Any], key: str, choices: type, default: Any = _REQUIRED):
    """A value of the ``TextChoices``/``IntegerChoices`` class ``choices``, as its member."""
    value = param(params, key, default)
    if value is None or value == "":
        if default is _REQUIRED:
            raise _required(key)
        return default
    try:
        return choices(int(value) if issubclass(choices, int) else value)
    except (TypeError, ValueError):
        raise InvalidClause(
            gettext("“{value}”不是可选的值。").format(value=value), field=key
        ) from None
