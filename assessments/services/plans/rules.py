"""Plans, their components and rooms, the staff assigned to them, and the plan's status.

Rules: a plan changes only as PLAN_TRANSITIONS allows; no component in the past; the theory
exam lasts ≥ ASSESSMENTS_MIN_THEORY_MINUTES; the review component only for 二级/一级; a room is
never used by two plans at overlapping times; a plan is sealed only when every candidate has a
seat, every room has ≥ ASSESSMENTS_MIN_INVIGILATORS_PER_ROOM invigilators and one per
ASSESSMENTS_CANDIDATES_PER_INVIGILATOR candidates, and a 二级/一级 plan has a review panel of an
odd number ≥ ASSESSMENTS_MIN_REVIEW_PANEL of assessors; once sealed, seating is frozen.
"""

from __future__ import annotations

from datetime import date, datetime, time
from math import ceil

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import (
    PLAN_TRANSITIONS,
    REVIEW_LEVELS,
    CandidateStatus,
    ComponentKind,
    PlanStatus,
    RoomRole,
)
from assessments.models import (
    ExamPlan,
    PlanComponent,
    PlanRoom,
    ReviewPanelMember,
    Room,
    RoomAssignment,
)
from assessments.selectors.plans import can_invigilate
from assessments.services.plans.config import plan_setting
from assessments.services.plans.errors import PlanRefused
from occupations.choices import Level

EDITABLE = (PlanStatus.DRAFT, PlanStatus.OPEN)


def _locked(plan: ExamPlan) -> ExamPlan:
    return ExamPlan.objects.select_for_update().get(pk=plan.pk)


def ensure_editable(plan: ExamPlan) -> None:
    if plan.status not in EDITABLE:
        raise PlanRefused(
            _("考试计划“%(plan)s”已%(status)s，不能再修改安排。")
            % {"plan": plan, "status": plan.get_status_display()}
        )


def ensure_seating_open(plan: ExamPlan) -> None:
    if plan.is_seating_frozen:
        raise PlanRefused(
            _("考试计划“%(plan)s”已%(status)s，座位已冻结，不能再编排或调整。")
            % {"plan": plan, "status": plan.get_status_display()}
        )


# --- plans ------------------------------------------------------------------------------------


def plan_create(
    *,
    exam_period,
    occupation,
    level: int,
    code: str,
    specialty_slug: str = "",
    title: str = "",
    forms=(),
    actor=None,
) -> ExamPlan:
    """A draft plan for one occupation, specialty (by slug; "" when it has none) and level of a
    registration batch; ``forms`` are the registration forms whose approved applications it
    enrols."""
    code = code.strip().upper()
    specialty = ""
    if specialty_slug:
        found = occupation.specialties.filter(slug=specialty_slug).first()
        if found is None:
            raise PlanRefused(_("该职业没有这个工种/方向。"))
        specialty = found.name
    level_label = Level(level).label
    with transaction.atomic():
        try:
            with transaction.atomic():
                plan = ExamPlan.objects.create(
                    exam_period=exam_period,
                    occupation=occupation,
                    specialty=specialty,
                    specialty_slug=specialty_slug,
                    level=level,
                    code=code,
                    title=title or f"{exam_period} {occupation.title}{specialty} {level_label}",
                    created_by=actor,
                )
        except IntegrityError as error:
            raise PlanRefused(_("计划编号 %(code)s 已被使用。") % {"code": code}) from error
        for form in forms:
            _check_form(plan, form)
        plan.forms.set(forms)
        audit.record("assessments.plan_create", actor=actor, target=plan)
    return plan


def _check_form(plan: ExamPlan, form) -> None:
    if form.occupation_id != plan.occupation_id or form.exam_period_id != plan.exam_period_id:
        raise PlanRefused(
            _("报名表“%(form)s”不属于本计划的职业和报名批次。") % {"form": form.title}
        )


