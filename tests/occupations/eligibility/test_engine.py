"""evaluate_level over real brochure conditions: alternatives, review, nearest miss, wording."""

from datetime import date
from types import SimpleNamespace

from occupations.choices import CertificateKind, Level, Major, Relation, SkillTarget
from occupations.eligibility import (
    NO_PROGRESS,
    CertificateHeld,
    EducationRecord,
    Profile,
    TrainingRecord,
    WorkPeriod,
    describe_condition,
    evaluate_condition,
    evaluate_level,
    nearest_miss,
)

AS_OF = date(2025, 11, 25)


def work(years, mode="continuous", relation="same"):
    return {"type": "work_experience", "years": years, "mode": mode, "relation": relation}


def cert(level, relation="same", work_after=None, kind="level"):
    clause = {"type": "certificate", "level": level, "relation": relation, "kind": kind}
    return {**clause, "work_after": work_after} if work_after else clause


def college(majors, types=("junior_college",)):
    return {"type": "education", "types": list(types), "and_above": True, "majors": majors}


# 电子商务师（网商）三级/高级工, conditions 1–7 as in requirements.yaml.
E_COMMERCE_3 = [
    {"number": 1, "text": "在本职业连续工作6年以上。", "alternatives": [{"clauses": [work(6)]}]},
    {
        "number": 2,
        "text": "具有以高级技能为培养目标的高级技工学校、技师学院和职业技术学院本专业毕业证书。",
        "alternatives": [
            {
                "clauses": [
                    {
                        "type": "education",
                        "types": ["senior_technical_school", "technician_college"],
                        "majors": ["same"],
                        "skill_target": "advanced",
                    }
                ]
            }
        ],
    },
    {
        "number": 3,
        "text": "取得本职业电子商务员职业资格证书后，连续从事本职业工作4年以上。",
        "alternatives": [{"clauses": [cert(4, work_after={"years": 4, "mode": "continuous"})]}],
    },
    {
        "number": 4,
        "text": "取得本职业电子商务员职业资格证书后，连续从事本职业工作3年以上，"
        "经本职业助理电子商务师正规培训达规定标准学时数，并取得结业证书。",
        "alternatives": [
            {
                "clauses": [
                    cert(4, work_after={"years": 3, "mode": "continuous"}),
                    {"type": "training", "level": 3},
                ]
            }
        ],
    },
    {
        "number": 5,
        "text": "具有本专业大学专科及以上毕业证书。",
        "alternatives": [{"clauses": [college(["same"])]}],
    },
    {
        "number": 6,
        "text": "具有非本专业大学专科及以上毕业证书，连续从事本职业工作1年以上。",
        "alternatives": [[college(["related", "other"]), work(1)]],  # a plain list works too
    },
    {
        "number": 7,
        "text": "具有非本专业大学专科及以上毕业证书，经本职业助理电子商务师正规培训达规定标准"
        "学时数，并取得结业证书。",
        "alternatives": [[college(["related", "other"]), {"type": "training", "level": 3}]],
    },
]

# 计算机程序设计员 二级/技师 condition 2 — two alternatives joined by "；或".
PROGRAMMER_2_CONDITION_2 = {
    "number": 2,
    "text": "取得本职业或相关职业三级/高级工职业资格证书的高级技工学校、技师学院毕业生，累计从事"
    "本职业或相关职业工作3年(含)以上；或取得本职业或相关职业预备技师证书的技师学院毕业生，"
    "累计从事本职业或相关职业工作2年(含)以上。",
    "alternatives": [
        {
            "clauses": [
                cert(3, "same_or_related"),
                {"type": "education", "types": ["senior_technical_school", "technician_college"]},
                work(3, "cumulative", "same_or_related"),
            ]
        },
        {
            "clauses": [
                cert(None, "same_or_related", kind="preparatory_technician"),
                {"type": "education", "types": ["technician_college"]},
                work(2, "cumulative", "same_or_related"),
            ]
        },
    ],
}

