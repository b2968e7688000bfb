"""Content checks: conditions that contradict themselves or name another occupation."""

import pytest
from django.core.management import CommandError, call_command

from occupations import selectors
from occupations.content_checks import check_all, check_condition, check_level
from occupations.models import OccupationPage
from occupations.selectors import LevelData
from tests.occupations.factories import (
    ConditionDataFactory,
    condition,
    level,
    publish_occupation,
    training_clause,
    work_clause,
)

OWN = {"计算机软件测试员"}
FOREIGN = {"动画制作员": {"动画制作员", "动画绘制员", "动画绘制师"}}


def kinds(condition, *, own=OWN, foreign=None):
    return [
        kind for kind, _message in check_condition(condition, own_terms=own, foreign=foreign or {})
    ]


def messages(condition, *, own=OWN, foreign=None):
    return [
        message
        for _kind, message in check_condition(condition, own_terms=own, foreign=foreign or {})
    ]


# --- the brochure as loaded ---------------------------------------------------------------------


def test_the_software_testers_copy_paste_slip_is_flagged(loaded_site):
    findings = check_all()
    tester = OccupationPage.objects.get(title="计算机软件测试员").specialties.get()
    naming_animation = {
        (level.level, c.number)
        for level in selectors.specialty_levels(tester)
        for c in level.conditions
        if "动画绘制" in c.text
    }

    assert {f.occupation for f in findings} == {"计算机软件测试员"}
    assert {f.kind for f in findings} == {"other_occupation"}
    assert {(f.level, f.number) for f in findings} == naming_animation
    assert len(naming_animation) == 10
    assert all("动画制作员" in f.message for f in findings)
    first = findings[0]
    assert first.where == "计算机软件测试员 / 四级/中级工 / 第3条"
    assert first.message == "文字提到其他职业“动画制作员”（动画绘制员），可能是复制错误。"


def test_the_animation_producer_may_name_its_own_old_titles(loaded_site):
    findings = check_all()

    assert not [f for f in findings if f.occupation == "动画制作员"]


# --- one condition ------------------------------------------------------------------------------


def test_text_and_clauses_agreeing_is_no_finding():
    condition = ConditionDataFactory(
        text="在本职业连续工作3年以上。", alternatives=[[work_clause(3)]]
    )

    assert kinds(condition) == []


def test_years_in_the_text_and_the_clauses_must_agree():
    condition = ConditionDataFactory(
        text="在本职业连续工作3年以上。", alternatives=[[work_clause(2)]]
    )

    assert kinds(condition) == ["years"]
    assert messages(condition) == ["文字中的年数（3）与条款（2）不一致。"]


def test_years_only_in_the_clauses_is_flagged():
    condition = ConditionDataFactory(
        text="经本职业正规培训达规定标准学时数,并取得结业证书。",
        alternatives=[[training_clause(4), work_clause(1)]],
    )

    assert messages(condition) == ["文字中的年数（无）与条款（1）不一致。"]


def test_work_after_counts_as_years_of_the_clauses():
    certificate = {
        "type": "certificate",
        "level": 4,
        "relation": "same",
        "kind": "level",
        "work_after": {"years": 4, "mode": "continuous", "relation": "same", "inclusive": True},
    }
    condition = ConditionDataFactory(
        text="取得本职业四级职业资格证书后,连续从事本职业工作4年以上。",
        alternatives=[[certificate]],
    )

    assert kinds(condition) == []


@pytest.mark.parametrize(
    ("text", "mode", "message"),
    [
        (
            "连续从事本职业工作1年以上。",
            "cumulative",
            "文字要求“连续”工作，条款中没有连续工作年限。",
        ),
        (
            "累计从事本职业工作1年以上。",
            "continuous",
            "文字要求“累计”工作，条款中没有累计工作年限。",
        ),
    ],
)
def test_continuous_and_cumulative_must_agree(text, mode, message):
    condition = ConditionDataFactory(text=text, alternatives=[[work_clause(1, mode=mode)]])

    assert messages(condition) == [message]


@pytest.mark.parametrize("alternatives", [[], [[]], [[work_clause(1)], []]])
def test_a_condition_with_an_empty_alternative_is_flagged(alternatives):
    condition = ConditionDataFactory(text="连续从事本职业工作1年以上。", alternatives=alternatives)

    assert kinds(condition) == ["no_clauses"]
    assert messages(condition) == ["没有可判断的条款，资格审核无法自动进行。"]


def test_naming_another_occupation_is_flagged_but_not_ones_own_names():
    condition = ConditionDataFactory(
        text="取得本职业中级动画绘制员职业资格证书后,连续从事本职业工作1年以上。",
        alternatives=[[work_clause(1)]],
    )

    assert "other_occupation" in kinds(condition, foreign=FOREIGN)
    assert "other_occupation" not in kinds(condition, own={"动画制作员", "动画绘制员"}, foreign={})


