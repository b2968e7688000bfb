"""Each clause type reads its own wording (ClauseType.readings), and leaves alone what it cannot
read with certainty."""

import pytest

from occupations.eligibility.reading import ReadingContext, read_condition

ECOMMERCE = ReadingContext.for_occupation(
    "电子商务师", ["电子商务员", "助理电子商务师", "高级电子商务师"]
)
ANIMATION = ReadingContext.for_occupation("动画制作员", ["动画绘制员", "动画绘制师"])
TESTER = ReadingContext.for_occupation("计算机软件测试员")


def only_clause(text, context=TESTER):
    reading = read_condition(text, context)
    assert reading.complete, reading.unread
    assert len(reading.alternatives) == 1 and len(reading.alternatives[0]) == 1
    return reading.alternatives[0][0]


def work(years, mode="continuous", relation="same", inclusive=True):
    return {"years": years, "mode": mode, "relation": relation, "inclusive": inclusive}


# --- work_experience ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("在本职业连续工作1年以上。", work(1)),
        ("连续从事本职业工作13 年以上", work(13)),
        ("累计从事本职业或相关职业工作6年(含)以上", work(6, "cumulative", "same_or_related")),
        ("累计从事本职业工作满3年", work(3, "cumulative")),
        ("连续从事本职业工作超过2年", work(2, inclusive=False)),
        ("连续从事本职业工作十二年以上", work(12)),
        ("累计从事本职业工作5年以上(含5年)", work(5, "cumulative")),
    ],
)
def test_work_experience(text, expected):
    assert only_clause(text) == {"type": "work_experience", **expected}


@pytest.mark.parametrize(
    "text",
    [
        "连续从事本职业工作2年",  # no 以上 / 满: the amount is not stated plainly
        "从事本职业工作3年以上",  # neither 连续 nor 累计
        "在本职业连续见习工作2年以上",  # 见习 is not work
        "连续从事相关职业工作3年以上",  # 相关职业 alone is no scope the engine knows
    ],
)
def test_work_wordings_it_does_not_know_stay_unread(text):
    reading = read_condition(text, TESTER)
    assert reading.alternatives == ()
    assert reading.unread == (text,)


# --- certificate --------------------------------------------------------------------------------


def certificate(level, relation="same", work_after=None, kind="level"):
    clause = {"type": "certificate", "level": level, "relation": relation, "kind": kind}
    return clause if work_after is None else {**clause, "work_after": work_after}


@pytest.mark.parametrize(
    "text, context, expected",
    [
        (
            "取得本职业或相关职业四级/中级工职业资格证书(技能等级证书)后,累计从事本职业工作5年(含)以上",
            TESTER,
            certificate(4, "same_or_related", work(5, "cumulative")),
        ),
        ("取得本职业中级职业资格证书", TESTER, certificate(4)),
        ("取得本职业高级技师职业资格证书", TESTER, certificate(1)),
        ("取得本职业四级/中级工技能等级证书", TESTER, certificate(4)),
        # old certificate names of the occupation's own ladders
        (
            "取得本职业电子商务员职业资格证书后,连续从事本职业工作4年以上",
            ECOMMERCE,
            certificate(4, work_after=work(4)),
        ),
        ("取得助理电子商务师职业资格证书", ECOMMERCE, certificate(3)),
        ("取得本职业电子商务师职业资格证书", ECOMMERCE, certificate(2)),
        ("取得本职业高级动画绘制员职业资格证书", ANIMATION, certificate(3)),
        ("取得本职业中级动画绘制员职业资格证书", ANIMATION, certificate(4)),
        ("取得本职业动画绘制师职业资格证书", ANIMATION, certificate(2)),
        # the source's misprint 职业资格证(技能等级证书)书
        ("取得本职业四级/中级工职业资格证(技能等级证书)书", TESTER, certificate(4)),
        (
            "取得本职业或相关职业预备技师证书",
            TESTER,
            certificate(None, "same_or_related", kind="preparatory_technician"),
        ),
    ],
)
def test_certificate(text, context, expected):
    assert only_clause(text, context) == expected


@pytest.mark.parametrize(
    "text, context",
    [
        ("取得四级/中级工职业资格证书", TESTER),  # whose certificate? no 本职业 and no own name
        ("取得本职业四级/高级工职业资格证书", TESTER),  # the two halves name different levels
        ("取得本职业中级动画绘制员职业资格证书", TESTER),  # another occupation's old name
        ("取得本职业动画绘制员职业资格证书", ANIMATION),  # a plain …员 names no level here
        ("取得本职业电工四级职业资格证书", TESTER),
        ("取得预备技师证书", TESTER),
    ],
)
def test_certificates_it_cannot_place_stay_unread(text, context):
    reading = read_condition(text, context)
    assert not reading.read_anything
    assert reading.unread == (text,)


