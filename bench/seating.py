"""Seating 10,000 candidates into 300 rooms (assessments.services.plans.plan_seat), next to a
baseline measured in the same run: a naive seating of the same unseated candidates (shuffle, fill
seats in order, Django ``bulk_update`` plus the same log rows), with no spreading, no
accessibility order, no locks. Printed twice: the first seating of freshly enrolled candidates,
and seating them again with a new seed (every seat changes: the old seats are cleared first).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_exam .venv/bin/python bench/seating.py
    .venv/bin/python bench/seating.py --candidates 10000 --rooms 300 --repeat 3

Without DATABASE_URL a temporary SQLite database is migrated first. The data (an occupation page
under a root of its own, a batch, a plan, 300 rooms of 5 × 7 seats, approved applications and
candidates: 200 employers, 40 training classes, 50 people with accessibility needs) is made with
bulk_create and deleted at the end. Target (issue 12): < 5 s for 10,000 candidates / 300 rooms.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 5.0


def setup(database_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")
    os.environ.setdefault("PERSONAL_DATA_KEYS", "bGSFfvx3dJ9xBv8cY8V6qk0Kk6gd5oLq1m5pNsTQ0aM=")
    os.environ.setdefault("PERSONAL_DATA_HMAC_KEY", "bench-only-hmac-key-" + "x" * 20)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def build(candidates: int, rooms: int):
    from django.conf import settings
    from django.db import transaction
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    from assessments.models import Candidate, ExamPlan, PlanComponent, PlanRoom, Room, Venue
    from forms_app.crypto import lookup_hash
    from forms_app.models import Application, ExamPeriod
    from occupations.models import OccupationPage
    from tests.assessments.factories import exam_day

    tag = uuid.uuid4().hex[:8]
    rng = random.Random(1)
    with transaction.atomic():
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="编排基准", slug=f"bench-seating-{tag}"))
        occupation = root.add_child(instance=OccupationPage(title="编排基准职业", slug=f"o-{tag}"))
        period = ExamPeriod.objects.create(name=f"编排基准批次 {tag}")
        plan = ExamPlan.objects.create(
            exam_period=period, occupation=occupation, level=4, code=f"B{tag[:6].upper()}"
        )
        venue = Venue.objects.create(name=f"编排基准考点 {tag}")
        PlanComponent.objects.create(
            plan=plan,
            kind="theory",
            date=exam_day(),
            start="09:00",
            duration_minutes=90,
            venue=venue,
        )
        made_rooms = Room.objects.bulk_create(
            Room(
                venue=venue,
                name=f"{n:03d}",
                rows=5,
                columns=7,
                capacity=35,
                is_accessible=n < 3,
                unusable_seats=[35] if n % 10 == 0 else [],
            )
            for n in range(rooms)
        )
        PlanRoom.objects.bulk_create(
            PlanRoom(plan=plan, room=room, number=n) for n, room in enumerate(made_rooms, 1)
        )
        hashed = lookup_hash("13800138000")
        applications = Application.objects.bulk_create(
            Application(
                number=f"BS{tag[:6]}{n:06d}",
                occupation=occupation,
                level=4,
                exam_period=period,
                name="考生",
                id_number="",
                id_number_hash=f"{tag}{n}",
                id_number_masked="1525**********0000",
                mobile="",
                mobile_hash=hashed,
                mobile_masked="138****8000",
                status="approved",
            )
            for n in range(candidates)
        )
        Candidate.objects.bulk_create(
            Candidate(
                plan=plan,
                application=application,
                employer=f"单位{rng.randrange(200)}" if n % 2 else "",
                training_class=f"培训班{rng.randrange(40)}" if n % 3 == 0 else "",
                accessibility_needs="轮椅" if n < 50 else "",
            )
            for n, application in enumerate(applications)
        )
    return plan, root


def remove(plan, root) -> None:
    from django.db import transaction

    from assessments.models import Candidate, ExamPlan, Room, SeatLog
    from forms_app.models import Application

    with transaction.atomic():
        rooms = list(Room.objects.filter(plan_rooms__plan=plan))
        venue = rooms[0].venue
        period, occupation = plan.exam_period, plan.occupation
        SeatLog.objects.filter(plan=plan).delete()
        Candidate.objects.filter(plan=plan).delete()
        ExamPlan.objects.filter(pk=plan.pk).delete()
        Room.objects.filter(pk__in=[r.pk for r in rooms]).delete()
        venue.delete()
        Application.objects.filter(exam_period=period).delete()
        occupation.delete()
        root.delete()
        period.delete()


def reset(plan) -> None:
    """No seats and no log: as a plan whose candidates were just enrolled."""
    from assessments.models import Candidate, SeatLog

    Candidate.objects.filter(plan=plan).update(room=None, seat=None, ticket_number=None)
    SeatLog.objects.filter(plan=plan).delete()


def naive(plan) -> None:
    """The baseline: shuffle, fill seats in room order, bulk_update, log rows."""
    from django.db import transaction
    from django.utils import timezone

    from assessments.models import Candidate, SeatLog

    with transaction.atomic():
        people = list(Candidate.objects.filter(plan=plan).order_by("pk").only("pk"))
        random.Random(plan.seed).shuffle(people)
        seats = [
            (pr.room_id, pr.number, seat)
            for pr in plan.plan_rooms.select_related("room").order_by("number")
            for seat in pr.room.usable_seats
        ]
        now = timezone.now()
        for person, (room_id, number, seat) in zip(people, seats, strict=False):
            person.room_id, person.seat, person.seated_at = room_id, seat, now
            person.ticket_number = f"{plan.code}{number:03d}{seat:02d}"
        Candidate.objects.bulk_update(
            people, ["room", "seat", "ticket_number", "seated_at"], batch_size=1000
        )
        SeatLog.objects.bulk_create(
            (
                SeatLog(
                    plan=plan,
                    candidate=p,
                    action="seated",
                    to_room_id=p.room_id,
                    to_seat=p.seat,
                    ticket_number=p.ticket_number,
                )
                for p in people
            ),
            batch_size=2000,
        )


def check(plan) -> str:
    from collections import Counter

    from assessments.models import Candidate

    rows = list(Candidate.objects.filter(plan=plan).values_list("room_id", "seat", "employer"))
    per_seat = Counter((room, seat) for room, seat, _e in rows)
    unseated = sum(1 for _room, seat, _e in rows if seat is None)
    doubled = sum(1 for n in per_seat.values() if n > 1)
    return f"{len(rows)} candidates, {unseated} unseated, {doubled} double-booked seats"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--rooms", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL")
    temporary = None
    if not database_url:
        temporary = tempfile.TemporaryDirectory(prefix="bench-seating-")
        database_url = f"sqlite:///{temporary.name}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": database_url}
        env.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
    setup(database_url)
    from django.db import connection

    from assessments.services.plans import plan_seat

    print(f"database: {connection.vendor}; {args.candidates} candidates, {args.rooms} rooms")
    started = time.perf_counter()
    plan, root = build(args.candidates, args.rooms)
    print(f"built in {time.perf_counter() - started:.1f} s")
    try:
        baseline, first, again = [], [], []
        for _n in range(args.repeat):
            reset(plan)
            started = time.perf_counter()
            naive(plan)
            baseline.append(time.perf_counter() - started)
            reset(plan)
            started = time.perf_counter()
            result = plan_seat(plan=plan)
            first.append(time.perf_counter() - started)
            plan.seed += 1
            plan.save(update_fields=["seed"])
            started = time.perf_counter()
            plan_seat(plan=plan)  # a new seed: nearly every seat changes
            again.append(time.perf_counter() - started)
        print(f"baseline (naive shuffle + bulk_update + log, no spreading): {min(baseline):.2f} s")
        for label, times in (("first seating", first), ("reseating with a new seed", again)):
            best = min(times)
            print(
                f"plan_seat, {label} (spread, accessibility, lock, log): {best:.2f} s "
                f"({result.seated} seated in {result.rooms_used} rooms); "
                f"target < {TARGET_SECONDS:.0f} s: {'met' if best < TARGET_SECONDS else 'NOT met'}"
            )
        print(f"check: {check(plan)}")
    finally:
        remove(plan, root)
        if temporary is not None:
            temporary.cleanup()


if __name__ == "__main__":
    main()
