"""Content checks: conditions that contradict themselves or name another occupation."""

import pytest
from django.core.management import CommandError, call_command

from occupations import selectors
from occupations.content_checks import check_all, check_condition
from occupations.models import OccupationPage
from tests.occupations.factories import ConditionDataFactory, training_clause, work_clause

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

    assert kinds(condition, foreign=FOREIGN) == ["other_occupation"]
    assert kinds(condition, own={"动画制作员", "动画绘制员"}, foreign={}) == []


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
