"""Fault checks against the site served as in production (gunicorn, production settings). Each
subcommand breaks one part on purpose and prints what it saw:

    .venv/bin/python bench/faults.py redis      # Redis stopped, then started again
    .venv/bin/python bench/faults.py postgres   # PostgreSQL restarted during registrations
    .venv/bin/python bench/faults.py worker     # db_worker killed during an export

Every check starts servers of its own, on free ports, and stops them afterwards: a
``redis-server`` without persistence and, for ``postgres``, a throwaway PostgreSQL cluster made
with initdb in a temporary folder (run as the ``postgres`` user when this runs as root). The
machine's own PostgreSQL and Redis are never stopped. ``redis`` and ``worker`` use SQLite in a
temporary folder unless DATABASE_URL names a database of their own (its name must contain
'bench': it is emptied).

Targets (issue 11): pages keep being served while Redis is down and /healthz says 503, then 200
once it is back; a PostgreSQL restart loses no accepted application, leaves no partial one,
answers the applicants a retryable 503 in Chinese (never a 500 page) and the service is back
within 10 s; a killed worker's export ends failed and can be retried.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, free_port, served_site  # noqa: E402
from bench.submit import (  # noqa: E402
    SETUP,
    application,
    form_token,
    manage_shell,
    personal_data_keys,
    texted_codes,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
OCCUPATION_URL = (
    "from occupations.models import OccupationPage; "
    "print(OccupationPage.objects.live().order_by('pk').first().url)"
)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def get(port: int, path: str, timeout: float = 15) -> tuple[int, float]:
    """One GET on a fresh connection: (status, seconds); status 0 when the connection failed."""
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - began
    except (OSError, http.client.HTTPException):
        return 0, time.perf_counter() - began
    finally:
        conn.close()


# --- servers of our own -------------------------------------------------------------------


def redis_start(port: int) -> None:
    subprocess.run(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--daemonize", "yes", "--bind", "127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                          text=True).stdout.strip() == "PONG":  # fmt: skip
            return
        time.sleep(0.1)
    sys.exit(f"redis-server on port {port} did not start")


def redis_stop(port: int) -> None:
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


@contextmanager
def own_redis():
    """A redis-server of our own on a free port; BENCH_REDIS_URL points the site at it."""
    port = free_port()
    redis_start(port)
    os.environ["BENCH_REDIS_URL"] = f"redis://127.0.0.1:{port}/11"
    try:
        yield port
    finally:
        redis_stop(port)


def _as_postgres(command: str) -> list[str]:
    return ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]


@contextmanager
def own_postgres():
    """A throwaway PostgreSQL cluster (initdb in a temporary folder) on a free port, with a
    database ``bench_fault``; yields (port, pg_ctl command prefix)."""
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    folder = tempfile.mkdtemp(prefix="bench-pg-")
    os.chmod(folder, 0o755)
    data = f"{folder}/data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    pg_ctl = f"{bindir}/pg_ctl -D {data} -l {folder}/log -o '-p {port} -k /tmp' -w"
    subprocess.run(_as_postgres(f"{bindir}/initdb -D {data} -A trust -U postgres"),
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run(_as_postgres(f"{pg_ctl} start"), check=True, capture_output=True)
    try:
        subprocess.run(_as_postgres(f"{bindir}/createdb -h 127.0.0.1 -p {port} bench_fault"),
                       check=True, capture_output=True)  # fmt: skip
        yield port, pg_ctl
    finally:
        subprocess.run(_as_postgres(f"{pg_ctl} -m immediate stop"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


# --- redis -----------------------------------------------------------------------------------


def check_redis(seconds: float) -> bool:
    with own_redis() as redis_port, tempfile.TemporaryDirectory(prefix="bench-faults-") as d:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{d}/bench.sqlite3")
        with served_site(workers=2) as port:
            occupation = manage_shell(bench_env(d), OCCUPATION_URL)
            pages = ["/", occupation]

            def sample(label: str) -> dict:
                statuses: dict[str, list[int]] = {path: [] for path in [*pages, "/healthz"]}
                slowest = 0.0
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    for path in statuses:
                        status, took = get(port, path)
                        statuses[path].append(status)
                        slowest = max(slowest, took)
                summary = {p: dict(sorted(_count(s).items())) for p, s in statuses.items()}
                print(f"{label:<22} answers {summary}; slowest {slowest * 1000:.0f} ms")
                return summary

            before = sample("Redis up:")
            redis_stop(redis_port)
            during = sample("Redis stopped:")
            redis_start(redis_port)
            began = time.monotonic()
            while get(port, "/healthz")[0] != 200 and time.monotonic() - began < 30:
                time.sleep(0.2)
            back = time.monotonic() - began
            print(f"Redis started again: /healthz answered 200 after {back:.1f} s")
            after = sample("Redis up again:")
    pages_ok = all(set(r[p]) == {200} for r in (before, during, after) for p in pages)
    health_ok = (
        set(before["/healthz"]) == {200}
        and set(during["/healthz"]) == {503}
        and set(after["/healthz"]) == {200}
    )
    print(f"pages served throughout → {verdict(pages_ok)}; "
          f"/healthz 200 → 503 while down → 200 after → {verdict(health_ok)}")  # fmt: skip
    return pages_ok and health_ok


def _count(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


# --- postgres --------------------------------------------------------------------------------

STORED = """
import json
from forms_app.crypto import lookup_hash
from forms_app.models import Application
accepted = json.load(open({path!r}))
tried = json.load(open({tried!r}))
hashes = set(Application.objects.values_list("id_number_hash", flat=True))
rows = Application.objects.all()
print(json.dumps({{
    "total": rows.count(),
    "missing": [n for n in accepted if lookup_hash(n) not in hashes],
    "stored_not_accepted": [n for n in tried if n not in accepted and lookup_hash(n) in hashes],
    "without_event": rows.filter(events__isnull=True).count(),
    "with_event": rows.filter(events__isnull=False).distinct().count(),
    "without_name_or_hash": rows.filter(name="").count() + rows.filter(id_number_hash="").count(),
}}))
"""


def check_postgres(seconds: float, clients: int, restart_at: float) -> bool:
    with own_postgres() as (pg_port, pg_ctl), own_redis():
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg_port}/bench_fault"
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as d, served_site() as port:
            env = bench_env(d)
            path = manage_shell(env, SETUP)
            cookie, token = form_token(port, path)
            before = int(manage_shell(env, "from forms_app.models import Application; "
                                           "print(Application.objects.count())"))  # fmt: skip
            # Each applicant proves the mobile with the SMS code texted to it (console backend).
            people = list(range(500_000, 500_000 + 100 * clients))
            codes = iter(zip(people, texted_codes(env, people), strict=True))
            lock = threading.Lock()
            answers: list[tuple[float, int, str, str]] = []  # (time, status, id number, text)
            began = time.monotonic()

            def applicant() -> None:
                while time.monotonic() - began < seconds:
                    with lock:
                        n, code = next(codes, (None, None))
                    if n is None:
                        return
                    body = application(n, code)
                    payload = urlencode({**body, "csrfmiddlewaretoken": token})
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    try:
                        conn.request("POST", path, body=payload, headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": cookie})  # fmt: skip
                        response = conn.getresponse()
                        status, text = response.status, response.read().decode(errors="replace")
                    except (OSError, http.client.HTTPException) as error:
                        status, text = 0, str(error)
                    finally:
                        conn.close()
                    with lock:
                        answers.append((time.monotonic() - began, status, body["id_number"], text))
                    if status != 302:
                        time.sleep(0.5)  # a person sends it again a moment later, not at once

            threads = [threading.Thread(target=applicant) for _ in range(clients)]
            for thread in threads:
                thread.start()
            time.sleep(restart_at)
            restart_began = time.monotonic() - began
            subprocess.run(_as_postgres(f"{pg_ctl} -m fast restart"), check=True,
                           capture_output=True)  # fmt: skip
            restart_took = time.monotonic() - began - restart_began
            for thread in threads:
                thread.join()
            accepted = [a[2] for a in answers if a[1] == 302]
            with open(f"{d}/accepted.json", "w") as out:
                json.dump(accepted, out)
            with open(f"{d}/tried.json", "w") as out:
                json.dump([a[2] for a in answers], out)
            stored = json.loads(
                manage_shell(env, STORED.format(path=f"{d}/accepted.json", tried=f"{d}/tried.json"))
            )
    statuses = _count(a[1] for a in answers)
    failures = [a for a in answers if a[1] != 302]
    print(f"{clients} applicants posting for {seconds:g} s; PostgreSQL restarted at "
          f"{restart_began:.1f} s (pg_ctl restart took {restart_took:.1f} s)")  # fmt: skip
    print(f"answers: {dict(sorted(statuses.items()))} (302 = accepted); last answer at "
          f"{max((a[0] for a in answers), default=0):.1f} s")  # fmt: skip
    for status in sorted({a[1] for a in failures}):
        sample = next(a for a in failures if a[1] == status)
        words = "".join(CHINESE.findall(re.sub(r"<[^>]+>", " ", sample[3])))[:60]
        print(f"  {status}: first at {sample[0]:.1f} s; Chinese text: {words or '(none)'}")
    last_failure = max((a[0] for a in failures), default=None)
    back = None
    if last_failure is not None:
        back = min((a[0] for a in answers if a[1] == 302 and a[0] > last_failure), default=None)
    print(
        f"applications before {before}, after {stored['total']}; accepted {len(accepted)}; "
        f"accepted but missing {len(stored['missing'])}; stored though not accepted "
        f"{len(stored['stored_not_accepted'])}; without their event "
        f"{stored['without_event']}; without name or ID {stored['without_name_or_hash']}"
    )
    no_loss = not stored["missing"] and stored["total"] - before == len(accepted)
    # An application's event is written in its transaction when submissions record one.
    events_kept = stored["without_event"] == 0 or stored["with_event"] == 0
    no_partial = events_kept and stored["without_name_or_hash"] == 0
    retryable = all(a[1] == 503 and CHINESE.search(a[3]) for a in failures)
    recovered = back is not None and back - restart_began <= 10 if failures else True
    print(f"every accepted application stored, none extra → {verdict(no_loss)}; "
          f"no partial application → {verdict(no_partial)}")  # fmt: skip
    print(f"failures answered 503 in Chinese (retryable), no 500 → {verdict(retryable)}")
    if failures:
        took = f"{back - restart_began:.1f} s" if back is not None else "never"
        print(f"accepted again after the restart began: {took} → ≤ 10 s {verdict(recovered)}")
    else:
        print("no failed submission during the restart → service back within 10 s met")
    return no_loss and no_partial and retryable and recovered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("check", choices=["redis", "postgres", "worker"])
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    personal_data_keys()
    if args.check == "redis":
        ok = check_redis(args.seconds or 4)
    elif args.check == "postgres":
        ok = check_postgres(args.seconds or 12, args.clients, restart_at=3)
    else:
        from bench.faults_worker import check_worker

        ok = check_worker()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
