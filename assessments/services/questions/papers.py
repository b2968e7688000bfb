"""Papers after the draw: sealing to an exam plan, and the 发卷/回收 record of each room."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import DistributionStage, PaperStatus, RoomRole
from assessments.models import (
    ExamPlan,
    Paper,
    PaperDistribution,
    PaperDistributionSignature,
    PlanRoom,
    RoomAssignment,
)
from assessments.services.questions.audit import (
    PAPER_DISTRIBUTION,
    PAPER_DISTRIBUTION_SIGN,
    PAPER_SEAL,
)

ACCESS = "assessments.access_paper"
CHANGE = "assessments.change_paper"


class PaperRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require(actor, *permissions: str) -> None:
    if not all(actor.has_perm(p) for p in permissions):
        raise PaperRefused(_("您没有管理试卷的权限。"))


@transaction.atomic
def paper_seal(*, paper: Paper, plan: ExamPlan, actor) -> Paper:
    """Seal a drawn paper to an exam plan of the same occupation and level: from now on its
    questions are never changed in place (an edit makes a new version)."""
    _require(actor, ACCESS, CHANGE)
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if paper.status == PaperStatus.SEALED:
        raise PaperRefused(_("试卷已封存。"))
    if plan.occupation_id != paper.occupation_id or plan.level != paper.level:
        raise PaperRefused(_("考试计划的职业或等级与试卷不同。"))
    paper.status = PaperStatus.SEALED
    paper.plan = plan
    paper.sealed_by, paper.sealed_at = actor, timezone.now()
    paper.save(update_fields=["status", "plan", "sealed_by", "sealed_at"])
    audit.record(PAPER_SEAL, actor=actor, target=paper, detail=str(plan))
    return paper


def room_invigilators(plan_room: PlanRoom):
    """The users assigned to the room as invigilators (监考员), who sign its paper record."""
    return [
        a.user
        for a in RoomAssignment.objects.filter(
            plan_room=plan_room, role=RoomRole.INVIGILATOR
        ).select_related("user").order_by("pk")
    ]  # fmt: skip


@transaction.atomic
def distribution_out(
    *, paper: Paper, plan_room: PlanRoom, form_label: str, copies: int, actor
) -> PaperDistribution:
    """发卷: a form's copies handed to a room of the plan the paper is sealed to. The room's
    invigilators then confirm the count themselves (``distribution_sign``)."""
    _require(actor, ACCESS, CHANGE)
    if paper.status != PaperStatus.SEALED or paper.plan_id != plan_room.plan_id:
        raise PaperRefused(_("只能向试卷封存到的考试计划的考场发卷。"))
    form = paper.forms.filter(label=form_label).first()
    if form is None:
        raise PaperRefused(_("试卷没有%(label)s卷。") % {"label": form_label})
    if copies < 1:
        raise PaperRefused(_("发出份数应至少为 1。"))
    if PaperDistribution.objects.filter(paper=paper, plan_room=plan_room).exists():
        raise PaperRefused(_("该考场已登记发卷。"))
    record = PaperDistribution.objects.create(
        paper=paper, form=form, plan_room=plan_room, copies_out=copies,
        out_at=timezone.now(), recorded_by=actor,
    )  # fmt: skip
    audit.record(
        PAPER_DISTRIBUTION, actor=actor, target=paper,
        detail=_("发卷 %(room)s %(label)s卷 %(n)s 份") % {
            "room": plan_room, "label": form_label, "n": copies},
    )  # fmt: skip
    return record


@transaction.atomic
def distribution_back(
    *, record: PaperDistribution, copies: int, actor, note: str = ""
) -> PaperDistribution:
    """回收: the copies that came back; fewer than went out needs a note saying why. The
    invigilators confirm the count themselves (``distribution_sign``)."""
    _require(actor, ACCESS, CHANGE)
    record = PaperDistribution.objects.select_for_update().get(pk=record.pk)
    if record.back_at is not None:
        raise PaperRefused(_("该考场已登记回收。"))
    if copies > record.copies_out:
        raise PaperRefused(_("回收份数不能多于发出份数（%(n)s）。") % {"n": record.copies_out})
    if copies < record.copies_out and not note.strip():
        raise PaperRefused(_("回收份数少于发出份数，请在说明中写明原因。"))
    record.copies_back = copies
    record.back_at = timezone.now()
    record.note = note.strip()[:300]
    record.save(update_fields=["copies_back", "back_at", "note"])
    audit.record(
        PAPER_DISTRIBUTION, actor=actor, target=record.paper,
        detail=_("回收 %(room)s %(n)s/%(out)s 份") % {
            "room": record.plan_room, "n": copies, "out": record.copies_out},
    )  # fmt: skip
    return record


@dataclass(frozen=True)
class Signed:
    signature: PaperDistributionSignature
    created: bool  # False: the invigilator had already signed (nothing changed)


@transaction.atomic
def distribution_sign(*, record: PaperDistribution, stage: str, actor) -> Signed:
    """签字确认: an invigilator assigned to the record's room confirms its 发卷 or 回收 count
    from their own account. Signing twice changes nothing; nobody else can sign for them."""
    record = PaperDistribution.objects.select_for_update().get(pk=record.pk)
    if stage not in DistributionStage.values:
        raise PaperRefused(_("未知的签字环节。"))
    assigned = RoomAssignment.objects.filter(
        plan_room_id=record.plan_room_id, user_id=getattr(actor, "pk", None),
        role=RoomRole.INVIGILATOR,
    ).exists()  # fmt: skip
    if not assigned:
        raise PaperRefused(_("只有该考场的监考员本人可以签字确认。"))
    if stage == DistributionStage.BACK and record.back_at is None:
        raise PaperRefused(_("该考场尚未登记回收，暂不能签字确认回收份数。"))
    existing = record.signatures.filter(stage=stage, invigilator=actor).first()
    if existing is not None:
        return Signed(existing, created=False)
    copies = record.copies_out if stage == DistributionStage.OUT else record.copies_back
    signature = PaperDistributionSignature.objects.create(
        distribution=record, stage=stage, invigilator=actor, copies=copies,
        signed_at=timezone.now(),
    )  # fmt: skip
    audit.record(
        PAPER_DISTRIBUTION_SIGN, actor=actor, target=record.paper,
        detail=_("%(room)s %(stage)s %(n)s 份 监考员签字确认") % {
            "room": record.plan_room, "stage": DistributionStage(stage).label, "n": copies},
    )  # fmt: skip
    return Signed(signature, created=True)