# 计算机程序设计员 四级/中级工 condition 3; here 经评估论证 is left to staff as a free_text clause
# (requirements.yaml only notes it), to exercise review.
PROGRAMMER_4_CONDITION_3 = {
    "number": 3,
    "text": "取得技工学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)；或取得"
    "经评估论证、以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书"
    "(含尚未取得毕业证书的在校应届毕业生)。",
    "alternatives": [
        [
            {
                "type": "education",
                "types": ["technical_school"],
                "majors": ["same", "related"],
                "final_year_students": True,
            }
        ],
        [
            {
                "type": "education",
                "types": ["secondary_vocational"],
                "and_above": True,
                "majors": ["same", "related"],
                "skill_target": "intermediate",
                "final_year_students": True,
            },
            {"type": "free_text", "text": "学校培养方案经评估论证"},
        ],
    ],
}


def test_describe_condition_joins_clauses_and_alternatives():
    assert describe_condition(E_COMMERCE_3[5]["alternatives"]) == (
        "具有大学专科及以上非本专业毕业证书，连续从事本职业工作1年(含)以上"
    )
    assert describe_condition(PROGRAMMER_2_CONDITION_2["alternatives"]) == (
        "取得本职业或相关职业三级/高级工及以上职业资格证书(技能等级证书)，"
        "具有高级技工学校、技师学院毕业证书，累计从事本职业或相关职业工作3年(含)以上；或"
        "取得本职业或相关职业预备技师证书，具有技师学院毕业证书，"
        "累计从事本职业或相关职业工作2年(含)以上"
    )


def test_non_major_college_graduate_with_one_year_meets_condition_6():
    profile = Profile(
        education=[EducationRecord("junior_college", Major.OTHER, graduated=date(2023, 7, 1))],
        work=[WorkPeriod(Relation.SAME, date(2024, 11, 25))],
    )
    verdict = evaluate_level(E_COMMERCE_3, profile, as_of=AS_OF)
    assert verdict.eligible is True
    assert verdict.needs_review is False
    assert verdict.met == [6]
    assert verdict.conditions[5].met is True
    assert verdict.conditions[5].missing == []
    assert nearest_miss(verdict) is None

    earlier = evaluate_level(E_COMMERCE_3, profile, as_of=date(2025, 9, 1))
    assert earlier.eligible is False
    assert earlier.conditions[5].missing == ["还需连续从事本职业工作2个月24天"]
    assert nearest_miss(earlier).number == 6


def test_nearest_miss_names_the_smallest_shortfall():
    profile = Profile(work=[WorkPeriod(Relation.SAME, date(2020, 11, 25))])  # five years
    verdict = evaluate_level(E_COMMERCE_3, profile, as_of=AS_OF)
    assert verdict.eligible is False
    assert verdict.needs_review is False
    miss = nearest_miss(verdict)
    assert miss.number == 1
    assert miss.missing == ["还需连续从事本职业工作1年"]
    assert miss.shortfall_days == 365
    # Conditions with nothing partial rank after it.
    assert verdict.conditions[4].shortfall_days == NO_PROGRESS
    assert verdict.conditions[4].missing == ["需具有大学专科及以上学历（本专业）"]


def test_nearest_alternative_has_fewest_unmet_clauses_then_smallest_shortfall():
    profile = Profile(
        certificates=[CertificateHeld(Relation.RELATED, Level.THREE, date(2023, 1, 1))],
        work=[WorkPeriod(Relation.RELATED, date(2023, 1, 1))],
    )
    verdict = evaluate_condition(PROGRAMMER_2_CONDITION_2, profile, as_of=AS_OF)
    assert verdict.met is False
    assert verdict.alternative == 0  # certificate held: only diploma and work missing
    assert verdict.unmet_clauses == 2
    assert verdict.missing == [
        "需具有高级技工学校、技师学院学历",
        "还需累计从事本职业或相关职业工作1个月7天",  # 1059 of 1095 days: due 2026-01-01
    ]


