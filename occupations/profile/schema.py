"""What a profile row kind is, and the registry of them.

A ``RowKind`` is everything the site says about one kind of row (工作经历, 证书, …): its
columns, cross-column checks, how many rows are allowed, the eligibility record a row becomes
and the one line a person reads. The checker form (occupations.forms), the API schema
(occupations.api) and the registration field types (forms_app.fields.profile) are built from
the registered kinds, so a new kind is one ``register_row_kind(RowKind(...))``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from occupations.eligibility import Profile
from occupations.profile.columns import Column

#: At most this many rows of each kind (checker, registration form, API).
MAX_ROWS = 20


@dataclass(frozen=True)
class RowCheck:
    """A rule over several columns of one row; its message is about ``column``.

    ``test(row)`` returns a Chinese message, or None when the row is fine. It must accept rows
    where other columns are missing or None (the API checks column by column).
    """

    column: str
    test: Callable[[Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class RowKind:
    #: Key everywhere: the Profile attribute, the API's list, the checker's formset prefix.
    name: str
    #: The registration form's field type (kept stable: saved forms refer to it).
    field_type: str
    label: Any
    columns: tuple[Column, ...]
    #: A cleaned row (column name → Python value) → the engine's record.
    record: Callable[[Mapping[str, Any]], Any]
    #: A cleaned row → one line as a person reads it ("2019-03 至 2021-06 本职业").
    describe: Callable[[Mapping[str, Any]], str]
    checks: tuple[RowCheck, ...] = ()
    add_label: Any = ""
    #: Blank rows the checker shows at first.
    checker_rows: int = 1
    max_rows: int = MAX_ROWS

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def checked(self, name: str) -> bool:
        """Whether a column has anything to check beyond its type (bounds or a rule)."""
        return self._by_name[name].bounded or any(c.column == name for c in self.checks)

    @property
    def checker_columns(self) -> tuple[Column, ...]:
        """The columns the checker and the API ask for."""
        return tuple(c for c in self.columns if c.checker)

    def problems(self, row: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``(column, message)`` for every bound or rule a cleaned row breaks."""
        found = [
            (column.name, message)
            for column in self.columns
            if column.name in row
            for message in column.problems(row[column.name])
        ]
        for check in self.checks:
            message = check.test(row)
            if message:
                found.append((check.column, message))
        return found

    def column_problems(self, name: str, row: Mapping[str, Any]) -> list[str]:
        """The problems about one column, from the columns of ``row`` known so far."""
        messages = self.column(name).problems(row.get(name))
        for check in self.checks:
            if check.column == name and (message := check.test(row)):
                messages.append(message)
        return messages

    def to_json(self, row: Mapping[str, Any]) -> dict:
        columns = self._by_name
        return {
            key: columns[key].to_json(value) if key in columns else value
            for key, value in row.items()
        }

    def from_json(self, row: Mapping[str, Any]) -> dict:
        columns = self._by_name
        return {
            key: columns[key].from_json(value) if key in columns else value
            for key, value in row.items()
        }

    def display(self, rows) -> str:
        """Kept rows (JSON) as text, one line per row; "—" when there are none."""
        lines = []
        for row in rows or []:
            if not isinstance(row, Mapping):
                lines.append(str(row))
                continue
            try:
                lines.append(self.describe(self.from_json(row)))
            except (KeyError, TypeError, ValueError, AttributeError):
                # An old or hand-edited answer: label every cell rather than fail.
                lines.append(
                    "；".join(
                        f"{key}：{'' if value is None else value}" for key, value in row.items()
                    )
                )
        return "\n".join(lines) or "—"


@dataclass(frozen=True)
class ProfileFlag:
    """A yes/no fact of the profile (学徒期满)."""

    name: str  # the Profile attribute and the API's key
    field_type: str  # the registration form's field type
    label: Any  # on the registration form and in the field-type list
    question: Any  # the checker's tick box


_ROW_KINDS: dict[str, RowKind] = {}
_FLAGS: dict[str, ProfileFlag] = {}
_LISTENERS: list[Callable[[RowKind, bool], None]] = []


def register_row_kind(kind: RowKind) -> RowKind:
    if kind.name in _ROW_KINDS:
        raise ValueError(f"Profile row kind {kind.name!r} is registered twice")
    _ROW_KINDS[kind.name] = kind
    for listener in list(_LISTENERS):
        listener(kind, True)
    return kind


def unregister_row_kind(name: str) -> None:
    kind = _ROW_KINDS.pop(name)
    for listener in list(_LISTENERS):
        listener(kind, False)


def row_kinds() -> tuple[RowKind, ...]:
    return tuple(_ROW_KINDS.values())


def get_row_kind(name: str) -> RowKind:
    return _ROW_KINDS[name]


def on_row_kinds(listener: Callable[[RowKind, bool], None]) -> None:
    """Call ``listener(kind, True)`` for every kind registered now and later, and
    ``listener(kind, False)`` when one is removed (how forms_app keeps its field types)."""
    _LISTENERS.append(listener)
    for kind in row_kinds():
        listener(kind, True)


def register_flag(flag: ProfileFlag) -> ProfileFlag:
    _FLAGS[flag.name] = flag
    return flag


def flags() -> tuple[ProfileFlag, ...]:
    return tuple(_FLAGS.values())


_PROFILE_FIELDS = frozenset(f.name for f in fields(Profile))


def build_profile(
    records: Mapping[str, Iterable] | None = None, facts: Mapping[str, bool] | None = None
) -> Profile:
    """The engine's Profile from records by row kind and yes/no facts by flag name; records
    of kinds the Profile has no attribute for go to ``Profile.extra``."""
    records = records or {}
    values: dict[str, Any] = {
        name: tuple(items) for name, items in records.items() if name in _PROFILE_FIELDS
    }
    extra = tuple(
        (name, tuple(items)) for name, items in records.items() if name not in _PROFILE_FIELDS
    )
    values.update({name: bool(v) for name, v in (facts or {}).items() if name in _PROFILE_FIELDS})
    return Profile(**values, extra=extra)
