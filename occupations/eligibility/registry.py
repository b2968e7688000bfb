"""The registry of clause types: each ``type`` of SCHEMA.md maps to one registered ``ClauseType``.

A clause type reads its parameters (the clause mapping without ``type``), evaluates them against a
``Profile`` and describes them in Chinese. Clause modules register themselves with
``@register("name")``; the engine looks them up with ``get_clause_type``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

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
    """A clause lacks a required parameter or has a value of the wrong kind."""


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


class ClauseType:
    """Base class of clause types; subclasses are registered with ``@register(name)``."""

    name: str = ""

    def evaluate(
        self, params: Mapping[str, Any], profile: Profile, *, as_of: date
    ) -> ClauseOutcome:
        raise NotImplementedError

    def describe(self, params: Mapping[str, Any]) -> str:
        """The Chinese sentence the clause stands for."""
        raise NotImplementedError


_REGISTRY: dict[str, ClauseType] = {}

C = TypeVar("C", bound=type[ClauseType])


def register(name: str) -> Callable[[C], C]:
    """Class decorator: register one instance of the clause type under ``name``."""

    def decorator(cls: C) -> C:
        if name in _REGISTRY and type(_REGISTRY[name]) is not cls:
            raise ValueError(f"clause type {name!r} is already registered")
        cls.name = name
        _REGISTRY[name] = cls()
        return cls

    return decorator


def get_clause_type(name: str) -> ClauseType:
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownClauseType(name) from None


def clause_types() -> Mapping[str, ClauseType]:
    """Every registered clause type by name, in registration order (read-only)."""
    return MappingProxyType(_REGISTRY)


_REQUIRED = object()


def param(params: Mapping[str, Any], key: str, default: Any = _REQUIRED) -> Any:
    """``params[key]``, or ``default``; ``InvalidClause`` when required and absent (or null)."""
    value = params.get(key)
    if value is None:
        if default is _REQUIRED:
            raise InvalidClause(f"clause parameter {key!r} is required")
        return default
    return value


def int_param(params: Mapping[str, Any], key: str) -> int:
    value = param(params, key)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidClause(f"clause parameter {key!r} must be an integer, not {value!r}") from None


def choice_param(params: Mapping[str, Any], key: str, choices: type, default: Any = _REQUIRED):
    """A value of the ``TextChoices``/``IntegerChoices`` class ``choices``, as its member."""
    value = param(params, key, default)
    if value is None or value == "":
        if default is _REQUIRED:
            raise InvalidClause(f"clause parameter {key!r} is required")
        return default
    try:
        return choices(int(value) if issubclass(choices, int) else value)
    except (TypeError, ValueError):
        raise InvalidClause(f"clause parameter {key!r} has an unknown value {value!r}") from None