def test_a_later_alternative_can_meet_the_condition():
    profile = Profile(
        certificates=[
            CertificateHeld(
                Relation.SAME, None, date(2022, 7, 1), CertificateKind.PREPARATORY_TECHNICIAN
            )
        ],
        education=[EducationRecord("technician_college", Major.SAME, graduated=date(2022, 7, 1))],
        work=[WorkPeriod(Relation.SAME, date(2022, 8, 1))],
    )
    verdict = evaluate_condition(PROGRAMMER_2_CONDITION_2, profile, as_of=AS_OF)
    assert (verdict.met, verdict.alternative, verdict.missing) == (True, 1, [])


def test_higher_certificate_and_work_after_clipping():
    # A 三级 certificate (higher than the 四级 asked) issued 2021-11-25; work since 2015.
    profile = Profile(
        certificates=[CertificateHeld(Relation.SAME, Level.THREE, date(2021, 11, 25))],
        work=[WorkPeriod(Relation.SAME, date(2015, 1, 1))],
    )
    verdict = evaluate_level(E_COMMERCE_3, profile, as_of=AS_OF)
    assert verdict.met == [1, 3]  # 4 years after the certificate (and 10 in all)
    earlier = evaluate_level(E_COMMERCE_3, profile, as_of=date(2024, 11, 25))
    assert 3 not in earlier.met  # 3 years after the certificate; earlier work does not count
    assert earlier.conditions[2].missing == [
        "取得本职业四级/中级工及以上职业资格证书(技能等级证书)后还需连续从事本职业工作1年"
    ]


def test_alternative_needs_every_clause():
    profile = Profile(
        certificates=[CertificateHeld(Relation.SAME, Level.FOUR, date(2021, 1, 1))],
        work=[WorkPeriod(Relation.SAME, date(2021, 1, 1))],
    )
    without = evaluate_level(E_COMMERCE_3, profile, as_of=AS_OF)
    assert without.conditions[3].met is False
    assert without.conditions[3].missing == [
        "需经本职业三级/高级工正规培训达规定标准学时数并取得结业证书"
    ]
    trained = Profile(
        certificates=profile.certificates,
        work=profile.work,
        training=[TrainingRecord(Level.THREE, date(2025, 6, 1))],
    )
    assert 4 in evaluate_level(E_COMMERCE_3, trained, as_of=AS_OF).met


def test_final_year_students_and_free_text_review():
    student = Profile(
        education=[EducationRecord("technical_school", Major.RELATED, final_year_student=True)]
    )
    assert evaluate_condition(PROGRAMMER_4_CONDITION_3, student, as_of=AS_OF).met is True

    vocational = Profile(
        education=[
            EducationRecord(
                "secondary_vocational",
                Major.SAME,
                skill_target=SkillTarget.INTERMEDIATE,
                final_year_student=True,
            )
        ]
    )
    verdict = evaluate_level([PROGRAMMER_4_CONDITION_3], vocational, as_of=AS_OF)
    assert verdict.eligible is False
    assert verdict.needs_review is True
    condition = verdict.conditions[0]
    assert (condition.met, condition.alternative) == (None, 1)
    assert condition.missing == ["需由工作人员审核：学校培养方案经评估论证"]
    assert nearest_miss(verdict) is None  # nothing is plainly unmet


def test_a_met_condition_outweighs_review():
    profile = Profile(
        education=[
            EducationRecord(
                "secondary_vocational", Major.SAME, SkillTarget.ADVANCED, date(2020, 7, 1)
            )
        ],
        work=[WorkPeriod(Relation.SAME, date(2019, 1, 1))],
    )
    work_6_years = {
        "number": 2,
        "text": "累计从事本职业工作6年(含)以上。",
        "alternatives": [[work(6, "cumulative")]],
    }
    verdict = evaluate_level([PROGRAMMER_4_CONDITION_3, work_6_years], profile, as_of=AS_OF)
    assert (verdict.eligible, verdict.needs_review, verdict.met) == (True, False, [2])
    assert verdict.conditions[0].met is None


