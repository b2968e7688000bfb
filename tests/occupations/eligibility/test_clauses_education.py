"""``education`` and ``graduated_years`` clauses."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from occupations.choices import EducationType, Major, SkillTarget
from occupations.eligibility import (
    NO_PROGRESS,
    EducationRecord,
    Profile,
    WorkPeriod,
    describe_clause,
    evaluate_clause,
)

AS_OF = date(2025, 11, 25)
GRADUATED = date(2020, 7, 1)

# 电子商务师 三级 condition 5: 具有本专业大学专科及以上毕业证书。
COLLEGE_SAME_MAJOR = {
    "type": "education",
    "types": ["junior_college"],
    "and_above": True,
    "majors": ["same"],
}
# 电子商务师 三级 condition 6 (first clause): 具有非本专业大学专科及以上毕业证书
COLLEGE_OTHER_MAJOR = {**COLLEGE_SAME_MAJOR, "majors": ["related", "other"]}
# 计算机程序设计员 四级 condition 3 (first alternative): 取得技工学校本专业或相关专业毕业证书
# (含尚未取得毕业证书的在校应届毕业生)
TECHNICAL_SCHOOL = {
    "type": "education",
    "types": ["technical_school"],
    "and_above": False,
    "majors": ["same", "related"],
    "skill_target": None,
    "final_year_students": True,
}
# 电子商务师 三级 condition 2: 具有以高级技能为培养目标的高级技工学校、技师学院和
# 职业技术学院本专业毕业证书
ADVANCED_VOCATIONAL = {
    "type": "education",
    "types": ["senior_technical_school", "technician_college", "higher_vocational"],
    "majors": ["same"],
    "skill_target": "advanced",
}
# 动画制作员 二级 condition 4: 取得本专业或相关专业大学本科学历证书后，连续从事本职业工作5年以上
BACHELOR_THEN_FIVE_YEARS = {
    "type": "education",
    "types": ["bachelor"],
    "majors": ["same", "related"],
    "work_after": {"years": 5, "mode": "continuous", "relation": "same"},
}
# 电子商务师 一级 condition 4: 本科生毕业13年以上，硕士、博士研究生毕业8年以上。
BACHELOR_13_YEARS = {"type": "graduated_years", "types": ["bachelor"], "years": 13}
POSTGRADUATE_8_YEARS = {"type": "graduated_years", "types": ["master", "doctor"], "years": 8}


def record(type_, major=Major.SAME, **kwargs):
    kwargs.setdefault("graduated", GRADUATED)
    return Profile(education=[EducationRecord(type=type_, major=major, **kwargs)])


def test_describe():
    assert describe_clause(COLLEGE_OTHER_MAJOR) == "具有大学专科及以上非本专业毕业证书"
    assert describe_clause(TECHNICAL_SCHOOL) == (
        "具有技工学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)"
    )
    assert describe_clause(ADVANCED_VOCATIONAL) == (
        "具有以高级技能为培养目标的高级技工学校、技师学院、高等职业学校/职业技术学院本专业毕业证书"
    )
    assert describe_clause(BACHELOR_THEN_FIVE_YEARS) == (
        "取得大学本科本专业或相关专业毕业证书后，连续从事本职业工作5年(含)以上"
    )
    assert describe_clause(BACHELOR_13_YEARS) == "大学本科毕业13年(含)以上"
    assert describe_clause({**COLLEGE_SAME_MAJOR, "majors": []}) == "具有大学专科及以上毕业证书"


def test_and_above_accepts_higher_schooling_only_when_asked():
    assert evaluate_clause(COLLEGE_SAME_MAJOR, record("master"), as_of=AS_OF).met is True
    assert evaluate_clause(COLLEGE_SAME_MAJOR, record("junior_college"), as_of=AS_OF).met is True
    assert (
        evaluate_clause(COLLEGE_SAME_MAJOR, record("technician_college"), as_of=AS_OF).met is False
    )
    exact = {**COLLEGE_SAME_MAJOR, "and_above": False}
    assert evaluate_clause(exact, record("bachelor"), as_of=AS_OF).met is False


def test_and_above_ranks_equal_schooling_alike():
    # 高等职业学校 shares rank 3 with 大学专科: it is 大学专科及以上, but not 大学专科 itself.
    assert evaluate_clause(COLLEGE_SAME_MAJOR, record("higher_vocational"), as_of=AS_OF).met
    exact = {**COLLEGE_SAME_MAJOR, "and_above": False}
    assert evaluate_clause(exact, record("higher_vocational"), as_of=AS_OF).met is False
    # Without and_above only the listed types count: the brochure tells 技工学校 graduates apart
    # from those of 中等职业学校 (which need 经评估论证).
    assert (
        evaluate_clause(TECHNICAL_SCHOOL, record("secondary_vocational"), as_of=AS_OF).met is False
    )
    both = {**TECHNICAL_SCHOOL, "types": ["technical_school", "secondary_vocational"]}
    assert evaluate_clause(both, record("secondary_vocational"), as_of=AS_OF).met is True


def test_majors():
    assert evaluate_clause(COLLEGE_OTHER_MAJOR, record("bachelor", Major.OTHER), as_of=AS_OF).met
    assert not evaluate_clause(COLLEGE_OTHER_MAJOR, record("bachelor", Major.SAME), as_of=AS_OF).met
    any_major = {**COLLEGE_SAME_MAJOR, "majors": []}
    assert evaluate_clause(any_major, record("bachelor", Major.OTHER), as_of=AS_OF).met is True


def test_missing_diploma_sentence():
    outcome = evaluate_clause(
        {**COLLEGE_SAME_MAJOR, "types": ["bachelor"], "majors": ["same", "related"]},
        Profile(),
        as_of=AS_OF,
    )
    assert outcome.met is False
    assert outcome.missing == "需具有大学本科及以上学历（本专业或相关专业）"
    assert outcome.shortfall_days == NO_PROGRESS


def test_skill_target_intermediate_is_met_by_advanced():
    intermediate = {
        **TECHNICAL_SCHOOL,
        "types": ["secondary_vocational"],
        "and_above": True,
        "skill_target": "intermediate",
    }
    for target, met in (
        (SkillTarget.ADVANCED, True),
        (SkillTarget.INTERMEDIATE, True),
        (None, None),  # left blank: staff judge (see below)
    ):
        profile = record("secondary_vocational", skill_target=target)
        assert evaluate_clause(intermediate, profile, as_of=AS_OF).met is met, target
    intermediate_grad = record("technician_college", skill_target=SkillTarget.INTERMEDIATE)
    assert evaluate_clause(ADVANCED_VOCATIONAL, intermediate_grad, as_of=AS_OF).met is False


def test_final_year_students_count_only_when_the_clause_says_so():
    student = record(EducationType.TECHNICAL_SCHOOL, graduated=None, final_year_student=True)
    assert evaluate_clause(TECHNICAL_SCHOOL, student, as_of=AS_OF).met is True
    not_for_students = {**TECHNICAL_SCHOOL, "final_year_students": False}
    assert evaluate_clause(not_for_students, student, as_of=AS_OF).met is False


def test_a_diploma_counts_from_its_graduation_date():
    graduate = record("bachelor", graduated=date(2026, 7, 1))
    assert evaluate_clause(COLLEGE_SAME_MAJOR, graduate, as_of=AS_OF).met is False
    assert evaluate_clause(COLLEGE_SAME_MAJOR, graduate, as_of=date(2026, 7, 1)).met is True


def test_work_after_graduation_counts_only_work_after_the_diploma():
    profile = Profile(
        education=[EducationRecord("bachelor", Major.RELATED, graduated=date(2022, 7, 1))],
        work=[WorkPeriod("same", date(2018, 1, 1))],
    )
    outcome = evaluate_clause(BACHELOR_THEN_FIVE_YEARS, profile, as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "毕业后还需连续从事本职业工作1年7个月6天"
    assert evaluate_clause(BACHELOR_THEN_FIVE_YEARS, profile, as_of=date(2027, 7, 1)).met is True


def test_graduated_years_by_anniversary():
    profile = record("bachelor", graduated=date(2012, 11, 25))
    assert evaluate_clause(BACHELOR_13_YEARS, profile, as_of=AS_OF).met is True
    outcome = evaluate_clause(BACHELOR_13_YEARS, profile, as_of=date(2025, 11, 24))
    assert (outcome.met, outcome.missing, outcome.shortfall_days) == (
        False,
        "距大学本科毕业满13年还需1天",
        1,
    )


def test_graduated_years_needs_the_right_school_type():
    master = record("master", graduated=date(2016, 7, 1))
    assert evaluate_clause(POSTGRADUATE_8_YEARS, master, as_of=AS_OF).met is True
    outcome = evaluate_clause(BACHELOR_13_YEARS, master, as_of=AS_OF)
    assert outcome.met is False
    assert outcome.missing == "需大学本科毕业13年(含)以上"
    assert outcome.shortfall_days == NO_PROGRESS


# --- a blank training target (培养目标) -----------------------------------------------------


def test_a_blank_skill_target_needs_review_and_says_so():
    blank = record("technician_college", skill_target=None)

    outcome = evaluate_clause(ADVANCED_VOCATIONAL, blank, as_of=AS_OF)

    assert outcome.met is None
    assert outcome.missing == (
        "需由工作人员审核培养目标（您未填写）："
        "条件要求以高级技能为培养目标的高级技工学校、技师学院、高等职业学校/职业技术学院学历"
    )


def test_a_blank_skill_target_does_not_excuse_anything_else():
    wrong_major = record("technician_college", Major.OTHER, skill_target=None)
    outcome = evaluate_clause(ADVANCED_VOCATIONAL, wrong_major, as_of=AS_OF)
    assert outcome.met is False


def test_a_blank_skill_target_with_work_after_graduation():
    clause = {**ADVANCED_VOCATIONAL, "work_after": {"years": 1, "mode": "continuous"}}
    worked = Profile(
        education=[EducationRecord("technician_college", Major.SAME, None, GRADUATED)],
        work=[WorkPeriod("same", GRADUATED)],
    )
    assert evaluate_clause(clause, worked, as_of=AS_OF).met is None
    not_worked = Profile(education=worked.education)
    outcome = evaluate_clause(clause, not_worked, as_of=AS_OF)
    assert (outcome.met, outcome.missing) == (False, "毕业后还需连续从事本职业工作1年")


def test_the_nearest_miss_names_the_one_thing_missing():
    low_target = record("technician_college", skill_target=SkillTarget.INTERMEDIATE)
    wrong_major = record("technician_college", Major.OTHER, skill_target=SkillTarget.ADVANCED)
    student = record("technician_college", skill_target=SkillTarget.ADVANCED, graduated=None)

    sentence = (
        "需具有以高级技能为培养目标的高级技工学校、技师学院、高等职业学校/职业技术学院学历"
        "（本专业）"
    )
    assert evaluate_clause(ADVANCED_VOCATIONAL, low_target, as_of=AS_OF).missing == (
        sentence + "：您的学历培养目标为中级技能"
    )
    assert evaluate_clause(ADVANCED_VOCATIONAL, wrong_major, as_of=AS_OF).missing == (
        sentence + "：您填写的专业为其他专业"
    )
    assert evaluate_clause(ADVANCED_VOCATIONAL, student, as_of=AS_OF).missing == (
        sentence + "：您尚未取得毕业证书"
    )
    # Two things missing: the whole requirement.
    both = record("bachelor", Major.OTHER)
    assert evaluate_clause(ADVANCED_VOCATIONAL, both, as_of=AS_OF).missing == sentence


targets = st.sampled_from([SkillTarget.INTERMEDIATE, SkillTarget.ADVANCED])
school_types = st.sampled_from(list(EducationType))
majors = st.sampled_from(list(Major))
graduations = st.one_of(
    st.none(), st.dates(min_value=date(1980, 1, 1), max_value=AS_OF + timedelta(days=400))
)


@given(
    required=targets,
    school_type=school_types,
    major=majors,
    graduated=graduations,
    final_year=st.booleans(),
)
def test_a_blank_target_is_never_no_when_filling_it_in_could_make_it_yes(
    required, school_type, major, graduated, final_year
):
    """Property: with the target left blank, the verdict is "no" exactly when no target could
    make it "yes"; otherwise it is "needs review", never "yes"."""
    clause = {
        "type": "education",
        "types": [school_type.value],
        "majors": [major.value],
        "skill_target": required.value,
        "final_year_students": True,
    }

    def verdict(target):
        education = EducationRecord(school_type, major, target, graduated, final_year)
        return evaluate_clause(clause, Profile(education=[education]), as_of=AS_OF).met

    blank = verdict(None)
    could_pass = any(verdict(target) for target in SkillTarget)
    assert blank is (None if could_pass else False)
