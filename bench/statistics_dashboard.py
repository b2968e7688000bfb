"""The statistics dashboard's queries over 100,000 applications: seconds per chart, next to a
baseline (``SELECT count(*)`` over the same applications) measured in the same run.

    DATABASE_URL=postgres://… .venv/bin/python bench/statistics_dashboard.py [--rows 100000]

The applications (12 occupations' worth of levels and statuses, spread over a year) are made
with bulk_create in their own registration batch and deleted afterwards; the school's content is
loaded first when the database has no occupations. Each chart is timed unfiltered and filtered
by the batch and by one occupation, best of 3. Target (issue 13): every chart < 1 s.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

# run as a script, bench/ comes first on the path and this file would hide the standard
# library's `statistics` module from everything imported later
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 1.0


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_applications(rows: int, tag: str):
    from django.db import connection
    from django.utils import timezone

    from forms_app.crypto import encrypt
    from forms_app.models import Application, ExamPeriod
    from occupations.models import OccupationPage

    if not OccupationPage.objects.exists():
        from hostsite.content.school import load_school_content

        load_school_content()
    occupations = list(OccupationPage.objects.values_list("pk", flat=True))
    period = ExamPeriod.objects.create(name=f"基准统计批次 {tag}")
    id_number, mobile = encrypt("152502199001010011"), encrypt("13800138000")
    statuses = ["submitted", "approved", "approved", "approved", "rejected", "needs_info"]
    batch = []
    for i in range(rows):
        batch.append(
            Application(
                number=f"BS{tag}{i:07d}",
                occupation_id=occupations[i % len(occupations)],
                level=5 - (i // 7) % 5,
                exam_period=period,
                name="基准",
                id_number=id_number,
                id_number_hash=f"{tag}{i:058d}",
                id_number_masked="1525**********0011",
                mobile=mobile,
                mobile_hash=f"{tag}{i:058d}",
                mobile_masked="138****8000",
                status=statuses[i % len(statuses)],
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    table = Application._meta.db_table
    with connection.cursor() as cursor:  # spread over the last year
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET submitted_at = %s - (id %% 365) * interval '1 day' "
                "WHERE exam_period_id = %s",
                [timezone.now(), period.pk],
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET submitted_at = datetime('now', '-' || (id % 365) || ' days') "
                "WHERE exam_period_id = %s",
                [period.pk],
            )
    return period, occupations


def best_of(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    from django.db import connection

    from assessments.selectors import statistics
    from forms_app.models import Application, ExamPeriod

    tag = secrets.token_hex(3)
    started = time.perf_counter()
    period, occupations = make_applications(args.rows, tag)
    print(
        f"{args.rows} applications made in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})"
    )
    try:
        baseline = best_of(lambda: Application.objects.count())
        print(
            f"  baseline SELECT count(*) over {Application.objects.count()} applications: "
            f"{baseline:.3f} s"
        )
        worst = 0.0
        for label, filters in (
            ("all", statistics.Filters()),
            ("batch", statistics.Filters(exam_period_id=period.pk)),
            ("occupation", statistics.Filters(occupation_id=occupations[0])),
        ):
            for key, build in statistics.CHARTS.items():
                seconds = best_of(lambda build=build, filters=filters: build(filters))
                worst = max(worst, seconds)
                print(f"  {key:13} {label:11} {seconds:.3f} s")
        print(
            f"  slowest chart: {worst:.3f} s; target < {TARGET:.0f} s: "
            f"{'met' if worst < TARGET else 'NOT met'}"
        )
    finally:
        Application.objects.filter(exam_period=period).delete()
        ExamPeriod.objects.filter(pk=period.pk).delete()


if __name__ == "__main__":
    main()
