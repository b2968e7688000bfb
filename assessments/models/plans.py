"""Exam plans (考试计划), venues (考点) and rooms (考场), the staff assigned to them, candidates
(考生: approved applications enrolled in a plan, with room, seat and ticket number) and the log
of every seat assignment.

The rules (no reseating after sealing, no exam in the past, rooms not shared by two plans at
once, staffing before sealing) live in ``assessments.services.plans``; the database enforces
what must hold even under parallel requests: one seat per candidate, one candidate per seat,
one candidate row per application, unique ticket numbers.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.choices import (
    REVIEW_LEVELS,
    CandidateStatus,
    ComponentKind,
    PlanStatus,
    RoomRole,
    SeatAction,
)
from occupations.choices import Level


def new_seed() -> int:
    """A random seed for a plan's seating (stored, so the same seating can be reproduced)."""
    return secrets.randbelow(2**31)


def new_token() -> str:
    """An unguessable token (for the check-in QR code: never the ticket number)."""
    return secrets.token_urlsafe(24)


class Venue(models.Model):
    """考点: a site with exam rooms."""

    name = models.CharField(_("考点名称"), max_length=100, unique=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    notes = models.TextField(_("说明"), blank=True, help_text=_("交通、入场等考生须知。"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("考点")
        verbose_name_plural = _("考点")

    def __str__(self):
        return self.name


class Room(models.Model):
    """考场: a room of a venue with a seat layout. Seats are numbered 1 … rows × columns, row by
    row from the front; ``unusable_seats`` lists the numbers that cannot be used (a pillar, a
    broken computer). ``capacity`` may be lower than the usable seats (e.g. exam rules ask for
    every other seat)."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("考点"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("考场名称"), max_length=60, help_text=_("如“教学楼301”。"))
    capacity = models.PositiveSmallIntegerField(_("容纳人数"), validators=[MinValueValidator(1)])
    rows = models.PositiveSmallIntegerField(_("排数"), validators=[MinValueValidator(1)])
    columns = models.PositiveSmallIntegerField(_("每排座位数"), validators=[MinValueValidator(1)])
    unusable_seats = models.JSONField(
        _("不可用座位"), default=list, blank=True, help_text=_("不可使用的座位号列表。")
    )
    is_computer_room = models.BooleanField(
        _("机房"), default=False, help_text=_("可用于机考的理论知识考试。")
    )
    is_accessible = models.BooleanField(
        _("无障碍考场"), default=False, help_text=_("无台阶、轮椅可达，优先安排有特殊需要的考生。")
    )
    accessibility_notes = models.TextField(_("无障碍说明"), blank=True)

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("考场")
        verbose_name_plural = _("考场")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_per_venue"),
        ]

    def __str__(self):
        return f"{self.venue} {self.name}"

    @property
    def usable_seats(self) -> list[int]:
        """The seat numbers that may be used, front first, at most ``capacity`` of them."""
        unusable = {int(n) for n in self.unusable_seats or []}
        seats = [n for n in range(1, self.rows * self.columns + 1) if n not in unusable]
        return seats[: self.capacity]

    def seat_position(self, seat: int) -> tuple[int, int]:
        """(row, column) of a seat number, both from 1."""
        return (seat - 1) // self.columns + 1, (seat - 1) % self.columns + 1

    def seat_label(self, seat: int | None) -> str:
        if seat is None:
            return ""
        row, column = self.seat_position(seat)
        return _("%(seat)02d号（第%(row)d排第%(column)d座）") % {
            "seat": seat,
            "row": row,
            "column": column,
        }


class ExamPlan(models.Model):
    """考试计划: one occupation, specialty and level of a registration batch (forms_app's
    ExamPeriod), with the components it assesses, the rooms it uses and its candidates."""

    exam_period = models.ForeignKey(
        "forms_app.ExamPeriod",
        verbose_name=_("报名批次"),
        on_delete=models.PROTECT,
        related_name="exam_plans",
    )
    code = models.CharField(
        _("计划编号"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Z]+$", _("计划编号只能包含数字和大写字母。"))],
        help_text=_("准考证号以它开头，如 2604010。"),
    )
    title = models.CharField(_("名称"), max_length=120, blank=True)
    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="exam_plans",
    )
    specialty = models.CharField(_("工种/方向"), max_length=60, blank=True)
    # occupations.Specialty.slug, as forms_app's Application.specialty_slug; "" for none.
    specialty_slug = models.SlugField(_("工种/方向标识"), max_length=80, blank=True)
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    forms = models.ManyToManyField(
        "forms_app.RegistrationFormPage",
        verbose_name=_("报名表"),
        blank=True,
        related_name="exam_plans",
        help_text=_("这些报名表审核通过的报名可自动编入本计划。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    seed = models.BigIntegerField(
        _("编排随机种子"), default=new_seed, help_text=_("相同种子得到相同的编排结果。")
    )
    ticket_format = models.CharField(
        _("准考证号格式"), max_length=40, default="default"
    )  # a key of assessments.ticket_numbers.TICKET_FORMATS
    rooms = models.ManyToManyField(
        Room, through="PlanRoom", verbose_name=_("考场"), related_name="exam_plans", blank=True
    )
    notes = models.TextField(_("考试须知"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    seated_at = models.DateTimeField(_("编排时间"), null=True, blank=True, editable=False)
    sealed_at = models.DateTimeField(_("封场时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("考试计划")
        verbose_name_plural = _("考试计划")
        permissions = [
            ("seat_candidates", _("可编排考场座位")),
            ("seal_plan", _("可封场和变更考试计划状态")),
            ("print_documents", _("可打印准考证和签到表")),
        ]

    def __str__(self):
        return self.title or f"{self.code} {self.occupation_id}"

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def needs_review(self) -> bool:
        """二级/一级 plans include the comprehensive review (综合评审)."""
        return self.level in REVIEW_LEVELS

    @property
    def is_seating_frozen(self) -> bool:
        return self.status in (PlanStatus.SEALED, PlanStatus.HELD, PlanStatus.CLOSED)


class PlanComponent(models.Model):
    """One component a plan assesses (理论知识考试, 操作技能考核, 综合评审): when and where."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("考试计划"), on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField(_("科目"), max_length=10, choices=ComponentKind.choices)
    date = models.DateField(_("日期"))
    start = models.TimeField(_("开始时间"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长（分钟）"), validators=[MinValueValidator(1)]
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("考点"), on_delete=models.PROTECT, related_name="components"
    )
    computer_based = models.BooleanField(_("机考"), default=False)

    class Meta:
        ordering = ["plan", "date", "start"]
        verbose_name = _("考核科目")
        verbose_name_plural = _("考核科目")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_component_kind_per_plan"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date} {self.start:%H:%M}"

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class PlanRoom(models.Model):
    """A room a plan uses, with its number within the plan (the ticket number's room part)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("考试计划"), on_delete=models.CASCADE, related_name="plan_rooms"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("考场"), on_delete=models.PROTECT, related_name="plan_rooms"
    )
    number = models.PositiveSmallIntegerField(_("考场号"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("计划考场")
        verbose_name_plural = _("计划考场")
        constraints = [
            models.UniqueConstraint(fields=["plan", "room"], name="room_once_per_plan"),
            models.UniqueConstraint(fields=["plan", "number"], name="room_number_unique_per_plan"),
        ]

    def __str__(self):
        return _("第%(number)02d考场 %(room)s") % {"number": self.number, "room": self.room}


class RoomAssignment(models.Model):
    """A staff user invigilating (监考员) or assessing (考评员) in one of a plan's rooms."""

    plan_room = models.ForeignKey(
        PlanRoom, verbose_name=_("计划考场"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="exam_room_assignments",
    )
    role = models.CharField(
        _("职责"), max_length=12, choices=RoomRole.choices, default=RoomRole.INVIGILATOR
    )

    class Meta:
        verbose_name = _("监考/考评安排")
        verbose_name_plural = _("监考/考评安排")
        constraints = [
            models.UniqueConstraint(fields=["plan_room", "user"], name="staff_once_per_plan_room"),
        ]

    def __str__(self):
        return f"{self.plan_room} {self.get_role_display()} {self.user}"


class ReviewPanelMember(models.Model):
    """An assessor of a 二级/一级 plan's comprehensive review panel (综合评审专家组)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("考试计划"), on_delete=models.CASCADE, related_name="review_panel"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审专家"),
        on_delete=models.PROTECT,
        related_name="exam_review_panels",
    )
    is_chair = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("综合评审专家")
        verbose_name_plural = _("综合评审专家组")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="assessor_once_per_panel"),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.user}"


class Candidate(models.Model):
    """考生: an approved application enrolled in an exam plan; once seated it has a room, a
    seat and a ticket number (准考证号). Scores and certificates link here."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("考试计划"), on_delete=models.PROTECT, related_name="candidates"
    )
    application = models.ForeignKey(
        "forms_app.Application",
        verbose_name=_("报名"),
        on_delete=models.PROTECT,
        related_name="exam_candidates",
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ENROLLED,
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("考场"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
        db_index=False,  # one_candidate_per_seat (plan, room, seat) serves the lookups
    )
    seat = models.PositiveSmallIntegerField(_("座位号"), null=True, blank=True)
    ticket_number = models.CharField(
        _("准考证号"), max_length=32, unique=True, null=True, blank=True
    )
    # Unguessable: the check-in QR code carries it (never the ticket number).
    token = models.CharField(max_length=48, unique=True, default=new_token, editable=False)
    accessibility_needs = models.CharField(
        _("特殊需要"),
        max_length=200,
        blank=True,
        help_text=_("如轮椅、助听设备、放大试卷；编排时优先安排在无障碍考场前排。"),
    )
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    training_class = models.CharField(_("培训班"), max_length=100, blank=True)
    released_reason = models.TextField(_("退出原因"), blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    enrolled_at = models.DateTimeField(_("编入时间"), auto_now_add=True)
    seated_at = models.DateTimeField(_("安排座位时间"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "ticket_number", "pk"]
        verbose_name = _("考生")
        verbose_name_plural = _("考生")
        permissions = [
            ("check_in_candidate", _("可为本人监考的考场签到考生")),
            ("release_seat", _("可释放已安排的座位")),
        ]
        constraints = [
            # An application is enrolled once (in one plan); a released row stays as history.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=CandidateStatus.ENROLLED),
                name="one_candidate_per_application",
            ),
            # Two candidates never share a seat of a plan.
            models.UniqueConstraint(
                fields=["plan", "room", "seat"],
                condition=Q(seat__isnull=False),
                name="one_candidate_per_seat",
            ),
            # Room and seat are given together (or neither); a released candidate has none.
            models.CheckConstraint(
                condition=Q(room__isnull=True, seat__isnull=True)
                | Q(room__isnull=False, seat__isnull=False, status=CandidateStatus.ENROLLED),
                name="candidate_room_and_seat_together",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_number or '—'} {self.application}"

    @property
    def is_seated(self) -> bool:
        return self.seat is not None

    @property
    def seat_label(self) -> str:
        return self.room.seat_label(self.seat) if self.room_id else ""


class SeatLog(models.Model):
    """Every seat assignment: seating runs, manual moves, released seats (who, when, why)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("考试计划"), on_delete=models.CASCADE, related_name="seat_log"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("考生"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="seat_log",
    )
    action = models.CharField(_("操作"), max_length=10, choices=SeatAction.choices)
    from_room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_seat = models.PositiveSmallIntegerField(null=True, blank=True)
    to_room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_seat = models.PositiveSmallIntegerField(null=True, blank=True)
    ticket_number = models.CharField(_("准考证号"), max_length=32, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=60, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("座位编排记录")
        verbose_name_plural = _("座位编排记录")

    def __str__(self):
        return f"{self.get_action_display()} {self.candidate_id}"
