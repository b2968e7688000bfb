"""``training``, ``apprenticeship`` and ``free_text`` clauses, and the clause registry."""

from datetime import date

import pytest

from occupations.choices import Level
from occupations.eligibility import (
    ClauseOutcome,
    ClauseType,
    Profile,
    TrainingRecord,
    UnknownClauseType,
    clause_types,
    describe_clause,
    evaluate_clause,
    get_clause_type,
    register,
)

AS_OF = date(2025, 11, 25)

# 电子商务师 三级 condition 4 (second clause): 经本职业助理电子商务师(三级)正规培训…并取得结业证书
TRAINING_THREE = {"type": "training", "level": 3}
# 计算机程序设计员 五级 condition 2: 本职业或相关职业学徒期满
APPRENTICESHIP = {"type": "apprenticeship", "relation": "same_or_related"}
APPROVAL = {"type": "free_text", "text": "毕业证书经劳动保障行政部门审核认定"}


def test_training_describe_and_missing():
    assert describe_clause(TRAINING_THREE) == (
        "经本职业三级/高级工正规培训达规定标准学时数，并取得结业证书"
    )
    outcome = evaluate_clause(TRAINING_THREE, Profile(), as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "需经本职业三级/高级工正规培训达规定标准学时数并取得结业证书"


def test_training_needs_exactly_that_level_completed_by_as_of():
    def met(level, completed=date(2025, 1, 1)):
        profile = Profile(training=[TrainingRecord(level=level, completed=completed)])
        return evaluate_clause(TRAINING_THREE, profile, as_of=AS_OF).met

    assert met(Level.THREE) is True
    assert met(Level.TWO) is False
    assert met(Level.FOUR) is False
    assert met(Level.THREE, completed=date(2025, 11, 26)) is False
    assert (
        evaluate_clause(
            {"type": "training", "level": "3"},
            Profile(training=[TrainingRecord(3, date(2025, 1, 1))]),
            as_of=AS_OF,
        ).met
        is True
    )


def test_apprenticeship():
    assert describe_clause(APPRENTICESHIP) == "本职业或相关职业学徒期满"
    done = Profile(apprenticeship_completed=True)
    assert evaluate_clause(APPRENTICESHIP, done, as_of=AS_OF).met is True
    outcome = evaluate_clause(APPRENTICESHIP, Profile(), as_of=AS_OF)
    assert (outcome.met, outcome.missing) == (False, "需本职业或相关职业学徒期满")


def test_free_text_always_needs_review():
    assert describe_clause(APPROVAL) == "毕业证书经劳动保障行政部门审核认定"
    for profile in (Profile(), Profile(apprenticeship_completed=True)):
        outcome = evaluate_clause(APPROVAL, profile, as_of=AS_OF)
        assert outcome.met is None
        assert outcome.missing == "需由工作人员审核：毕业证书经劳动保障行政部门审核认定"


def test_the_seven_schema_types_are_registered():
    assert set(clause_types()) == {
        "work_experience",
        "certificate",
        "education",
        "graduated_years",
        "training",
        "apprenticeship",
        "free_text",
    }
    assert all(get_clause_type(name).name == name for name in clause_types())


def test_unknown_clause_type_is_a_clear_error():
    with pytest.raises(UnknownClauseType, match="'salary'.*work_experience"):
        get_clause_type("salary")
    with pytest.raises(UnknownClauseType):
        evaluate_clause({"type": "salary", "amount": 1}, Profile(), as_of=AS_OF)
    with pytest.raises(UnknownClauseType):
        evaluate_clause({"years": 1}, Profile(), as_of=AS_OF)


def test_a_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):

        @register("training")
        class Other(ClauseType):
            def evaluate(self, params, profile, *, as_of):
                return ClauseOutcome.satisfied()

    assert type(get_clause_type("training")).__name__ == "Training"


def test_profile_values_from_html_forms_are_normalised():
    from occupations.eligibility import CertificateHeld, EducationRecord, WorkPeriod

    assert TrainingRecord("3", date(2025, 1, 1)).level == 3
    assert CertificateHeld("same", "4", date(2025, 1, 1)).level == 4
    assert CertificateHeld("same", "", date(2025, 1, 1), "preparatory_technician").level is None
    assert EducationRecord("bachelor", "same", "").skill_target is None
    assert Profile(work=[WorkPeriod("same", date(2020, 1, 1))]).work == (
        WorkPeriod("same", date(2020, 1, 1)),
    )
    with pytest.raises(ValueError):
        WorkPeriod("same", date(2020, 1, 2), date(2020, 1, 1))
