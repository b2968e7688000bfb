"""Where each candidate sits: a pure function of the plan's seed, its rooms and its candidates
(no database), so the same inputs always give the same seating.

1. Candidates are shuffled with the plan's seed (after sorting by id, so the database's row
   order does not matter).
2. Those with accessibility needs are placed first: in accessible rooms first, front seats.
3. The rooms needed are filled in order (fewest rooms used); the others are dealt to those rooms
   in turn, largest employer/training-class groups first, so a group is spread over the rooms.
4. In each room, seats are taken front to back; each seat goes to the largest remaining group
   that no already-seated neighbour (left, front, front-left, front-right) belongs to — when
   every remaining group has such a neighbour the room cannot keep them apart, and the largest
   group takes it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RoomSpec:
    room_id: int
    number: int  # the room's number within the plan
    columns: int
    seats: tuple[int, ...]  # usable seat numbers, front first
    accessible: bool = False


@dataclass(frozen=True)
class Person:
    pk: int
    group: str = ""  # employer or training class; "" for none
    needs: bool = False  # accessibility needs


class NotEnoughSeats(Exception):
    def __init__(self, needed: int, available: int):
        super().__init__(f"{needed} > {available}")
        self.needed, self.available = needed, available


def arrange(seed: int, rooms: Sequence[RoomSpec], people: Sequence[Person]) -> dict[int, tuple]:
    """pk → (room_id, seat) for every person."""
    available = sum(len(r.seats) for r in rooms)
    if len(people) > available:
        raise NotEnoughSeats(len(people), available)
    rng = random.Random(seed)
    order = sorted(people, key=lambda p: p.pk)
    rng.shuffle(order)
    rooms = sorted(rooms, key=lambda r: r.number)
    left = {r.room_id: len(r.seats) for r in rooms}
    members: dict[int, list[Person]] = defaultdict(list)

    needs = [p for p in order if p.needs]
    for person in needs:
        room = next(r for r in sorted(rooms, key=lambda r: not r.accessible) if left[r.room_id])
        members[room.room_id].append(person)
        left[room.room_id] -= 1

    rest = [p for p in order if not p.needs]
    quota: dict[int, int] = {}
    remaining = len(rest)
    for room in rooms:
        take = min(left[room.room_id], remaining)
        if take:
            quota[room.room_id] = take
            remaining -= take
    groups: dict[Hashable, list[Person]] = defaultdict(list)
    for person in rest:
        groups[person.group or ("", person.pk)].append(person)
    dealt = [p for g in sorted(groups.values(), key=len, reverse=True) for p in g]
    cycle = [r.room_id for r in rooms if quota.get(r.room_id)]
    turn = 0
    for person in dealt:
        while not quota[cycle[turn % len(cycle)]]:
            turn += 1
        room_id = cycle[turn % len(cycle)]
        members[room_id].append(person)
        quota[room_id] -= 1
        turn += 1

    placement: dict[int, tuple] = {}
    for room in rooms:
        placement.update(_seat_room(room, members.get(room.room_id, [])))
    return placement


def _seat_room(room: RoomSpec, people: list[Person]) -> dict[int, tuple]:
    """Seat ``people`` (accessibility needs first, in the front seats) in ``room``."""
    seats = room.seats[: len(people)]
    group_at: dict[int, Hashable] = {}
    placement: dict[int, tuple] = {}
    first = [p for p in people if p.needs]
    remaining: dict[Hashable, list[Person]] = {}
    for person in people:
        if not person.needs:
            remaining.setdefault(person.group or ("", person.pk), []).append(person)
    columns = room.columns
    for index, seat in enumerate(seats):
        if index < len(first):
            person = first[index]
            key = person.group or ("", person.pk)
        else:
            column = (seat - 1) % columns
            near = [seat - columns]
            if column:
                near += [seat - 1, seat - columns - 1]
            if column < columns - 1:
                near.append(seat - columns + 1)
            taken = {group_at.get(n) for n in near}
            key = max(
                remaining,
                key=lambda k: (k not in taken, len(remaining[k])),
            )  # max keeps the first of equals: deterministic (insertion order)
            person = remaining[key].pop()
            if not remaining[key]:
                del remaining[key]
        group_at[seat] = key
        placement[person.pk] = (room.room_id, seat)
    return placement
