"""Ticket-number (准考证号) formats: a registry of named formats; a plan names the one it uses
(``ExamPlan.ticket_format``).

A format is a function ``(plan, layout) -> callable(room_number, seat) -> str`` (the outer call
is made once per seating run, so it may look up what it needs once). ``layout`` tells the
largest room number and seat of the run, so formats can pick widths that keep numbers unique.
The database keeps ticket numbers unique in any case (``Candidate.ticket_number``).

    @register_ticket_format("year-prefix", _("年份 + 计划编号 + 考场 + 座位"))
    def year_prefix(plan, layout):
        ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Layout:
    max_room_number: int
    max_seat: int


TicketNumberer = Callable[[int, int], str]
TicketFormat = Callable[[object, Layout], TicketNumberer]

#: name → (label, format)
TICKET_FORMATS: dict[str, tuple[str, TicketFormat]] = {}


def register_ticket_format(name: str, label) -> Callable[[TicketFormat], TicketFormat]:
    def decorator(fmt: TicketFormat) -> TicketFormat:
        TICKET_FORMATS[name] = (label, fmt)
        return fmt

    return decorator


def ticket_format_choices() -> list[tuple[str, str]]:
    return [(name, str(label)) for name, (label, _fmt) in TICKET_FORMATS.items()]


def numberer_for(plan, layout: Layout) -> TicketNumberer:
    """The plan's numbering function for this layout (LookupError for an unknown format)."""
    try:
        _label, fmt = TICKET_FORMATS[plan.ticket_format]
    except KeyError as error:
        raise LookupError(plan.ticket_format) from error
    return fmt(plan, layout)


@register_ticket_format("default", _("计划编号 + 2位考场号 + 2位座位号"))
def plan_room_seat(plan, layout: Layout) -> TicketNumberer:
    """Plan code, room number within the plan and seat, each at least two digits (more when a
    plan has 100 rooms or a room 100 seats, so every number has the same length)."""
    room_width = max(2, len(str(layout.max_room_number)))
    seat_width = max(2, len(str(layout.max_seat)))
    code = plan.code

    def number(room_number: int, seat: int) -> str:
        return f"{code}{room_number:0{room_width}d}{seat:0{seat_width}d}"

    return number