# --- published pages, the command ---------------------------------------------------------------


def test_a_level_without_conditions_and_other_mistakes_are_found(flawed_occupation):
    findings = [f for f in check_all() if f.occupation == "测试职业"]

    assert [(f.level, f.number, f.kind) for f in findings] == [
        (4, None, "empty_level"),
        (3, 1, "years"),
        (3, 2, "no_clauses"),
        (3, 3, "mode"),
    ]
    assert findings[0].where == "测试职业 / 四级/中级工"
    assert findings[0].message == "该等级没有报名条件。"


def test_the_command_prints_the_findings(loaded_site, capsys):
    call_command("check_requirements")

    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "10 finding(s)"
    assert out[0] == (
        "计算机软件测试员 / 四级/中级工 / 第3条: "
        "文字提到其他职业“动画制作员”（动画绘制员），可能是复制错误。"
    )
    assert len(out) == 11


def test_the_command_fails_on_findings_when_asked(loaded_site):
    with pytest.raises(CommandError, match="10 problem"):
        call_command("check_requirements", "--fail")


def test_the_command_passes_when_nothing_is_found(loaded_site, capsys):
    OccupationPage.objects.get(title="计算机软件测试员").unpublish()

    call_command("check_requirements", "--fail")

    assert capsys.readouterr().out.strip() == "0 finding(s)"


# --- comparing what the text and the clauses state ----------------------------------------------


def certificate_clause(level, *, relation="same", work_after=None):
    clause = {"type": "certificate", "level": level, "relation": relation, "kind": "level"}
    return {**clause, "work_after": work_after} if work_after else clause


def education_clause(
    types, *, final_year_students=False, majors=("same", "related"), and_above=False, target=None
):
    return {
        "type": "education",
        "types": list(types),
        "and_above": and_above,
        "majors": list(majors),
        "skill_target": target,
        "final_year_students": final_year_students,
    }


def test_same_occupation_or_related_must_agree():
    condition = ConditionDataFactory(
        text="累计从事本职业或相关职业工作1年(含)以上",
        alternatives=[[work_clause(1, mode="cumulative", relation="same")]],
    )

    assert messages(condition) == ["文字中的职业范围（本职业或相关职业）与条款（本职业）不一致。"]


def test_a_related_certificate_then_work_in_the_occupation_itself_agrees():
    condition = ConditionDataFactory(
        text="取得本职业或相关职业四级/中级工职业资格证书(技能等级证书)后,累计从事本职业工作5年(含)以上",
        alternatives=[
            [
                certificate_clause(
                    4,
                    relation="same_or_related",
                    work_after={"years": 5, "mode": "cumulative", "relation": "same"},
                )
            ]
        ],
    )

    assert kinds(condition) == []
    # Saying the work may be in a related occupation too is caught.
    related = ConditionDataFactory(
        text=condition.text.replace("累计从事本职业工作", "累计从事本职业或相关职业工作"),
        alternatives=condition.alternatives,
    )
    assert kinds(related) == ["relation"]


def test_the_occupation_naming_a_major_is_no_relation():
    condition = ConditionDataFactory(
        text="取得经劳动保障行政部门审核认定的、以中级技能为培养目标的中等以上职业学校本职业(专业)毕业证书。",
        alternatives=[
            [
                education_clause(
                    ["secondary_vocational"], majors=["same"], and_above=True, target="intermediate"
                )
            ]
        ],
    )

    assert kinds(condition) == []


def test_certificate_levels_must_agree():
    condition = ConditionDataFactory(
        text="取得本职业三级/高级工职业资格证书(技能等级证书)后,累计从事本职业工作4年(含)以上",
        alternatives=[
            [
                certificate_clause(
                    4, work_after={"years": 4, "mode": "cumulative", "relation": "same"}
                )
            ]
        ],
    )

    assert messages(condition) == ["文字中的证书等级（三级/高级工）与条款（四级/中级工）不一致。"]


def test_an_old_certificate_name_is_not_read_as_a_level():
    # 助理电子商务师 is level 3 (SCHEMA.md); the text names no level the reader knows.
    condition = ConditionDataFactory(
        text="取得本职业助理电子商务师职业资格证书后,连续从事本职业工作5年以上。",
        alternatives=[
            [
                certificate_clause(
                    3, work_after={"years": 5, "mode": "continuous", "relation": "same"}
                )
            ]
        ],
    )

    assert kinds(condition) == []


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        ("经本职业高级技师正规培训达规定标准学时数,并取得结业证书。", 1, []),
        ("经本职业高级正规培训达规定标准学时数,并取得结业证书。", 3, []),
        ("经本职业高级正规培训达规定标准学时数,并取得结业证书。", 2, ["training_level"]),
        ("经本职业技师正规培训达规定标准学时数,并取得结业证书。", 1, ["training_level"]),
    ],
)
def test_training_levels_must_agree(text, level, expected):
    condition = ConditionDataFactory(text=text, alternatives=[[training_clause(level)]])

    assert kinds(condition) == expected