def plan_forms_set(*, plan: ExamPlan, forms, actor=None) -> ExamPlan:
    with transaction.atomic():
        plan = _locked(plan)
        ensure_editable(plan)
        for form in forms:
            _check_form(plan, form)
        plan.forms.set(forms)
    return plan


def component_set(
    *,
    plan: ExamPlan,
    kind: str,
    date: date,
    start: time,
    duration_minutes: int,
    venue,
    computer_based: bool = False,
    actor=None,
    now: datetime | None = None,
) -> PlanComponent:
    """Add or change the plan's component ``kind``: when, how long and where."""
    kind = ComponentKind(kind)
    with transaction.atomic():
        plan = _locked(plan)
        ensure_editable(plan)
        if kind == ComponentKind.REVIEW and plan.level not in REVIEW_LEVELS:
            raise PlanRefused(_("只有二级/技师和一级/高级技师的考试计划有综合评审。"))
        minimum = plan_setting("ASSESSMENTS_MIN_THEORY_MINUTES")
        if kind == ComponentKind.THEORY and duration_minutes < minimum:
            raise PlanRefused(
                _("理论知识考试时长不得少于 %(minutes)s 分钟。") % {"minutes": minimum}
            )
        if duration_minutes <= 0:
            raise PlanRefused(_("时长必须大于 0 分钟。"))
        starts_at = timezone.make_aware(datetime.combine(date, start))
        if starts_at <= (now or timezone.now()):
            raise PlanRefused(
                _("考试时间 %(when)s 已过，不能安排在过去。") % {"when": _local(starts_at)}
            )
        component = plan.components.filter(kind=kind).first() or PlanComponent(plan=plan, kind=kind)
        component.date, component.start = date, start
        component.duration_minutes = duration_minutes
        component.venue = venue
        component.computer_based = computer_based
        component.save()
        for plan_room in plan.plan_rooms.select_related("room"):
            _check_room_free(plan, plan_room.room)
            _check_computer_room(plan, plan_room.room)
    return component


# --- rooms --------------------------------------------------------------------------------------


def _windows(plan: ExamPlan, room: Room) -> list[tuple[datetime, datetime]]:
    """When ``plan`` occupies ``room``: its components held at the room's venue (every component
    when none names that venue)."""
    components = list(plan.components.all())
    here = [c for c in components if c.venue_id == room.venue_id] or components
    return [(c.starts_at, c.ends_at) for c in here]


def _check_room_free(plan: ExamPlan, room: Room) -> None:
    """Refuse when another plan (not closed) uses ``room`` at a time overlapping this plan's."""
    mine = _windows(plan, room)
    others = (
        ExamPlan.objects.filter(plan_rooms__room=room)
        .exclude(pk=plan.pk)
        .exclude(status=PlanStatus.CLOSED)
        .prefetch_related("components")
    )
    for other in others:
        for start, end in _windows(other, room):
            if any(start < my_end and my_start < end for my_start, my_end in mine):
                raise PlanRefused(
                    _("考场“%(room)s”在 %(when)s 已被考试计划“%(other)s”使用，时间重叠。")
                    % {
                        "room": room,
                        "when": _local(start),
                        "other": other,
                    }
                )


def _check_computer_room(plan: ExamPlan, room: Room) -> None:
    computer_theory = plan.components.filter(
        kind=ComponentKind.THEORY, computer_based=True, venue_id=room.venue_id
    ).exists()
    if computer_theory and not room.is_computer_room:
        raise PlanRefused(_("理论知识考试为机考，考场“%(room)s”不是机房。") % {"room": room})


def plan_room_add(*, plan: ExamPlan, room: Room, actor=None) -> PlanRoom:
    """Use ``room`` in the plan, numbered after its other rooms."""
    with transaction.atomic():
        plan = _locked(plan)
        ensure_seating_open(plan)
        ensure_editable(plan)
        Room.objects.select_for_update().get(pk=room.pk)  # two plans adding it wait in turn
        if plan.plan_rooms.filter(room=room).exists():
            raise PlanRefused(_("考场“%(room)s”已在本计划中。") % {"room": room})
        _check_room_free(plan, room)
        _check_computer_room(plan, room)
        last = plan.plan_rooms.order_by("-number").values_list("number", flat=True).first()
        return PlanRoom.objects.create(plan=plan, room=room, number=(last or 0) + 1)


