"""``certificate`` clauses: 取得…职业资格证书(技能等级证书)[后，…从事…工作N年]."""

from datetime import date

import pytest

from occupations.choices import CertificateKind, Level, Relation
from occupations.eligibility import (
    NO_PROGRESS,
    CertificateHeld,
    InvalidClause,
    Profile,
    WorkPeriod,
    describe_clause,
    evaluate_clause,
)

AS_OF = date(2025, 11, 25)

# 计算机程序设计员 三级 condition 1: 取得本职业或相关职业四级/中级工职业资格证书后，
# 累计从事本职业或相关职业工作5年(含)以上。
FOUR_THEN_FIVE_YEARS = {
    "type": "certificate",
    "level": 4,
    "relation": "same_or_related",
    "kind": "level",
    "work_after": {"years": 5, "mode": "cumulative", "relation": "same_or_related"},
}
# 信息通信网络机务员 二级 condition 1: 取得本职业三级/高级工职业资格证书(技能等级证书)后，
# 累计从事本职业工作4年(含)以上 — certificate part only.
LEVEL_THREE_SAME = {"type": "certificate", "level": 3, "relation": "same", "kind": "level"}
PREPARATORY = {
    "type": "certificate",
    "level": None,
    "relation": "same",
    "kind": "preparatory_technician",
}


def certificate(level, issued=date(2015, 1, 1), relation=Relation.SAME, kind=CertificateKind.LEVEL):
    return CertificateHeld(relation=relation, level=level, issued=issued, kind=kind)


def test_describe():
    assert describe_clause(FOUR_THEN_FIVE_YEARS) == (
        "取得本职业或相关职业四级/中级工及以上职业资格证书(技能等级证书)后，"
        "累计从事本职业或相关职业工作5年(含)以上"
    )
    assert (
        describe_clause(LEVEL_THREE_SAME) == "取得本职业三级/高级工及以上职业资格证书(技能等级证书)"
    )
    assert describe_clause(PREPARATORY) == "取得本职业预备技师证书"
    top = {**LEVEL_THREE_SAME, "level": 1}
    assert describe_clause(top) == "取得本职业一级/高级技师职业资格证书(技能等级证书)"


def test_the_required_level_or_a_higher_one_is_accepted():
    for level, met in ((Level.FOUR, False), (Level.THREE, True), (Level.TWO, True), (1, True)):
        outcome = evaluate_clause(
            LEVEL_THREE_SAME, Profile(certificates=[certificate(level)]), as_of=AS_OF
        )
        assert outcome.met is met, level


def test_missing_certificate():
    outcome = evaluate_clause(LEVEL_THREE_SAME, Profile(), as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "需取得本职业三级/高级工及以上职业资格证书(技能等级证书)"
    assert outcome.shortfall_days == NO_PROGRESS


def test_relation_scope_of_the_certificate():
    related = Profile(certificates=[certificate(Level.THREE, relation=Relation.RELATED)])
    assert evaluate_clause(LEVEL_THREE_SAME, related, as_of=AS_OF).met is False
    either = {**LEVEL_THREE_SAME, "relation": "same_or_related"}
    assert evaluate_clause(either, related, as_of=AS_OF).met is True


def test_a_certificate_issued_after_as_of_does_not_count():
    later = Profile(certificates=[certificate(Level.THREE, issued=date(2026, 1, 1))])
    assert evaluate_clause(LEVEL_THREE_SAME, later, as_of=AS_OF).met is False


def test_preparatory_technician_matches_only_that_kind():
    prep = certificate(None, kind=CertificateKind.PREPARATORY_TECHNICIAN)
    technician = certificate(Level.TWO)
    assert evaluate_clause(PREPARATORY, Profile(certificates=[prep]), as_of=AS_OF).met is True
    assert (
        evaluate_clause(PREPARATORY, Profile(certificates=[technician]), as_of=AS_OF).met is False
    )
    assert evaluate_clause(LEVEL_THREE_SAME, Profile(certificates=[prep]), as_of=AS_OF).met is False


def test_work_after_counts_only_work_from_the_issue_date():
    profile = Profile(
        certificates=[certificate(Level.FOUR, issued=date(2022, 11, 25))],
        work=[WorkPeriod(Relation.SAME, date(2010, 1, 1))],  # 15 years, but 3 after the certificate
    )
    outcome = evaluate_clause(FOUR_THEN_FIVE_YEARS, profile, as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == (
        "取得本职业或相关职业四级/中级工及以上职业资格证书(技能等级证书)后"
        "还需累计从事本职业或相关职业工作2年"
    )
    assert 0 < outcome.shortfall_days < NO_PROGRESS
    assert evaluate_clause(FOUR_THEN_FIVE_YEARS, profile, as_of=date(2027, 11, 25)).met is True


def test_work_after_takes_the_best_certificate():
    profile = Profile(
        certificates=[
            certificate(Level.FOUR, issued=date(2024, 1, 1)),
            certificate(Level.THREE, issued=date(2019, 1, 1)),  # higher and older: qualifies too
        ],
        work=[WorkPeriod(Relation.RELATED, date(2018, 1, 1))],
    )
    assert evaluate_clause(FOUR_THEN_FIVE_YEARS, profile, as_of=AS_OF).met is True


def test_work_after_with_no_certificate_says_both():
    outcome = evaluate_clause(FOUR_THEN_FIVE_YEARS, Profile(), as_of=AS_OF)
    assert outcome.missing == (
        "需取得本职业或相关职业四级/中级工及以上职业资格证书(技能等级证书)，"
        "并在取得后累计从事本职业或相关职业工作5年(含)以上"
    )
    assert outcome.shortfall_days == NO_PROGRESS


def test_blank_work_after_from_a_form_is_ignored():
    blank = {**LEVEL_THREE_SAME, "work_after": {"years": None, "mode": "continuous"}}
    profile = Profile(certificates=[certificate(Level.THREE)])
    assert evaluate_clause(blank, profile, as_of=AS_OF).met is True
    assert describe_clause(blank) == describe_clause(LEVEL_THREE_SAME)


def test_level_is_required_for_a_level_certificate():
    with pytest.raises(InvalidClause):
        evaluate_clause({"type": "certificate", "relation": "same"}, Profile(), as_of=AS_OF)
