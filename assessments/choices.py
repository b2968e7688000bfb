"""Choices of the exam office (labels in Chinese through gettext_lazy), grouped by area."""

from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

# --- plans (exam plans, rooms, candidates, seating) ----------------------------------------------


class PlanStatus(models.TextChoices):
    """考试计划的状态: draft → open → sealed (seating frozen) → held → closed."""

    DRAFT = "draft", _("草稿")
    OPEN = "open", _("编排中")
    SEALED = "sealed", _("已封场")
    HELD = "held", _("已考试")
    CLOSED = "closed", _("已结束")


#: Which plan status may follow which (assessments.services.plans enforces it).
PLAN_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.OPEN},
    PlanStatus.OPEN: {PlanStatus.DRAFT, PlanStatus.SEALED},
    PlanStatus.SEALED: {PlanStatus.HELD},
    PlanStatus.HELD: {PlanStatus.CLOSED},
    PlanStatus.CLOSED: set(),
}


class ComponentKind(models.TextChoices):
    """考核科目: 理论知识考试, 操作技能考核, and for 二级/一级 综合评审."""

    THEORY = "theory", _("理论知识考试")
    SKILLS = "skills", _("操作技能考核")
    REVIEW = "review", _("综合评审")


#: Levels (occupations.choices.Level values) whose plans include the comprehensive review.
REVIEW_LEVELS = frozenset({2, 1})


class RoomRole(models.TextChoices):
    """What a staff member assigned to a plan's room does there."""

    INVIGILATOR = "invigilator", _("监考员")
    ASSESSOR = "assessor", _("考评员")


class CandidateStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已编入")
    RELEASED = "released", _("已退出")


class SeatAction(models.TextChoices):
    """What a seat-assignment log entry records."""

    SEATED = "seated", _("自动编排")
    MOVED = "moved", _("人工调整")
    RELEASED = "released", _("释放座位")
    CLEARED = "cleared", _("重新编排前清除")


# --- calendar (working days) ---------------------------------------------------------------
class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarSource(models.TextChoices):
    LIBRARY = "library", _("日历库导入")
    STAFF = "staff", _("工作人员录入")


# --- questions: the question bank, blueprints and papers ---------------------------------------


class QuestionKind(models.TextChoices):
    """题型, in the order a paper's sections follow."""

    TRUE_FALSE = "true_false", _("判断题")
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    BLANK = "blank", _("填空题")
    SHORT = "short", _("简答题")
    PRACTICAL = "practical", _("实操任务")


#: Kinds whose answer is a choice among options (shuffled per form, key follows).
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
#: Kinds that need writing space on the paper.
WRITTEN_KINDS = frozenset({QuestionKind.BLANK, QuestionKind.SHORT, QuestionKind.PRACTICAL})


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWED = "reviewed", _("已审核")
    RETIRED = "retired", _("已停用")


class QuestionEventKind(models.TextChoices):
    CREATED = "created", _("创建")
    EDITED = "edited", _("修改")
    REVIEWED = "reviewed", _("审核通过")
    RETURNED = "returned", _("退回草稿")
    RETIRED = "retired", _("停用")
    NEW_VERSION = "new_version", _("生成新版本")
    SUPERSEDED = "superseded", _("被新版本替代")
    IMPORTED = "imported", _("导入")


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SEALED = "sealed", _("已封存")


class DistributionStage(models.TextChoices):
    """What an invigilator's signature on a room's paper record confirms."""

    OUT = "out", _("发卷")
    BACK = "back", _("回收")


# --- certificates -----------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    """Position 1 of the national certificate number: who assesses."""

    EMPLOYER = "Y", _("用人单位（Y）")
    TRAINING_ORGANISATION = "S", _("社会培训评价组织（S）")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class CertificateAction(models.TextChoices):
    ISSUED = "issued", _("颁发")
    REISSUED = "reissued", _("补发")
    REVOKED = "revoked", _("撤销")
    PRINTED = "printed", _("打印")


# --- results (scores, the publicity notice, objections) --------------------------------------
class ScoreMark(models.TextChoices):
    """A special mark instead of a score (with a reason)."""

    NONE = "", _("—")
    ABSENT = "absent", _("缺考")
    DISQUALIFIED = "disqualified", _("违纪")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")
    WITHDRAWN = "withdrawn", _("异议人撤回")
