"""Every clause of the school's requirements.yaml is understood by the engine."""

from datetime import date
from pathlib import Path

import yaml

from occupations.eligibility import (
    CertificateHeld,
    EducationRecord,
    Profile,
    WorkPeriod,
    clause_types,
    describe_condition,
    evaluate_level,
)

REQUIREMENTS = Path(__file__).resolve().parents[3] / "occupations/content/requirements.yaml"


def all_levels():
    data = yaml.safe_load(REQUIREMENTS.read_text(encoding="utf-8"))
    for occupation in data["occupations"]:
        for owner in occupation.get("specialties") or [occupation]:
            for level in owner.get("levels") or ():
                yield owner["name"], level


def test_every_condition_can_be_described_and_evaluated():
    profile = Profile(
        work=[WorkPeriod("same", date(2020, 1, 1))],
        certificates=[CertificateHeld("related", 4, date(2021, 1, 1))],
        education=[EducationRecord("junior_college", "other", graduated=date(2019, 7, 1))],
    )
    levels = list(all_levels())
    assert levels
    for name, level in levels:
        for condition in level["conditions"]:
            for alternative in condition["alternatives"]:
                for clause in alternative["clauses"]:
                    assert clause["type"] in clause_types(), (name, condition["number"])
            assert describe_condition(condition["alternatives"]), (name, condition["number"])
        verdict = evaluate_level(level["conditions"], profile, as_of=date(2025, 11, 25))
        assert len(verdict.conditions) == len(level["conditions"])
        for condition in verdict.conditions:
            assert condition.met is True or condition.missing, (name, condition.number)
