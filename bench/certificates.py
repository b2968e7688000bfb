"""Issuing certificates with 50 parallel issuers on PostgreSQL: issues/s, gaps, duplicates.

    DATABASE_URL=postgres://… .venv/bin/python bench/certificates.py [--issuers 50] [--each 20]

Each issuer is a thread with its own database connection (50 threads in 10 forked processes,
as gunicorn's workers would run them) calling
``assessments.services.certificates.certificate_create`` (a serial from the locked counter row,
the number, the signed QR payload, the certificate, its history row and the audit entry, one
transaction each), all for the same issuer, year and level, so every issue waits for the same
counter row. The baseline, measured in the same run with the same threads: inserting the same
certificate rows with numbers handed out by Python (no counter row, no signature, no audit),
i.e. what PostgreSQL and Django cost per committed row here. Target (issue 13): ≥ 300 issues/s,
0 gaps, 0 duplicates. The database is migrated first; the rows made are deleted afterwards
(not the audit entries: the trail is append-only).
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
    """``work(k)`` for k in 0…issuers×each-1 by ``issuers`` threads spread over ``processes``
    forked processes (as gunicorn's workers and threads would be), all released together;
    the seconds from the release until the last finished, and the results."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=50)
    parser.add_argument("--each", type=int, default=20, help="certificates per issuer")
    parser.add_argument(
        "--processes", type=int, default=10, help="processes the issuers' threads run in"
    )
    args = parser.parse_args()
    setup()

    import datetime

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

        def plain_insert(n: int) -> str:
            serial = n + 1  # unique per call: handed out by Python, no counter row
            return Certificate.objects.create(
                number=f"BENCH{tag}{serial:08d}",
                issuer=baseline_issuer,
                year=2026,
                level=4,
                serial=serial,
                name=f"考生{n}",
                occupation_title="电子商务师",
                issued_on=issued_on,
            ).number

        baseline_seconds, _ = run_parallel(
            args.issuers, args.each, plain_insert, processes=args.processes
        )

        holder_of = lambda n: services.Holder(  # noqa: E731
            name=f"考生{n}", occupation_title="电子商务师", specialty="网商", level=4
        )

        def issue(n: int) -> str:
            return services.certificate_create(
                holder=holder_of(n), issuer=issuer, issued_on=issued_on
            ).number

        seconds, numbers = run_parallel(args.issuers, args.each, issue, processes=args.processes)
        serials = sorted(Certificate.objects.filter(issuer=issuer).values_list("serial", flat=True))
        duplicates = sum(count - 1 for count in Counter(numbers).values() if count > 1)
        # a gap: a serial below the highest given that no certificate has
        gaps = len(set(range(1, max(serials, default=0) + 1)) - set(serials))
        rate, baseline_rate = total / seconds, total / baseline_seconds
        errors = [n for n in numbers if isinstance(n, Exception)]
        print(
            f"{args.issuers} parallel issuers ({args.processes} processes), {total} certificates, "
            f"PostgreSQL"
        )
        print(f"  baseline (plain insert, no counter/signature/audit): {baseline_rate:8.0f} rows/s")
        print(f"  certificate_create (locked serial, signed, audited):  {rate:8.0f} issues/s")
        print(f"  gaps: {gaps}  duplicates: {duplicates}  serials 1…{max(serials, default=0)}")
        if errors:
            print(f"  errors: {len(errors)}, e.g. {errors[0]!r}")
        complete = len(serials) == total and not errors
        if not complete:
            print(f"  issued {len(serials)} of {total}")
        met = rate >= TARGET and gaps == 0 and duplicates == 0 and complete
        print(
            f"  target ≥ {TARGET:.0f} issues/s, 0 gaps, 0 duplicates: {'met' if met else 'NOT met'}"
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
