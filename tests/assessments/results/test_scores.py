"""Scores: entry with special marks, the pass rule stored with each result, the audit trail,
the lock after publication, double entry."""

from decimal import Decimal

import pytest
from hostsite.models import AuditEntry

from assessments.choices import ComponentKind, ScoreMark
from assessments.models.results import PlanScoring, Result, Score
from assessments.scoring import PASS_RULES, ScoreValue, Verdict, register_pass_rule
from assessments.selectors.results import entry_mismatches
from assessments.services.results import (
    ResultsRefused,
    ScoreInput,
    parse_cell,
    score_entry_record,
    scores_enter,
)
from assessments.services.results.notices import local_today
from assessments.services.results.scores import mismatch_resolve
from tests.assessments.factories import candidates, exam_plan, exam_staff
from tests.assessments.results.support import notice_for

THEORY, SKILLS, REVIEW = ComponentKind.THEORY, ComponentKind.SKILLS, ComponentKind.REVIEW


def cell(candidate, component, text, reason=""):
    value, mark = parse_cell(text)
    return ScoreInput(candidate, component, value, mark, reason)


@pytest.fixture
def clerk(loaded_site):
    return exam_staff("clerk-1", extra_perms=("assessments.enter_scores",))


@pytest.fixture
def reviewer(loaded_site):
    return exam_staff(
        "reviewer-1",
        extra_perms=("assessments.review_scores", "assessments.change_locked_score"),
    )


def test_every_component_at_least_60_passes_and_the_rule_is_stored(loaded_site, clerk):
    plan = exam_plan()
    passing, failing, absent = candidates(plan, 3)
    scores_enter(
        plan=plan,
        user=clerk,
        cells=[
            cell(passing, THEORY, "60"),
            cell(passing, SKILLS, "88.5"),
            cell(failing, THEORY, "59.5"),
            cell(failing, SKILLS, "90"),
            cell(absent, THEORY, "缺考", "未到考场"),
            cell(absent, SKILLS, "75"),
        ],
    )
    assert Result.objects.get(candidate=passing).passed
    result = Result.objects.get(candidate=failing)
    assert not result.passed and "理论知识考试 59.5 分，低于 60 分" in result.reasons
    assert result.rule == "all-components-60" and "60 分" in result.rule_label
    assert Result.objects.get(candidate=absent).reasons == ["理论知识考试缺考"]
    assert Score.objects.get(candidate=absent, component=THEORY).mark_reason == "未到考场"


def test_review_levels_need_the_comprehensive_review(loaded_site, clerk):
    plan = exam_plan(level=2)
    person = candidates(plan, 1)[0]
    scores_enter(
        plan=plan, user=clerk, cells=[cell(person, THEORY, "80"), cell(person, SKILLS, "80")]
    )
    assert Result.objects.get(candidate=person).reasons == ["综合评审无成绩"]
    scores_enter(plan=plan, user=clerk, cells=[cell(person, REVIEW, "70")])
    assert Result.objects.get(candidate=person).passed
    level_four = exam_plan()
    other = candidates(level_four, 1)[0]
    with pytest.raises(ResultsRefused, match="没有“综合评审”科目"):
        scores_enter(plan=level_four, user=clerk, cells=[cell(other, REVIEW, "70")])


def test_a_result_keeps_the_rule_it_was_judged_by(loaded_site, clerk):
    @register_pass_rule("skills-70", "技能 ≥ 70")
    def skills_70(plan, scores):
        value = scores.get(SKILLS, ScoreValue()).value
        return Verdict(
            value is not None and value >= 70, [] if value and value >= 70 else ["技能不足 70"]
        )

    try:
        plan = exam_plan()
        person = candidates(plan, 1)[0]
        scores_enter(
            plan=plan, user=clerk, cells=[cell(person, THEORY, "65"), cell(person, SKILLS, "65")]
        )
        assert Result.objects.get(candidate=person).rule == "all-components-60"
        PlanScoring.objects.filter(plan=plan).update(pass_rule="skills-70")
        scores_enter(plan=plan, user=clerk, cells=[cell(person, THEORY, "66")])
        result = Result.objects.get(candidate=person)
        assert (result.passed, result.rule, result.rule_label) == (False, "skills-70", "技能 ≥ 70")
    finally:
        PASS_RULES.pop("skills-70")


@pytest.mark.parametrize(
    "text, message",
    [
        ("八十", "不是分数"),
        ("101", "超出 0 到 100"),
        ("-1", "超出"),
        ("80.25", "一位小数"),
        ("nan", "不是分数"),
    ],
)
def test_what_is_not_a_score_is_refused_in_chinese(text, message):
    with pytest.raises(ResultsRefused, match=message):
        parse_cell(text)


