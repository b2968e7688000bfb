"""The statistics dashboard's queries over 100,000 applications: seconds per chart, next to a
baseline (``SELECT count(*)`` over the same applications) measured in the same run.

    DATABASE_URL=postgres://… .venv/bin/python bench/statistics_dashboard.py [--rows 100000]

The applications (12 occupations' worth of levels and statuses, spread over a year) are made
with bulk_create in their own registration batch, with an exam plan per occupation and level
whose candidates (the approved applications) have a theory and a skills score and a result
(for the pass rates); all are deleted afterwards. PostgreSQL analyses the tables before the
timing, as autovacuum would. The school's content is loaded first when the database has no
occupations. Each chart is timed unfiltered and filtered
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


def make_results(period, tag: str) -> int:
    """An exam plan per occupation and level of the batch, every approved application of it
    a candidate with a theory and a skills score (some 缺考 or 违纪) and a result: what the pass
    rate chart reads. Returns the number of scores."""
    from decimal import Decimal

    from assessments.models import Candidate, ExamPlan
    from assessments.models.results import Result, Score
    from forms_app.models import Application

    groups = (
        Application.objects.filter(exam_period=period)
        .values("occupation_id", "level")
        .distinct()
        .order_by("occupation_id", "level")
    )
    plans = {
        (g["occupation_id"], g["level"]): ExamPlan(
            exam_period=period,
            code=f"B{tag.upper()}{n:04d}",
            title=f"基准计划 {n}",
            occupation_id=g["occupation_id"],
            level=g["level"],
            seed=n,
        )
        for n, g in enumerate(groups)
    }
    ExamPlan.objects.bulk_create(plans.values())
    approved = Application.objects.filter(exam_period=period, status="approved").values_list(
        "pk", "occupation_id", "level"
    )
    scores = 0
    chunk = []

    def flush() -> int:
        made = Candidate.objects.bulk_create(chunk)
        rows, results = [], []
        for candidate in made:
            n = candidate.application_id
            theory = Decimal(40 + n % 60)
            marks = {0: "absent", 1: "disqualified"}.get(n % 23, "")
            rows.append(
                Score(candidate=candidate, component="theory", value=None if marks else theory,
                      mark=marks, mark_reason="基准" if marks else "")
            )  # fmt: skip
            rows.append(Score(candidate=candidate, component="skills", value=Decimal(50 + n % 50)))
            results.append(Result(candidate=candidate, passed=not marks and theory >= 60,
                                  rule="all-components-60", rule_label="基准"))  # fmt: skip
        Score.objects.bulk_create(rows)
        Result.objects.bulk_create(results)
        chunk.clear()
        return len(rows)

    for application_id, occupation_id, level in approved.iterator():
        chunk.append(Candidate(plan=plans[(occupation_id, level)], application_id=application_id))
        if len(chunk) == 5000:
            scores += flush()
    scores += flush()
    return scores


def analyse() -> None:
    """Give PostgreSQL's planner statistics of the tables just filled, as autovacuum does for a
    database in use (without them it takes the new rows for none and loops per plan)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from assessments.models import Candidate, ExamPlan
    from assessments.models.results import Result, Score
    from forms_app.models import Application

    with connection.cursor() as cursor:
        for model in (Application, ExamPlan, Candidate, Score, Result):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def remove_results(period) -> None:
    from assessments.models import Candidate, ExamPlan
    from assessments.models.results import Result, Score

    candidates = Candidate.objects.filter(plan__exam_period=period)
    Score.objects.filter(candidate__in=candidates).delete()
    Result.objects.filter(candidate__in=candidates).delete()
    candidates.delete()
    ExamPlan.objects.filter(exam_period=period).delete()


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
    scores = make_results(period, tag)
    analyse()
    print(
        f"{args.rows} applications, their plans' candidates with {scores} scores and results "
        f"made in {time.perf_counter() - started:.1f} s ({connection.vendor}); "
        f"load average {os.getloadavg()[0]:.1f}"
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
        remove_results(period)
        Application.objects.filter(exam_period=period).delete()
        ExamPeriod.objects.filter(pk=period.pk).delete()


if __name__ == "__main__":
    main()