def test_false_beats_review_within_an_alternative():
    condition = {
        "number": 1,
        "text": "x",
        "alternatives": [[cert(4), {"type": "free_text", "text": "经审核"}]],
    }
    verdict = evaluate_condition(condition, Profile(), as_of=AS_OF)
    assert verdict.met is False
    assert verdict.missing == [
        "需取得本职业四级/中级工及以上职业资格证书(技能等级证书)",
        "需由工作人员审核：经审核",
    ]


def test_and_above_and_related_work():
    master = Profile(
        education=[EducationRecord("master", Major.SAME, graduated=date(2024, 7, 1))],
        work=[WorkPeriod(Relation.RELATED, date(2010, 1, 1))],
    )
    verdict = evaluate_level(E_COMMERCE_3, master, as_of=AS_OF)
    assert verdict.met == [5]  # 硕士 is 大学专科及以上; related work is not 本职业
    assert verdict.conditions[0].missing == ["还需连续从事本职业工作6年"]


def test_conditions_as_objects_and_stream_children():
    clause = SimpleNamespace(block_type="work_experience", value={"years": 1, "mode": "continuous"})
    condition = SimpleNamespace(
        number=1,
        text="连续从事本职业工作1年以上。",
        alternatives=[SimpleNamespace(clauses=[clause])],
    )
    profile = Profile(work=[WorkPeriod(Relation.SAME, date(2024, 1, 1))])
    verdict = evaluate_level([condition], profile, as_of=AS_OF)
    assert verdict.met == [1]
    assert describe_condition(condition.alternatives) == "连续从事本职业工作1年(含)以上"


def test_a_condition_without_clauses_needs_review_never_passes():
    empty = [{"number": 1, "text": "经本单位推荐。", "alternatives": []}]
    verdict = evaluate_level(empty, Profile(), as_of=AS_OF)
    assert (verdict.eligible, verdict.needs_review) == (False, True)
    assert verdict.conditions[0].missing == ["需由工作人员审核：经本单位推荐。"]
    blank_alternative = [{"number": 1, "text": "经本单位推荐。", "alternatives": [{"clauses": []}]}]
    assert evaluate_level(blank_alternative, Profile(), as_of=AS_OF).conditions[0].met is None


def test_no_conditions_is_not_eligible():
    verdict = evaluate_level([], Profile(), as_of=AS_OF)
    assert (verdict.eligible, verdict.needs_review, verdict.met) == (False, False, [])
    assert nearest_miss(verdict) is None


def test_a_clause_that_cannot_be_read_makes_its_condition_need_review():
    """Saved before the editor refused such clauses: staff review, never an exception."""
    no_level = {"type": "certificate", "level": None, "relation": "same", "kind": "level"}
    retired = {"type": "salary", "amount": 1}
    conditions = [
        {"number": 1, "text": "取得本职业四级证书。", "alternatives": [{"clauses": [no_level]}]},
        {"number": 2, "text": "月薪一万。", "alternatives": [{"clauses": [retired]}]},
        {
            "number": 3,
            "text": "在本职业连续工作6年以上。",
            "alternatives": [{"clauses": [work(6)]}],
        },
    ]

    verdict = evaluate_level(conditions, Profile(), as_of=AS_OF)

    assert (verdict.eligible, verdict.needs_review) == (False, True)
    assert [c.met for c in verdict.conditions] == [None, None, False]
    assert verdict.conditions[0].missing == ["需由工作人员审核：取得本职业四级证书。"]
    assert describe_condition([{"clauses": [no_level, work(6)]}]) == (
        "【条款设置不完整，无法自动判断，需在编辑器中补全】，连续从事本职业工作6年(含)以上"
    )
