"""The eligibility engine: does an applicant's profile meet a level's registration conditions
(报名条件), and what is still missing? Pure Python over plain data; no database access.

Conditions follow ``occupations/content/SCHEMA.md`` (conditions → alternatives → clauses);
each clause ``type`` is a registered ``ClauseType`` (see ``registry`` and ``clauses/``).
"""

from . import clauses  # noqa: F401  (registers the clause types)
from .completeness import registry_problems
from .engine import (
    AlternativeVerdict,
    ConditionVerdict,
    LevelVerdict,
    describe_clause,
    describe_condition,
    evaluate_alternative,
    evaluate_clause,
    evaluate_condition,
    evaluate_level,
    nearest_miss,
)
from .profile import CertificateHeld, EducationRecord, Profile, TrainingRecord, WorkPeriod
from .registry import (
    NO_PROGRESS,
    ClauseFacts,
    ClauseOutcome,
    ClauseType,
    InvalidClause,
    UnknownClauseType,
    clause_types,
    get_clause_type,
    register,
    unregister,
)

__all__ = [
    "NO_PROGRESS",
    "AlternativeVerdict",
    "CertificateHeld",
    "ClauseFacts",
    "ClauseOutcome",
    "ClauseType",
    "ConditionVerdict",
    "EducationRecord",
    "InvalidClause",
    "LevelVerdict",
    "Profile",
    "TrainingRecord",
    "UnknownClauseType",
    "WorkPeriod",
    "clause_types",
    "describe_clause",
    "describe_condition",
    "evaluate_alternative",
    "evaluate_clause",
    "evaluate_condition",
    "evaluate_level",
    "get_clause_type",
    "nearest_miss",
    "register",
    "registry_problems",
    "unregister",
]
