"""Issuing certificates with 50 parallel issuers on PostgreSQL: issues/s, gaps, duplicates.

    DATABASE_URL=postgres://… .venv/bin/python bench/certificates.py [--issuers 50] [--each 20]
        [--processes N]

Each issuer has its own database connection and, by default, a forked process of its own, as
gunicorn's synchronous workers (gunicorn.conf.py) serve one request each; ``--processes 10``
runs them as threads, five to a process (Python's GIL then costs a share of the CPU). All
issue for the same issuer, year and level, so every issue meets the same counter row. Three
runs, each of issuers × each certificates:

- baseline, measured in the same run by the same issuers: inserting the same certificate
  rows with numbers handed out by Python (no counter row, no signature, no audit), i.e. what
  PostgreSQL and Django cost per committed row here;
- one by one: every issuer calls ``certificate_create`` ``--each`` times, outside any
  transaction (each certificate stored with its history row and audit entry and committed,
  then given a serial from the counter row, its number and signed QR payload by group commit:
  whoever takes the counter's lock numbers all certificates waiting, see
  ``numbers._number_by_group_commit``);
- by plan: every issuer issues one exam plan of ``--each`` candidates with
  ``certificates_create`` (what 按考试计划颁发, ``certificates_issue_for_plan``, calls after
  its checks: one transaction giving the plan a contiguous range of serials).

Both issuing runs use the same counter, and before the second a few certificates of the first
are revoked: afterwards the serials must be 1…N without a gap or a duplicate and the revoked
numbers still revoked and nobody else's. Target (issue 13): ≥ 300 issues/s, 0 gaps,
0 duplicates; it is judged on issuing by plan, which is how the exam office issues (the admin
issues through 按考试计划颁发; 补发 replaces one certificate). The one-by-one figure is printed
beside it with its own met / NOT met, and in how many transactions its certificates were
numbered (PostgreSQL's ``xmin`` of their rows), against the ceiling of one commit per
certificate under the counter's lock. The database is migrated first; the rows made are
deleted afterwards (not the audit entries: the trail is append-only).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 300.0
SITE_SERIAL = "990990"


def setup() -> None:
    import tempfile

    from bench.common import bench_env

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/certificates.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ.update(bench_env(tempfile.mkdtemp(prefix="bench-certs-")))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from assessments.services.certificates import signing

    settings.CERTIFICATE_SIGNING_KEYS = [signing.generate_key_entry("bench")]
    call_command("migrate", verbosity=0)


def run_parallel(issuers: int, each: int, work, *, processes: int) -> tuple[float, list]:
    """``work(k)`` for k in 0…issuers×each-1 (issuer n calls it for n×each…n×each+each-1) by
    ``issuers`` threads spread over ``processes`` forked processes, all released together;
    the seconds from the release until the last finished, and what the calls returned (or
    the exception that stopped an issuer)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # no connection may cross the fork
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(issuers + 1)
    results = context.Queue()

    def child(first: int, count: int) -> None:
        def issuer(n: int) -> list:
            done = []
            try:
                barrier.wait()
                for i in range(each):
                    done.append(work(n * each + i))
            except Exception as error:  # noqa: BLE001  (reported, counted by the parent)
                done.append(error)
            finally:
                connections.close_all()
            return done

        with ThreadPoolExecutor(max_workers=count) as pool:
            chunks = list(pool.map(issuer, range(first, first + count)))
        results.put([item for chunk in chunks for item in chunk])

    per_process = [issuers // processes + (p < issuers % processes) for p in range(processes)]
    workers, first = [], 0
    for count in per_process:
        worker = context.Process(target=child, args=(first, count))
        worker.start()
        workers.append(worker)
        first += count
    barrier.wait()
    started = time.perf_counter()
    collected = [item for _ in workers for item in results.get()]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    return elapsed, collected


def commit_seconds(issuer, samples: int = 100) -> float:
    """The median time of one small transaction here (add 1 to a counter row, commit): what a
    one-by-one issue waits for while the issue before it holds the counter row."""
    import statistics

    from django.db import transaction
    from django.db.models import F

    from assessments.models import CertificateSerial

    row = CertificateSerial.objects.create(issuer=issuer, year=1999, level=4)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        with transaction.atomic():
            CertificateSerial.objects.filter(pk=row.pk).update(last_serial=F("last_serial") + 1)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def numbering_transactions(numbers: list[str]) -> int:
    """How many transactions wrote these certificates last (distinct ``xmin`` of their rows):
    for certificates numbered by group commit, the number of numbering commits."""
    from django.db import connection

    from assessments.models import Certificate

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(DISTINCT xmin::text) FROM {Certificate._meta.db_table} "  # noqa: S608
            "WHERE number = ANY(%s)",
            [numbers],
        )
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=50)
    parser.add_argument(
        "--each", type=int, default=20, help="certificates per issuer (one plan's candidates)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="processes the issuers' threads run in (default: one per issuer)",
    )
    args = parser.parse_args()
    args.processes = args.processes or args.issuers
    setup()

    import datetime

    from assessments.choices import CertificateStatus
    from assessments.models import (
        Certificate,
        CertificateEvent,
        CertificateIssuer,
        CertificateSerial,
    )
    from assessments.services import certificates as services

    issued_on = datetime.date(2026, 12, 1)
    tag = secrets.token_hex(3)
    issuer = CertificateIssuer.objects.create(name=f"基准发证机构 {tag}", site_serial=SITE_SERIAL)
    baseline_issuer = CertificateIssuer.objects.create(
        name=f"基准对照 {tag}", site_serial=SITE_SERIAL
    )
    total = args.issuers * args.each
    try:

        def plain_insert(n: int) -> list[str]:
            serial = n + 1  # unique per call: handed out by Python, no counter row
            return [
                Certificate.objects.create(
                    number=f"BENCH{tag}{serial:08d}",
                    issuer=baseline_issuer,
                    year=2026,
                    level=4,
                    serial=serial,
                    name=f"考生{n}",
                    occupation_title="电子商务师",
                    issued_on=issued_on,
                ).number
            ]

        holder_of = lambda n: services.Holder(  # noqa: E731
            name=f"考生{n}", occupation_title="电子商务师", specialty="网商", level=4
        )

        def issue_one(n: int) -> list[str]:
            return [
                services.certificate_create(
                    holder=holder_of(n), issuer=issuer, issued_on=issued_on
                ).number
            ]

        def issue_plan(n: int) -> list[str]:
            holders = [holder_of(n * args.each + i) for i in range(args.each)]
            issued = services.certificates_create(
                holders=holders, issuer=issuer, issued_on=issued_on
            )
            return [certificate.number for certificate in issued]

        commit = commit_seconds(baseline_issuer)
        load_before = os.getloadavg()
        runs = {}
        for name, work, calls in (
            ("baseline", plain_insert, args.each),
            ("one", issue_one, args.each),
            ("plan", issue_plan, 1),
        ):
            if name == "plan":  # revoked numbers must stay revoked and never come back
                revoked = list(Certificate.objects.filter(issuer=issuer).order_by("?")[:10])
                for certificate in revoked:
                    services.certificate_revoke(certificate=certificate, reason="基准：撤销")
            seconds, results = run_parallel(args.issuers, calls, work, processes=args.processes)
            errors = [r for r in results if isinstance(r, Exception)]
            numbers = [n for r in results if not isinstance(r, Exception) for n in r]
            runs[name] = (total / seconds, numbers, errors)
            if name == "one":  # before the revocations below write some of these rows again
                one_transactions = numbering_transactions(numbers)
        load_after = os.getloadavg()

        serials = sorted(Certificate.objects.filter(issuer=issuer).values_list("serial", flat=True))
        issued = runs["one"][1] + runs["plan"][1]
        duplicates = sum(count - 1 for count in Counter(issued).values() if count > 1)
        # a gap: a serial below the highest given that no certificate has
        gaps = len(set(range(1, max(serials, default=0) + 1)) - set(serials))
        still_revoked = Certificate.objects.filter(
            pk__in=[c.pk for c in revoked], status=CertificateStatus.REVOKED
        ).count()
        revoked_reused = sum(1 for c in revoked if c.number in runs["plan"][1])
        baseline_rate = runs["baseline"][0]
        print(
            f"{args.issuers} parallel issuers ({args.processes} processes), {total} certificates "
            f"per run, PostgreSQL; load average {load_before[0]:.1f} before, "
            f"{load_after[0]:.1f} after"
        )
        print(f"  baseline (plain insert, no counter/signature/audit): {baseline_rate:8.0f} rows/s")
        for name, label in (
            ("one", "one by one (certificate_create, group commit):"),
            ("plan", f"by plan ({args.each} per certificates_create): "),
        ):
            rate, _numbers, errors = runs[name]
            print(
                f"  {label:50} {rate:8.0f} issues/s  ({rate / baseline_rate:.2f} × baseline, "
                f"{'met' if rate >= TARGET else 'NOT met'})"
            )
            if errors:
                print(f"    errors: {len(errors)}, e.g. {errors[0]!r}")
        print(
            f"  one commit (a counter row +1) takes {commit * 1000:.1f} ms here: a commit per "
            f"certificate under the counter's lock\n    could not pass ~{1 / commit:.0f} "
            f"issues/s; one by one numbered {len(runs['one'][1])} in {one_transactions} "
            f"transactions ({len(runs['one'][1]) / max(one_transactions, 1):.1f} per commit)"
        )
        print(f"  gaps: {gaps}  duplicates: {duplicates}  serials 1…{max(serials, default=0)}")
        print(
            f"  revoked before the plan run: {len(revoked)}, still revoked: {still_revoked}, "
            f"numbers given again: {revoked_reused}"
        )
        complete = len(serials) == 2 * total and not runs["one"][2] and not runs["plan"][2]
        if not complete:
            print(f"  issued {len(serials)} of {2 * total}")
        met = (
            runs["plan"][0] >= TARGET
            and gaps == 0
            and duplicates == 0
            and complete
            and still_revoked == len(revoked)
            and not revoked_reused
        )
        print(
            f"  target ≥ {TARGET:.0f} issues/s (by plan, as the exam office issues), 0 gaps, "
            f"0 duplicates, revoked stay revoked: {'met' if met else 'NOT met'}"
        )
    finally:
        ids = list(
            Certificate.objects.filter(issuer__in=[issuer, baseline_issuer]).values_list(
                "pk", flat=True
            )
        )
        CertificateEvent.objects.filter(certificate_id__in=ids).delete()
        Certificate.objects.filter(pk__in=ids).delete()
        CertificateSerial.objects.filter(issuer__in=[issuer, baseline_issuer]).delete()
        CertificateIssuer.objects.filter(pk__in=[issuer.pk, baseline_issuer.pk]).delete()


if __name__ == "__main__":
    main()
