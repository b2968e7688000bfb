"""Blueprints (细目表) and the papers drawn from them (组卷): forms A/B, their questions in
order with the option order of each, and the answer key that follows it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from assessments.choices import DistributionStage, PaperStatus, QuestionKind
from occupations.choices import Level


class Blueprint(ClusterableModel):
    """How a paper is made: rows of (type, knowledge point, difficulty, count, score each)."""

    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    name = models.CharField(_("名称"), max_length=200)
    total_score = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, default=100)
    duration_minutes = models.PositiveIntegerField(_("考试时长（分钟）"), default=90)
    avoid_recent = models.PositiveSmallIntegerField(
        _("避开最近几套试卷的试题"),
        default=3,
        help_text=_("尽量不选用最近 N 套同职业同等级试卷用过的试题；题量不足时才重复使用。"),
    )
    shuffle_options = models.BooleanField(
        _("每套试卷打乱选项顺序"),
        default=True,
        help_text=_("单选、多选题的选项顺序，答案随之调整。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("细目表")
        verbose_name_plural = _("细目表")
        ordering = ["occupation", "level", "name"]

    def __str__(self):
        return self.name


class BlueprintItem(Orderable):
    blueprint = ParentalKey(Blueprint, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    knowledge_point = models.ForeignKey(
        "assessments.KnowledgePoint",
        verbose_name=_("鉴定点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("包括其下级鉴定点；留空表示不限。"),
    )
    difficulty = models.PositiveSmallIntegerField(
        _("难度"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("留空表示不限。"),
    )
    count = models.PositiveIntegerField(_("题数"), validators=[MinValueValidator(1)])
    score_each = models.DecimalField(_("每题分值"), max_digits=5, decimal_places=1)

    class Meta(Orderable.Meta):
        verbose_name = _("细目表行")
        verbose_name_plural = _("细目表行")


class Paper(models.Model):
    """A drawn paper: one or two forms (A/B) made from a blueprint with a stored seed."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("细目表"), on_delete=models.PROTECT, related_name="papers"
    )
    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    title = models.CharField(_("试卷名称"), max_length=200)
    seed = models.BigIntegerField(_("随机种子"))
    #: The papers whose questions this draw avoided, so the same seed redraws the same paper.
    avoided_papers = models.JSONField(_("避开的试卷"), default=list, blank=True)
    #: The blueprint rows as drawn (kind, knowledge point, difficulty, count, score each).
    rows = models.JSONField(_("组卷规则"), default=list, blank=True)
    total_score = models.DecimalField(_("总分"), max_digits=6, decimal_places=1)
    duration_minutes = models.PositiveIntegerField(_("考试时长（分钟）"))
    shuffle_options = models.BooleanField(_("打乱选项"), default=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT
    )
    notes = models.TextField(_("组卷说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组卷人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("组卷时间"), auto_now_add=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("封存人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sealed_at = models.DateTimeField(_("封存时间"), null=True, blank=True)
    plan = models.ForeignKey(
        "assessments.ExamPlan",
        verbose_name=_("考试计划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
    )

    class Meta:
        verbose_name = _("试卷")
        verbose_name_plural = _("试卷")
        ordering = ["-created_at", "-pk"]
        permissions = [("access_paper", _("查看和下载试卷（保密）"))]

    def __str__(self):
        return self.title


class PaperForm(models.Model):
    """One form (A卷/B卷) of a paper."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="forms")
    label = models.CharField(_("卷别"), max_length=4)
    #: How many questions it shares with the other forms, and why (bank too small).
    overlap = models.PositiveIntegerField(_("与其他卷重复的题数"), default=0)

    class Meta:
        verbose_name = _("卷别")
        verbose_name_plural = _("卷别")
        ordering = ["paper", "label"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "label"], name="paper_form_unique_label")
        ]

    def __str__(self):
        return f"{self.paper} {self.label}卷"


class PaperItem(models.Model):
    """A question on a form: its number, section, score and the order its options appear in."""

    form = models.ForeignKey(PaperForm, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        "assessments.Question", on_delete=models.PROTECT, related_name="paper_items"
    )
    number = models.PositiveIntegerField(_("题号"))
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    score = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    #: Positions (0-based, in the question's own order) of the options as printed: [2, 0, 3, 1].
    option_order = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="paper_item_unique_number"),
            models.UniqueConstraint(fields=["form", "question"], name="paper_item_unique_question"),
        ]

    def __str__(self):
        return f"{self.form} {self.number}"


class PaperDistribution(models.Model):
    """发卷/回收 for one room of the plan a paper is sealed to: which form, how many copies went
    out and came back. The office records the counts; each invigilator of the room confirms them
    from their own account (PaperDistributionSignature)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="distributions")
    form = models.ForeignKey(
        PaperForm, verbose_name=_("卷别"), on_delete=models.PROTECT, related_name="+"
    )
    plan_room = models.ForeignKey(
        "assessments.PlanRoom",
        verbose_name=_("考场"),
        on_delete=models.PROTECT,
        related_name="paper_distributions",
    )
    copies_out = models.PositiveIntegerField(_("发出份数"))
    out_at = models.DateTimeField(_("发卷时间"))
    copies_back = models.PositiveIntegerField(_("回收份数"), null=True, blank=True)
    back_at = models.DateTimeField(_("回收时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("发卷记录")
        verbose_name_plural = _("发卷记录")
        ordering = ["paper", "plan_room__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "plan_room"], name="paper_distribution_once_per_room"
            )
        ]

    def __str__(self):
        return f"{self.paper} {self.plan_room}"


class PaperDistributionSignature(models.Model):
    """An invigilator's 签字确认 of a room's 发卷 or 回收 count, made from their own account."""

    distribution = models.ForeignKey(
        PaperDistribution, on_delete=models.CASCADE, related_name="signatures"
    )
    stage = models.CharField(_("环节"), max_length=4, choices=DistributionStage.choices)
    invigilator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("监考员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The count confirmed (copies out, or copies back), as shown when signing.
    copies = models.PositiveIntegerField(_("确认份数"))
    signed_at = models.DateTimeField(_("签字时间"))

    class Meta:
        verbose_name = _("发卷/回收签字")
        verbose_name_plural = _("发卷/回收签字")
        ordering = ["distribution", "stage", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "stage", "invigilator"],
                name="paper_distribution_signed_once",
            )
        ]

    def __str__(self):
        return f"{self.distribution} {self.get_stage_display()} {self.invigilator}"
