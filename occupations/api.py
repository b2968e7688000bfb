"""Public API: the occupation catalogue and the eligibility check (contract in README)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationInfo, create_model, field_validator

from occupations import selectors, services
from occupations.eligibility import Profile
from occupations.profile import RowKind, build_profile, flags, row_kinds

router = Router(tags=["occupations"])


class ConditionOut(Schema):
    number: int
    text: str


class LevelOut(Schema):
    level: int
    title: str
    conditions: list[ConditionOut]


class SpecialtyOut(Schema):
    slug: str | None
    name: str | None
    levels: list[LevelOut]


class OccupationOut(Schema):
    slug: str
    name: str
    code: str | None
    specialties: list[SpecialtyOut]


# --- The applicant's profile, derived from occupations.profile ---------------------------------


def _column_check(kind: RowKind, name: str):
    """A validator of one column: its bounds and the kind's rules about it, read against the
    columns validated before it (the schema's column order)."""

    def check(cls, value, info: ValidationInfo):
        messages = kind.column_problems(name, {**info.data, name: value})
        if messages:
            raise ValueError("；".join(messages))
        return value

    return field_validator(name)(check)


def row_schema(kind: RowKind) -> type[Schema]:
    columns = kind.checker_columns
    return create_model(
        f"{kind.name.title().replace('_', '')}In",
        __base__=Schema,
        __doc__=str(kind.label),
        __validators__={
            f"check_{c.name}": _column_check(kind, c.name) for c in columns if kind.checked(c.name)
        },
        **{column.name: column.api_field() for column in columns},
    )


class ProfileBase(Schema):
    def to_profile(self) -> Profile:
        return build_profile(
            {
                kind.name: [kind.record(row.__dict__) for row in getattr(self, kind.name)]
                for kind in row_kinds()
                if hasattr(self, kind.name)
            },
            {flag.name: getattr(self, flag.name) for flag in flags()},
        )


def profile_schema() -> type[Schema]:
    """The profile as the API takes it: a list per row kind (at most ``max_rows``), a boolean
    per yes/no fact; built from the registered row kinds."""
    lists = {
        kind.name: (
            list[row_schema(kind)],
            Field(default_factory=list, max_length=kind.max_rows, description=str(kind.label)),
        )
        for kind in row_kinds()
    }
    facts = {flag.name: (bool, Field(False, description=str(flag.question))) for flag in flags()}
    return create_model("ProfileIn", __base__=ProfileBase, **lists, **facts)


ProfileIn = profile_schema()


class EligibilityIn(Schema):
    occupation: str = Field(..., min_length=1, max_length=60)
    specialty: str | None = Field(None, max_length=60)
    level: int = Field(..., ge=1, le=5)
    # Bounded so date arithmetic (as_of + N years) stays inside Python's date range.
    as_of: date | None = Field(None, ge=date(1900, 1, 1), le=date(2100, 12, 31))
    profile: ProfileIn = Field(default_factory=ProfileIn)


class ConditionVerdictOut(Schema):
    number: int
    text: str
    met: bool | None
    missing: list[str]


class EligibilityOut(Schema):
    eligible: bool
    needs_review: bool
    met: list[int]
    conditions: list[ConditionVerdictOut]


class ErrorOut(Schema):
    detail: str


@router.get("/occupations", response=list[OccupationOut], summary="职业、工种、等级与报名条件")
def list_occupations(request):
    return selectors.occupation_catalogue()


@router.post(
    "/eligibility",
    response={200: EligibilityOut, 404: ErrorOut},
    summary="判断是否符合某职业某等级的报名条件",
)
def check_eligibility(request, payload: EligibilityIn):
    try:
        check = services.eligibility_check(
            occupation=payload.occupation,
            specialty=payload.specialty,
            level=payload.level,
            profile=payload.profile.to_profile(),
            as_of=payload.as_of,
        )
    except services.RequirementNotFound as error:
        raise HttpError(404, error.message) from error
    verdict = check.verdict
    return {
        "eligible": verdict.eligible,
        "needs_review": verdict.needs_review,
        "met": verdict.met,
        "conditions": [
            {"number": c.number, "text": c.text, "met": c.met, "missing": c.missing}
            for c in verdict.conditions
        ],
    }