def test_a_mark_needs_a_reason_and_nothing_is_written_on_error(loaded_site, clerk):
    plan = exam_plan()
    first, second = candidates(plan, 2)
    with pytest.raises(ResultsRefused, match="请填写“违纪”的原因"):
        scores_enter(
            plan=plan, user=clerk, cells=[cell(first, THEORY, "90"), cell(second, THEORY, "违纪")]
        )
    assert not Score.objects.filter(candidate__plan=plan).exists()


def test_every_change_is_audited_with_old_and_new_value_and_who(loaded_site, clerk):
    plan = exam_plan()
    person = candidates(plan, 1)[0]
    scores_enter(plan=plan, user=clerk, cells=[cell(person, THEORY, "58")])
    scores_enter(plan=plan, user=clerk, cells=[cell(person, THEORY, "58")])  # unchanged
    scores_enter(plan=plan, user=clerk, cells=[cell(person, THEORY, "68")], reason="复核加分")
    entries = list(AuditEntry.objects.filter(action="assessments.score_change").order_by("pk"))
    assert [e.detail for e in entries] == [
        "理论知识考试：（空） → 58",
        "理论知识考试：58 → 68；修改原因：复核加分",
    ]
    assert all(e.actor == clerk and person.application.name in e.object_label for e in entries)


def test_published_scores_are_locked_and_a_change_reopens_the_notice(loaded_site, clerk, reviewer):
    plan = exam_plan()
    person = candidates(plan, 1)[0]
    scores_enter(
        plan=plan, user=clerk, cells=[cell(person, THEORY, "70"), cell(person, SKILLS, "70")]
    )
    notice = notice_for(plan)
    period = notice.period
    assert PlanScoring.objects.get(plan=plan).locked_at is not None

    with pytest.raises(ResultsRefused, match="成绩已公示并锁定"):
        scores_enter(plan=plan, user=clerk, cells=[cell(person, THEORY, "50")], reason="错录")
    with pytest.raises(ResultsRefused, match="请填写修改原因"):
        scores_enter(plan=plan, user=reviewer, cells=[cell(person, THEORY, "50")])
    assert Score.objects.get(candidate=person, component=THEORY).value == Decimal(70)

    # Moving the period's start back shows the restart.
    type(period).objects.filter(pk=period.pk).update(starts_on=period.starts_on.replace(day=1))
    scores_enter(plan=plan, user=reviewer, cells=[cell(person, THEORY, "50")], reason="登分错误")
    period.refresh_from_db()
    assert period.reopen_reason == "登分错误" and period.reopened_at is not None
    assert period.starts_on == local_today()
    assert not Result.objects.get(candidate=person).passed
    assert AuditEntry.objects.filter(action="assessments.notice_reopen").count() == 1


def test_double_entry_sets_the_score_when_two_clerks_agree_and_lists_mismatches(
    loaded_site, clerk, reviewer
):
    plan = exam_plan()
    agreed, differing = candidates(plan, 2)
    PlanScoring.objects.create(plan=plan, double_entry=True)
    second_clerk = exam_staff("clerk-2", extra_perms=("assessments.enter_scores",))

    assert score_entry_record(cell=cell(agreed, THEORY, "77"), round=1, user=clerk) == "waiting"
    assert not Score.objects.filter(candidate=agreed).exists()
    with pytest.raises(ResultsRefused, match="不同的人"):
        score_entry_record(cell=cell(agreed, THEORY, "77"), round=2, user=clerk)
    assert (
        score_entry_record(cell=cell(agreed, THEORY, "77"), round=2, user=second_clerk) == "agreed"
    )
    assert Score.objects.get(candidate=agreed, component=THEORY).value == 77

    score_entry_record(cell=cell(differing, THEORY, "68"), round=1, user=clerk)
    assert score_entry_record(cell=cell(differing, THEORY, "86"), round=2, user=second_clerk) == (
        "mismatch"
    )
    [(first, second)] = entry_mismatches(plan)
    assert (first.display, second.display) == ("68", "86")
    assert not Score.objects.filter(candidate=differing).exists()
    with pytest.raises(ResultsRefused, match="成绩审核"):
        mismatch_resolve(cell=cell(differing, THEORY, "86"), user=clerk, reason="核对原始试卷")
    mismatch_resolve(cell=cell(differing, THEORY, "86"), user=reviewer, reason="核对原始试卷")
    assert entry_mismatches(plan) == []
    assert Score.objects.get(candidate=differing, component=THEORY).value == 86


def test_marks_are_choices_with_chinese_labels():
    assert parse_cell("缺考") == (None, ScoreMark.ABSENT)
    assert parse_cell(" 违纪 ") == (None, ScoreMark.DISQUALIFIED)
    assert parse_cell("") == (None, ScoreMark.NONE)