def test_a_wrong_training_level_is_named():
    condition = ConditionDataFactory(
        text="经本职业中级正规培训达规定标准学时数,并取得结业证书。",
        alternatives=[[training_clause(3)]],
    )

    assert messages(condition) == ["文字中的培训等级（四级/中级工）与条款（三级/高级工）不一致。"]


def test_final_year_students_must_agree():
    text = "取得技工学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)"
    forgotten = ConditionDataFactory(
        text=text, alternatives=[[education_clause(["technical_school"])]]
    )
    added = ConditionDataFactory(
        text="取得技工学校本专业或相关专业毕业证书",
        alternatives=[[education_clause(["technical_school"], final_year_students=True)]],
    )

    assert messages(forgotten) == [
        "文字包含在校应届毕业生，条款没有勾选“含尚未取得毕业证书的在校应届毕业生”。"
    ]
    assert messages(added) == ["条款包含在校应届毕业生，文字没有提到。"]
    assert (
        kinds(
            ConditionDataFactory(
                text=text,
                alternatives=[[education_clause(["technical_school"], final_year_students=True)]],
            )
        )
        == []
    )


def test_school_types_must_agree():
    condition = ConditionDataFactory(
        text="具有以高级技能为培养目标的高级技工学校、技师学院和职业技术学院本专业毕业证书。",
        alternatives=[
            [
                education_clause(
                    ["senior_technical_school", "technician_college"],
                    majors=["same"],
                    target="advanced",
                )
            ]
        ],
    )

    assert messages(condition) == [
        "文字中的学校类型（高级技工学校、技师学院、高等职业学校/职业技术学院）"
        "与条款（高级技工学校、技师学院）不一致。"
    ]


def test_a_senior_technical_school_is_not_also_a_technical_school():
    condition = ConditionDataFactory(
        text="具有高级技工学校毕业证书",
        alternatives=[[education_clause(["senior_technical_school"], majors=[])]],
    )

    assert kinds(condition) == []


ONE_OR_OTHER = "取得技工学校本专业或相关专业毕业证书;或取得中等职业学校本专业或相关专业毕业证书"


def test_each_way_the_text_lists_needs_an_alternative():
    one = ConditionDataFactory(
        text=ONE_OR_OTHER,
        alternatives=[[education_clause(["technical_school", "secondary_vocational"])]],
    )
    two = ConditionDataFactory(
        text=ONE_OR_OTHER,
        alternatives=[
            [education_clause(["technical_school"])],
            [education_clause(["secondary_vocational"])],
        ],
    )

    assert messages(one) == ["文字用“；或”列出2种满足方式，条款有1个方案。"]
    assert kinds(two) == []


def test_alternatives_the_text_lists_without_or_are_no_finding():
    condition = ConditionDataFactory(
        text="本科生毕业13年以上,硕士、博士研究生毕业8年以上。",
        alternatives=[
            [{"type": "graduated_years", "types": ["bachelor"], "years": 13, "inclusive": True}],
            [
                {
                    "type": "graduated_years",
                    "types": ["master", "doctor"],
                    "years": 8,
                    "inclusive": True,
                }
            ],
        ],
    )

    assert kinds(condition) == []


def test_repeated_and_skipped_condition_numbers_are_flagged():
    conditions = [ConditionDataFactory(number=n) for n in (1, 2, 2, 5)]

    found = list(check_level(LevelData(level=4, conditions=conditions)))

    assert found == [
        ("repeated_number", "第2条重复出现。"),
        ("skipped_number", "缺少第3条（序号不连续）。"),
        ("skipped_number", "缺少第4条（序号不连续）。"),
    ]
    assert list(check_level(LevelData(level=4, conditions=conditions[:2]))) == []


def test_a_level_added_twice_to_a_specialty_is_flagged(index_page):
    publish_occupation(
        index=index_page,
        title="重复等级职业",
        slug="twice",
        specialties=[
            (
                "",
                [
                    level(4, condition(1, "在本职业连续工作1年以上。", [work_clause(1)])),
                    level(4, condition(1, "在本职业连续工作2年以上。", [work_clause(2)])),
                ],
            )
        ],
    )

    findings = [f for f in check_all() if f.occupation == "重复等级职业"]

    assert [(f.level, f.number, f.kind) for f in findings] == [
        (4, None, "repeated_level"),
        (4, None, "repeated_level"),
    ]
    assert findings[0].message == "该等级在这个工种/方向中添加了不止一次，请合并或删除多余的一个。"