def plan_room_remove(*, plan_room: PlanRoom, actor=None) -> None:
    with transaction.atomic():
        plan = _locked(plan_room.plan)
        ensure_seating_open(plan)
        seated = plan.candidates.filter(room_id=plan_room.room_id).count()
        if seated:
            raise PlanRefused(
                _("考场“%(room)s”已安排 %(n)s 名考生，请先调整他们的座位。")
                % {"room": plan_room.room, "n": seated}
            )
        plan_room.delete()


def _local(moment: datetime) -> str:
    """A moment as staff read it in a message: local time, 2025年12月20日 09:00."""
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


# --- staff --------------------------------------------------------------------------------------


def _check_staff(user) -> None:
    if not user.is_active or not (user.is_staff or user.has_perm("wagtailadmin.access_admin")):
        raise PlanRefused(_("“%(user)s”不是在职的工作人员。") % {"user": user.get_username()})


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def room_staff_assign(
    *, plan_room: PlanRoom, user, role: str = RoomRole.INVIGILATOR, actor=None
) -> RoomAssignment:
    """Assign a staff user to a plan's room as invigilator (监考员) or assessor (考评员)."""
    with transaction.atomic():
        plan = _locked(plan_room.plan)
        if plan.status in (PlanStatus.HELD, PlanStatus.CLOSED):
            ensure_editable(plan)
        _check_staff(user)
        if role == RoomRole.INVIGILATOR and not can_invigilate(user):
            raise PlanRefused(
                _("“%(user)s”没有考生签到权限，不能担任监考员。") % {"user": _name(user)}
            )
        try:
            with transaction.atomic():
                return RoomAssignment.objects.create(
                    plan_room=plan_room, user=user, role=RoomRole(role)
                )
        except IntegrityError as error:
            raise PlanRefused(
                _("“%(user)s”已安排在该考场。") % {"user": user.get_username()}
            ) from error


def room_staff_remove(*, assignment: RoomAssignment, actor=None) -> None:
    with transaction.atomic():
        plan = _locked(assignment.plan_room.plan)
        ensure_seating_open(plan)
        assignment.delete()


def review_panel_add(*, plan: ExamPlan, user, is_chair: bool = False, actor=None):
    with transaction.atomic():
        plan = _locked(plan)
        if plan.level not in REVIEW_LEVELS:
            raise PlanRefused(_("只有二级/技师和一级/高级技师的考试计划有综合评审专家组。"))
        ensure_seating_open(plan)
        _check_staff(user)
        member, _created = ReviewPanelMember.objects.update_or_create(
            plan=plan, user=user, defaults={"is_chair": is_chair}
        )
        return member


def review_panel_remove(*, member: ReviewPanelMember, actor=None) -> None:
    with transaction.atomic():
        ensure_seating_open(_locked(member.plan))
        member.delete()


# --- status -----------------------------------------------------------------------------------


def open_problems(plan: ExamPlan, *, now: datetime | None = None) -> list[str]:
    """What stops the plan from opening (being staffed and seated), in Chinese; [] when none."""
    now = now or timezone.now()
    problems = []
    kinds = {c.kind: c for c in plan.components.all()}
    required = [ComponentKind.THEORY, ComponentKind.SKILLS]
    if plan.level in REVIEW_LEVELS:
        required.append(ComponentKind.REVIEW)
    for kind in required:
        if kind not in kinds:
            problems.append(_("尚未安排%(kind)s。") % {"kind": kind.label})
    for component in kinds.values():
        if component.starts_at <= now:
            problems.append(_("%(kind)s的时间已过。") % {"kind": component.get_kind_display()})
    return problems


