"""Seating: a whole plan at once (``plan_seat``, usually through the background task), and one
candidate by hand (``candidate_seat``). Both lock the plan's row, so seat changes of one plan
happen one after another and never after sealing (sealing locks the same row); the database's
unique constraints (one candidate per seat, one row per application, unique ticket numbers)
hold even for code that forgets. Every assignment is logged (SeatLog)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import CandidateStatus, SeatAction
from assessments.models import Candidate, ExamPlan, PlanRoom, SeatLog
from assessments.services.plans.arrangement import NotEnoughSeats, Person, RoomSpec, arrange
from assessments.services.plans.errors import PlanRefused, SeatTaken
from assessments.services.plans.rules import ensure_seating_open
from assessments.ticket_numbers import Layout, numberer_for

Progress = Callable[[int, int, str], None]
BATCH = 2000


@dataclass(frozen=True)
class SeatingResult:
    seated: int
    rooms_used: int


def _layout(plan_rooms: list[PlanRoom]) -> Layout:
    return Layout(
        max_room_number=max((pr.number for pr in plan_rooms), default=1),
        max_seat=max((pr.room.rows * pr.room.columns for pr in plan_rooms), default=1),
    )


def _numberer(plan: ExamPlan, plan_rooms: list[PlanRoom]):
    try:
        return numberer_for(plan, _layout(plan_rooms))
    except LookupError as error:
        raise PlanRefused(
            _("准考证号格式“%(name)s”不存在。") % {"name": plan.ticket_format}
        ) from error


def _actor_label(actor) -> str:
    return actor.get_username() if actor is not None else _("系统")


def plan_seat(*, plan: ExamPlan, actor=None, progress: Progress | None = None) -> SeatingResult:
    """Seat every enrolled candidate of the plan (again: earlier seats are replaced), as
    ``arrangement.arrange`` decides from the plan's seed; refused once the plan is sealed or when
    its rooms have too few seats."""
    report = progress or (lambda done, total, message: None)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        ensure_seating_open(plan)
        plan_rooms = list(plan.plan_rooms.select_related("room").order_by("number"))
        if not plan_rooms:
            raise PlanRefused(_("考试计划还没有考场。"))
        rows = list(
            Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED)
            .order_by("pk")
            .values_list(
                "pk",
                "room_id",
                "seat",
                "ticket_number",
                "employer",
                "training_class",
                "accessibility_needs",
            )
        )
        total = len(rows)
        report(0, total, _("正在计算座位…"))
        specs = [
            RoomSpec(
                room_id=pr.room_id,
                number=pr.number,
                columns=pr.room.columns,
                seats=tuple(pr.room.usable_seats),
                accessible=pr.room.is_accessible,
            )
            for pr in plan_rooms
        ]
        people = [
            Person(pk=pk, group=(employer or training_class), needs=bool(needs.strip()))
            for pk, _room, _seat, _ticket, employer, training_class, needs in rows
        ]
        try:
            placement = arrange(plan.seed, specs, people)
        except NotEnoughSeats as error:
            raise PlanRefused(
                _("考场座位不足：需要 %(needed)s 个，现有 %(available)s 个。")
                % {"needed": error.needed, "available": error.available}
            ) from error
        number_of = {pr.room_id: pr.number for pr in plan_rooms}
        ticket = _numberer(plan, plan_rooms)
        now = timezone.now()
        before = {pk: (room_id, seat, number) for pk, room_id, seat, number, *_rest in rows}
        values = [
            (pk, room_id, seat, ticket(number_of[room_id], seat))
            for pk, (room_id, seat) in placement.items()
        ]
        # Only candidates whose seat changes are written (and logged). Their earlier seats and
        # tickets are cleared first, so none collides with a row not yet moved.
        values = [v for v in values if before[v[0]] != v[1:]]
        moving = [pk for pk, *_rest in values if before[pk][1] is not None]
        if len(moving) == total:
            Candidate.objects.filter(plan=plan, seat__isnull=False).update(
                room=None, seat=None, ticket_number=None
            )
        elif moving:
            Candidate.objects.filter(pk__in=moving).update(room=None, seat=None, ticket_number=None)
        try:
            with transaction.atomic():
                for start in range(0, len(values), BATCH):
                    _write_seats(values[start : start + BATCH], now)
                    done = min(start + BATCH, len(values))
                    report(
                        done,
                        len(values),
                        _("已安排 %(done)s / %(total)s 名考生")
                        % {"done": done, "total": len(values)},
                    )
        except IntegrityError as error:  # a ticket number another plan already uses
            raise PlanRefused(
                _("生成的准考证号与其他考试计划重复，请修改计划编号后重新编排。")
            ) from error
        _write_log(
            plan,
            [(pk, *before[pk][:2], room_id, seat, number) for pk, room_id, seat, number in values],
            actor=actor,
            reason=_("随机种子 %(seed)s") % {"seed": plan.seed},
            now=now,
        )
        plan.seated_at = now
        plan.save(update_fields=["seated_at", "updated_at"])
        audit.record("assessments.plan_seat", actor=actor, target=plan, row_count=total)
        report(total, total, _("编排完成，共 %(total)s 名考生。") % {"total": total})
    return SeatingResult(seated=total, rooms_used=len({room for room, _seat in placement.values()}))


def _write_seats(values: list[tuple], now) -> None:
    """Set room, seat and ticket number of many candidates in one statement (on PostgreSQL the
    rows travel as four arrays, unnest()ed into a join)."""
    if connection.vendor == "postgresql":
        table = Candidate._meta.db_table
        ids, rooms, seats, tickets = (list(column) for column in zip(*values, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS c SET room_id = v.room_id, seat = v.seat, "
                f"ticket_number = v.ticket, seated_at = %s "
                f"FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::varchar[]) "
                f"AS v(id, room_id, seat, ticket) WHERE c.id = v.id",
                [now, ids, rooms, seats, tickets],
            )
        return
    objects = [
        Candidate(pk=pk, room_id=room_id, seat=seat, ticket_number=number, seated_at=now)
        for pk, room_id, seat, number in values
    ]
    Candidate.objects.bulk_update(objects, ["room", "seat", "ticket_number", "seated_at"])


LOG_COLUMNS = ("candidate", "from_room", "from_seat", "to_room", "to_seat", "ticket_number")


def _write_log(plan: ExamPlan, entries: list[tuple], *, actor, reason: str, now) -> None:
    """One SEATED log row per (candidate, from room, from seat, to room, to seat, ticket)."""
    label = _actor_label(actor)
    if not entries:
        return
    if connection.vendor == "postgresql":
        meta = SeatLog._meta
        columns = ", ".join(meta.get_field(name).column for name in LOG_COLUMNS)
        fixed = ", ".join(
            meta.get_field(name).column
            for name in ("plan", "action", "actor", "actor_label", "reason", "created_at")
        )
        arrays = [list(column) for column in zip(*entries, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {meta.db_table} ({columns}, {fixed}) "
                f"SELECT v.*, %s::bigint, %s::varchar, %s::integer, %s::varchar, %s::text, "
                f"%s::timestamptz FROM unnest(%s::bigint[], %s::bigint[], "
                f"%s::integer[], %s::bigint[], %s::integer[], %s::varchar[]) AS v",
                [plan.pk, SeatAction.SEATED.value, getattr(actor, "pk", None), label, reason, now]
                + arrays,
            )
        return
    SeatLog.objects.bulk_create(
        (
            SeatLog(
                plan=plan,
                candidate_id=pk,
                action=SeatAction.SEATED,
                from_room_id=from_room,
                from_seat=from_seat,
                to_room_id=to_room,
                to_seat=to_seat,
                ticket_number=number,
                actor=actor,
                actor_label=label,
                reason=reason,
                created_at=now,
            )
            for pk, from_room, from_seat, to_room, to_seat, number in entries
        ),
        batch_size=BATCH,
    )


def candidate_seat(
    *, candidate: Candidate, room, seat: int, actor=None, reason: str = ""
) -> Candidate:
    """Put one candidate in ``seat`` of ``room`` (a manual move, or a first seat), with a new
    ticket number; SeatTaken when another candidate has that seat (also one seated by a
    parallel request a moment earlier)."""
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=candidate.plan_id)
        ensure_seating_open(plan)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != CandidateStatus.ENROLLED:
            raise PlanRefused(_("该考生已退出考试计划，不能安排座位。"))
        plan_rooms = list(plan.plan_rooms.select_related("room"))
        plan_room = next((pr for pr in plan_rooms if pr.room_id == room.pk), None)
        if plan_room is None:
            raise PlanRefused(_("考场“%(room)s”不属于本考试计划。") % {"room": room})
        if seat not in plan_room.room.usable_seats:
            raise PlanRefused(
                _("考场“%(room)s”没有可用的 %(seat)s 号座位。") % {"room": room, "seat": seat}
            )
        holder = (
            Candidate.objects.filter(plan=plan, room=room, seat=seat)
            .exclude(pk=candidate.pk)
            .select_related("application")
            .first()
        )
        if holder is not None:
            raise SeatTaken(
                _("该座位已安排给考生 %(name)s（%(ticket)s）。")
                % {"name": holder.application.name, "ticket": holder.ticket_number}
            )
        before = (candidate.room_id, candidate.seat)
        candidate.room_id, candidate.seat = room.pk, seat
        candidate.ticket_number = _numberer(plan, plan_rooms)(plan_room.number, seat)
        candidate.seated_at = timezone.now()
        try:
            with transaction.atomic():
                candidate.save(update_fields=["room", "seat", "ticket_number", "seated_at"])
        except IntegrityError as error:  # the seat (or number) was taken in between
            raise SeatTaken(_("该座位刚刚被安排给其他考生，请换一个座位。")) from error
        SeatLog.objects.create(
            plan=plan,
            candidate=candidate,
            action=SeatAction.MOVED,
            from_room_id=before[0],
            from_seat=before[1],
            to_room_id=room.pk,
            to_seat=seat,
            ticket_number=candidate.ticket_number,
            actor=actor,
            actor_label=_actor_label(actor),
            reason=reason.strip(),
        )
        audit.record(
            "assessments.seat_move",
            actor=actor,
            target=plan,
            object_label=candidate.ticket_number,
            detail=reason.strip(),
        )
    return candidate
