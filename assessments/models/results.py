"""Scores (成绩) per candidate and component, double-entry rounds, results with the pass rule
they were judged by, and a plan's scoring settings (pass rule, double entry, clerks, lock).

The publicity notice page and objections are in ``assessments.models.notices``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.choices import ScoreMark
from assessments.scoring import DEFAULT_PASS_RULE

SCORE_FIELD = {
    "max_digits": 5,
    "decimal_places": 1,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


class PlanScoring(models.Model):
    """How a plan's scores are entered and judged; ``locked_at`` is set when a notice listing
    the plan is published (a later change needs ``change_locked_score`` and a reason)."""

    plan = models.OneToOneField(
        "assessments.ExamPlan",
        verbose_name=_("考试计划"),
        on_delete=models.CASCADE,
        related_name="scoring",
    )
    pass_rule = models.CharField(_("合格规则"), max_length=40, default=DEFAULT_PASS_RULE)
    double_entry = models.BooleanField(
        _("双人录入"),
        default=False,
        help_text=_("两人分别录入，一致后才生效；不一致的列出待审核。"),
    )
    clerks = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成绩录入员"),
        blank=True,
        related_name="score_entry_plans",
    )
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("成绩设置")
        verbose_name_plural = _("成绩设置")
        permissions = [
            ("enter_scores", _("可录入和导入指定考试计划的成绩")),
            ("review_scores", _("可审核成绩（双人录入不一致）和发布成绩公示")),
            ("change_locked_score", _("可修改已公示的成绩（需填写原因，公示重新开始）")),
        ]

    def __str__(self) -> str:
        return str(self.plan)


class Score(models.Model):
    """The score in force for one candidate and component: a value, or a mark with a reason."""

    candidate = models.ForeignKey(
        "assessments.Candidate",
        verbose_name=_("考生"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    component = models.CharField(_("科目"), max_length=20)
    value = models.DecimalField(_("分数"), **SCORE_FIELD)
    mark = models.CharField(
        _("标记"), max_length=16, choices=ScoreMark.choices, default=ScoreMark.NONE, blank=True
    )
    mark_reason = models.CharField(_("标记原因"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "component"], name="one_score_per_part"),
            models.CheckConstraint(
                condition=models.Q(mark="") | models.Q(value__isnull=True),
                name="score_value_or_mark",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.component} {self.display}"

    @property
    def display(self) -> str:
        return str(ScoreMark(self.mark).label) if self.mark else _format(self.value)


class ScoreEntry(models.Model):
    """One clerk's entry in a double-entry round (1 or 2); when both agree the score is set."""

    candidate = models.ForeignKey(
        "assessments.Candidate", on_delete=models.CASCADE, related_name="score_entries"
    )
    component = models.CharField(_("科目"), max_length=20)
    round = models.PositiveSmallIntegerField(
        _("录入轮次"), choices=[(1, _("第一遍")), (2, _("第二遍"))]
    )
    value = models.DecimalField(_("分数"), **SCORE_FIELD)
    mark = models.CharField(
        _("标记"), max_length=16, choices=ScoreMark.choices, default=ScoreMark.NONE, blank=True
    )
    mark_reason = models.CharField(_("标记原因"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("双人录入记录")
        verbose_name_plural = _("双人录入记录")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "component", "round"], name="one_entry_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.component} #{self.round} {self.display}"

    def same_as(self, other: ScoreEntry) -> bool:
        return (self.value, self.mark) == (other.value, other.mark)

    @property
    def display(self) -> str:
        return str(ScoreMark(self.mark).label) if self.mark else _format(self.value)


class Result(models.Model):
    """A candidate's result: passed or not, with the rule applied (name and label, as they were)
    and the reasons it gave."""

    candidate = models.OneToOneField(
        "assessments.Candidate",
        verbose_name=_("考生"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    passed = models.BooleanField(_("合格"))
    rule = models.CharField(_("合格规则"), max_length=40)
    rule_label = models.CharField(_("合格规则说明"), max_length=200)
    reasons = models.JSONField(_("不合格原因"), default=list, blank=True)
    decided_at = models.DateTimeField(_("判定时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")

    def __str__(self) -> str:
        return f"{self.candidate_id} {'合格' if self.passed else '不合格'}"


def _format(value) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".removesuffix(".0")


__all__ = ["PlanScoring", "Result", "Score", "ScoreEntry"]