def test_work_counted_from_an_unread_certificate_is_not_read_on_its_own():
    text = "取得本职业中级动画绘制员职业资格证书后,连续从事本职业工作4年以上"
    reading = read_condition(text, TESTER)
    assert reading.alternatives == ()
    assert reading.unread == (text,)


# --- education ----------------------------------------------------------------------------------


def education(types, majors=(), and_above=False, target=None, final=False, **extra):
    return {
        "type": "education",
        "types": list(types),
        "and_above": and_above,
        "majors": list(majors),
        "skill_target": target,
        "final_year_students": final,
        **extra,
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "具有以中级技能为培养目标的技工学校和中等职业学校本专业毕业证书",
            education(
                ["technical_school", "secondary_vocational"], ["same"], target="intermediate"
            ),
        ),
        ("具有本专业大学专科及以上毕业证书", education(["junior_college"], ["same"], True)),
        (
            "具有非本专业大学专科及以上毕业证书",
            education(["junior_college"], ["related", "other"], True),
        ),
        ("具有其他专业大学专科及以上学历证书", education(["junior_college"], ["other"], True)),
        (
            "取得相关专业大专以上(含大专)毕业证书",
            education(["junior_college"], ["same", "related"], True),
        ),
        (
            "具有中等职业学校本专业 ( 职业 ) 或相关专业毕业证书",
            education(["secondary_vocational"], ["same", "related"]),
        ),
        ("具有硕士研究生及以上学历", education(["master"], and_above=True)),
        (
            "具有高级技工学校、技师学院毕业证书(含尚未取得毕业证书的在校应届毕业生)",
            education(["senior_technical_school", "technician_college"], final=True),
        ),
        (
            "高级技工学校、技师学院毕业生",
            education(["senior_technical_school", "technician_college"]),
        ),
        (
            "取得本专业或相关专业大学本科学历证书后,连续从事本职业工作5年以上",
            education(["bachelor"], ["same", "related"], work_after=work(5)),
        ),
    ],
)
def test_education(text, expected):
    assert only_clause(text) == expected


def test_an_approval_only_documents_show_is_a_note_not_a_clause():
    reading = read_condition(
        "取得经劳动保障行政部门审核认定的、以高级技能为培养目标的高等以上职业学校本职业(专业)毕业证书",
        TESTER,
    )
    assert reading.alternatives == (
        (education(["higher_vocational"], ["same"], True, "advanced"),),
    )
    assert reading.unread == ()
    assert reading.notes == (
        "“经劳动保障行政部门审核认定”只能由证明材料体现，不作为条款，请审核时核对。",
    )


@pytest.mark.parametrize(
    "text",
    [
        "具有大专、本科及以上毕业证书",  # "and above" of which of the two?
        "取得本科以上(含大专)毕业证书",  # the bracket names another type
        "具有本专业大学本科相关专业毕业证书",  # two majors
        "取得高级技工学校或经人力资源和社会保障行政部门审核认定的、以高级技能为培养目标的高等职业学校本职业(专业)毕业证书",
    ],
)
def test_diplomas_it_cannot_read_with_certainty_stay_unread(text):
    assert not read_condition(text, TESTER).read_anything


# --- graduated_years, training, apprenticeship --------------------------------------------------


def test_graduates_of_different_degrees_with_their_own_years_are_alternatives():
    reading = read_condition("本科生毕业13年以上,硕士、博士研究生毕业8年以上。", ECOMMERCE)
    assert reading.complete
    assert reading.alternatives == (
        ({"type": "graduated_years", "types": ["bachelor"], "years": 13, "inclusive": True},),
        (
            {
                "type": "graduated_years",
                "types": ["master", "doctor"],
                "years": 8,
                "inclusive": True,
            },
        ),
    )


@pytest.mark.parametrize(
    "text, context, level",
    [
        ("经本职业中级正规培训达规定标准学时数,并取得结业证书。", TESTER, 4),
        ("经本职业五级/初级工正规培训达规定标准学时数，并取得结业证书", TESTER, 5),
        ("经本职业高级技师正规培训达规定标准学时数,并取得结业证书", TESTER, 1),
        ("经本职业助理电子商务师正规培训达规定标准学时数,并取得结业证书", ECOMMERCE, 3),
        ("经本职业初级正规培训达规定标准学时数，并取得毕(结)业证书", TESTER, 5),
    ],
)
def test_training(text, context, level):
    assert only_clause(text, context) == {"type": "training", "level": level}


def test_training_named_after_another_occupation_stays_unread():
    text = "经本职业高级动画绘制员正规培训达规定标准学时数,并取得结业证书"
    reading = read_condition(text, TESTER)
    assert reading.alternatives == ()
    assert reading.unread == (text,)


@pytest.mark.parametrize(
    "text, relation", [("本职业或相关职业学徒期满", "same_or_related"), ("本职业学徒期满", "same")]
)
def test_apprenticeship(text, relation):
    assert only_clause(text) == {"type": "apprenticeship", "relation": relation}