def seal_problems(plan: ExamPlan, *, now: datetime | None = None) -> list[str]:
    """What stops the plan from being sealed, in Chinese; [] when it may be sealed."""
    problems = open_problems(plan, now=now)
    enrolled = plan.candidates.filter(status=CandidateStatus.ENROLLED)
    if not enrolled.exists():
        problems.append(_("计划还没有考生。"))
    unseated = enrolled.filter(seat__isnull=True).count()
    if unseated:
        problems.append(_("还有 %(n)s 名考生未安排座位。") % {"n": unseated})
    minimum = plan_setting("ASSESSMENTS_MIN_INVIGILATORS_PER_ROOM")
    per = plan_setting("ASSESSMENTS_CANDIDATES_PER_INVIGILATOR")
    rooms = plan.plan_rooms.select_related("room").prefetch_related(
        Prefetch(
            "assignments",
            queryset=RoomAssignment.objects.filter(role=RoomRole.INVIGILATOR).select_related(
                "user"
            ),
            to_attr="invigilator_assignments",
        )
    )
    seated = dict(
        enrolled.filter(seat__isnull=False)
        .values_list("room_id")
        .annotate(n=Count("pk"))
        .values_list("room_id", "n")
    )
    for plan_room in rooms:
        count = seated.get(plan_room.room_id, 0)
        if not count:
            continue  # an empty room needs nobody
        able = 0
        for assignment in plan_room.invigilator_assignments:
            if can_invigilate(assignment.user):
                able += 1
            else:  # counts for nothing: could not check anyone in at the door
                problems.append(
                    _("%(room)s的监考员“%(user)s”没有考生签到权限。")
                    % {"room": plan_room, "user": _name(assignment.user)}
                )
        needed = max(minimum, ceil(count / per))
        if able < needed:
            problems.append(
                _("%(room)s有 %(n)s 名考生，需要至少 %(need)s 名监考员，现有 %(have)s 名。")
                % {
                    "room": plan_room,
                    "n": count,
                    "need": needed,
                    "have": able,
                }
            )
    if plan.level in REVIEW_LEVELS:
        panel = plan.review_panel.count()
        smallest = plan_setting("ASSESSMENTS_MIN_REVIEW_PANEL")
        if panel < smallest or panel % 2 == 0:
            problems.append(
                _("综合评审专家组须为不少于 %(min)s 人的单数，现有 %(n)s 人。")
                % {"min": smallest, "n": panel}
            )
    return problems


def plan_transition(
    *, plan: ExamPlan, to: str, actor=None, reason: str = "", now: datetime | None = None
) -> ExamPlan:
    """Move the plan to status ``to`` (PLAN_TRANSITIONS), checking what that status needs."""
    to = PlanStatus(to)
    with transaction.atomic():
        plan = _locked(plan)
        current = PlanStatus(plan.status)
        if to not in PLAN_TRANSITIONS[current]:
            raise PlanRefused(
                _("考试计划不能从“%(from)s”改为“%(to)s”。")
                % {"from": current.label, "to": to.label}
            )
        if to == PlanStatus.OPEN:
            problems = open_problems(plan, now=now)
        elif to == PlanStatus.SEALED:
            problems = seal_problems(plan, now=now)
        elif to == PlanStatus.HELD:
            first = plan.components.order_by("date", "start").first()
            problems = (
                [_("考试尚未开始，不能标记为已考试。")]
                if first is None or first.starts_at > (now or timezone.now())
                else []
            )
        else:
            problems = []
        if problems:
            raise PlanRefused(" ".join(problems))
        plan.status = to
        if to == PlanStatus.SEALED:
            plan.sealed_at = timezone.now()
        plan.save(update_fields=["status", "sealed_at", "updated_at"])
        audit.record(
            "assessments.plan_status",
            actor=actor,
            target=plan,
            detail=f"{current.label} → {to.label} {reason}".strip(),
        )
    return plan
