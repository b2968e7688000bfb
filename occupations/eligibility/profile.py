"""An applicant's record as plain, immutable data: what the engine evaluates conditions against.

Callers (forms, API schemas, registration records) build a ``Profile``; nothing here touches the
database. Enumerated fields take the values of ``occupations.choices`` (plain strings and ints
are accepted too, since the choices are ``str``/``int`` subclasses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from occupations.choices import CertificateKind


def _level(value: int | str | None) -> int | None:
    """Levels arrive as ints or, from HTML forms, as strings ("4", "" for none)."""
    return None if value in (None, "") else int(value)


@dataclass(frozen=True)
class WorkPeriod:
    """Work in the occupation (``Relation.SAME``) or a related one.

    ``end`` is the last day worked (inclusive, as people fill it in: 2024-01-01 to 2024-12-31
    is one year of work); None while ongoing."""

    relation: str
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"work period ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True)
class CertificateHeld:
    """A certificate: ``level`` 5…1, or None for a 预备技师证书 (kind preparatory_technician)."""

    relation: str
    level: int | None
    issued: date
    kind: str = CertificateKind.LEVEL

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", _level(self.level))


@dataclass(frozen=True)
class EducationRecord:
    """A school record; ``graduated`` None (or later than today) until the diploma is issued."""

    type: str
    major: str
    skill_target: str | None = None
    graduated: date | None = None
    final_year_student: bool = False

    def __post_init__(self) -> None:
        if self.skill_target == "":
            object.__setattr__(self, "skill_target", None)


@dataclass(frozen=True)
class TrainingRecord:
    """Formal training (正规培训) for a level, completed with a 结业证书 on ``completed``."""

    level: int
    completed: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", _level(self.level))


def _as_tuple(items: Iterable) -> tuple:
    return items if isinstance(items, tuple) else tuple(items)


@dataclass(frozen=True)
class Profile:
    work: tuple[WorkPeriod, ...] = field(default=())
    certificates: tuple[CertificateHeld, ...] = field(default=())
    education: tuple[EducationRecord, ...] = field(default=())
    training: tuple[TrainingRecord, ...] = field(default=())
    apprenticeship_completed: bool = False
    #: Records of profile row kinds added beside these (occupations.profile), as
    #: ``(kind name, records)`` pairs; a clause type reads them with ``records(kind)``.
    extra: tuple[tuple[str, tuple], ...] = field(default=())

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the profile immutable and hashable.
        for name in ("work", "certificates", "education", "training"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        object.__setattr__(
            self, "extra", tuple((kind, _as_tuple(items)) for kind, items in self.extra)
        )

    def records(self, kind: str) -> tuple:
        """The records of one row kind, built-in (``work`` …) or added."""
        if kind in ("work", "certificates", "education", "training"):
            return getattr(self, kind)
        return next((items for name, items in self.extra if name == kind), ())
