"""The question bank (题库): knowledge points per occupation and level, questions with their
options and their history.

A question in use by a sealed paper is never changed in place: editing it makes a new version
(``previous`` points back, ``family`` is shared by all versions) and the old one is retired.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from assessments.choices import QuestionEventKind, QuestionKind, QuestionStatus
from occupations.choices import Level

RICH_TEXT_FEATURES = ["bold", "italic", "superscript", "subscript", "ol", "ul", "image"]


class KnowledgePoint(models.Model):
    """One node of the 鉴定要素 tree (细目表) of an occupation at a level: 基础知识 › 职业道德 …"""

    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级鉴定点"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("代码"), max_length=40, blank=True)
    name = models.CharField(_("名称"), max_length=200)
    #: "基础知识/职业道德": the names from the root, for lookups by path (imports) and display.
    path = models.CharField(_("路径"), max_length=600, editable=False)
    sort_order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("鉴定点")
        verbose_name_plural = _("鉴定点")
        ordering = ["occupation", "level", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "level", "path"], name="knowledge_point_unique_path"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.path}".strip() if self.code else self.path

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)


class Question(ClusterableModel):
    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    knowledge_point = models.ForeignKey(
        KnowledgePoint,
        verbose_name=_("鉴定点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    stem = RichTextField(_("题干"), features=RICH_TEXT_FEATURES)
    #: 判断: "对"/"错"; 单选/多选: the option letters ("B", "ACD"), kept in step with the options'
    #: is_correct; 填空: the blanks' answers separated by "|"; 简答/实操: the reference answer.
    answer = models.TextField(_("答案"), blank=True)
    explanation = RichTextField(_("解析"), features=RICH_TEXT_FEATURES, blank=True)
    score = models.DecimalField(_("分值"), max_digits=5, decimal_places=1, default=1)
    difficulty = models.PositiveSmallIntegerField(
        _("难度"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 最易，5 最难"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.DRAFT
    )
    family = models.UUIDField(_("题目族"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        editable=False,
    )
    source = models.CharField(_("来源"), max_length=200, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("命题人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["occupation", "level", "kind", "pk"]
        indexes = [models.Index(fields=["occupation", "level", "status", "kind"])]
        permissions = [("review_question", _("审核试题"))]

    def __str__(self):
        from django.utils.html import strip_tags

        text = strip_tags(self.stem or "").strip()
        return f"[{self.get_kind_display()}] {text[:40]}"


class QuestionOption(Orderable):
    """One option of a single/multiple choice question; its letter is its place (A, B, …)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = RichTextField(_("选项内容"), features=RICH_TEXT_FEATURES)
    is_correct = models.BooleanField(_("正确答案"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("选项")
        verbose_name_plural = _("选项")


class QuestionEvent(models.Model):
    """Authorship and review history: who created, changed, reviewed or retired a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=12, choices=QuestionEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("试题记录")
        verbose_name_plural = _("试题记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.question_id} {self.get_kind_display()}"
