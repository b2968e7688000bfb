"""Public API: the occupation catalogue and the eligibility check (contract in README)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationInfo, field_validator, model_validator

from occupations import selectors, services
from occupations.choices import EducationType
from occupations.eligibility import (
    CertificateHeld,
    EducationRecord,
    Profile,
    TrainingRecord,
    WorkPeriod,
)

router = Router(tags=["occupations"])

# The school types of occupations.choices, so the API accepts exactly what the engine knows.
EducationTypeName = Literal[tuple(EducationType.values)]


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


class WorkIn(Schema):
    relation: Literal["same", "related"]
    start: date
    end: date | None = None

    @field_validator("end")
    @classmethod
    def end_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError("结束日期不能早于开始日期")
        return end


class CertificateIn(Schema):
    relation: Literal["same", "related"]
    level: int | None = Field(None, ge=1, le=5)
    issued: date
    kind: Literal["level", "preparatory_technician"] = "level"

    @model_validator(mode="after")
    def level_for_level_certificates(self):
        if self.kind == "level" and self.level is None:
            raise ValueError("职业资格/技能等级证书须填写等级（1-5）")
        return self


class EducationIn(Schema):
    type: EducationTypeName
    major: Literal["same", "related", "other"]
    skill_target: Literal["intermediate", "advanced"] | None = None
    graduated: date | None = None
    final_year_student: bool = False


class TrainingIn(Schema):
    level: int = Field(..., ge=1, le=5)
    completed: date


class ProfileIn(Schema):
    work: list[WorkIn] = []
    certificates: list[CertificateIn] = []
    education: list[EducationIn] = []
    training: list[TrainingIn] = []
    apprenticeship_completed: bool = False

    def to_profile(self) -> Profile:
        return Profile(
            work=tuple(WorkPeriod(w.relation, w.start, w.end) for w in self.work),
            certificates=tuple(
                CertificateHeld(c.relation, c.level, c.issued, c.kind) for c in self.certificates
            ),
            education=tuple(
                EducationRecord(e.type, e.major, e.skill_target, e.graduated, e.final_year_student)
                for e in self.education
            ),
            training=tuple(TrainingRecord(t.level, t.completed) for t in self.training),
            apprenticeship_completed=self.apprenticeship_completed,
        )


class EligibilityIn(Schema):
    occupation: str = Field(..., min_length=1, max_length=60)
    specialty: str | None = Field(None, max_length=60)
    level: int = Field(..., ge=1, le=5)
    # Bounded so date arithmetic (as_of + N years) stays inside Python's date range.
    as_of: date | None = Field(None, ge=date(1900, 1, 1), le=date(2100, 12, 31))
    profile: ProfileIn = ProfileIn()


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
