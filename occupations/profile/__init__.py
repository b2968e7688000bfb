"""The applicant's profile, defined once: row kinds (工作经历, 证书, 学历, 培训) with their
columns, choices, bounds, Chinese labels and display text, and the yes/no facts (学徒期满).

The checker form (occupations.forms), the API schema (occupations.api) and the registration
field types (forms_app.fields.profile) are derived from what is registered here.
"""

from occupations.profile import kinds  # noqa: F401  (registers the built-in kinds)
from occupations.profile.columns import (
    EARLIEST,
    BoolColumn,
    ChoiceColumn,
    Column,
    DateColumn,
    LevelColumn,
    TextColumn,
)
from occupations.profile.schema import (
    MAX_ROWS,
    ProfileFlag,
    RowCheck,
    RowKind,
    build_profile,
    flags,
    get_row_kind,
    on_row_kinds,
    register_flag,
    register_row_kind,
    row_kinds,
    unregister_row_kind,
)

__all__ = [
    "EARLIEST",
    "MAX_ROWS",
    "BoolColumn",
    "ChoiceColumn",
    "Column",
    "DateColumn",
    "LevelColumn",
    "ProfileFlag",
    "RowCheck",
    "RowKind",
    "TextColumn",
    "build_profile",
    "flags",
    "get_row_kind",
    "on_row_kinds",
    "register_flag",
    "register_row_kind",
    "row_kinds",
    "unregister_row_kind",
]
