"""Throughput and latency of submitting the registration form: 50 concurrent applicants POST
valid, distinct applications to an open RegistrationFormPage, next to a bare Django view
served the same way (gunicorn as configured in gunicorn.conf.py, production settings).

    .venv/bin/python bench/submit.py [--seconds 15] [--clients 50] [--workers N] [--profile]

The load comes from wrk (Debian package ``wrk``; a load client written in Python would take
the server's CPU): ``--clients`` connections for ``--seconds``, each request a different
applicant (generated ID numbers with correct check digits, sent once each) with the csrftoken
cookie and form token a browser gets from the form page, and the SMS code texted to the
applicant's mobile before the run (read from the console SMS backend; not timed). An answer
counts as a success only when it is the redirect to the confirmation page; the applications
stored are counted after the run. The database is SQLite in a temporary folder unless
DATABASE_URL is set (a PostgreSQL database of its own: it is emptied, migrated and filled).

``--profile`` instead times submissions inside this process (test client, same settings, SQLite)
and prints where the time of 50 of them goes under cProfile.

Targets (2 cores, the load client on the same machine): ≥ 300 POST/s and p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import itertools
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from stdnum.cn import ric

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_env, served_site  # noqa: E402

PAGE_SLUG = "bench-apply"
SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from hostsite.models import HomePage
from forms_app.models import ExamPeriod, FormField, RegistrationFormPage
from occupations.models import OccupationPage

page = RegistrationFormPage(
    title="电子商务师报名（压测）", slug="{PAGE_SLUG}",
    occupation=OccupationPage.objects.get(title="电子商务师"),
    exam_period=ExamPeriod.objects.create(name="压测批次"),
    opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=1),
)
page.form_fields = [
    FormField(label="姓名", field_type="full_name", clean_name="name"),
    FormField(label="居民身份证号码", field_type="id_number", clean_name="id_number"),
    FormField(label="手机号码", field_type="mobile", clean_name="mobile"),
    FormField(label="申报工种与等级", field_type="target", clean_name="target"),
    FormField(label="电子邮箱", field_type="email", clean_name="email", required=False),
    FormField(label="工作单位", field_type="singleline", clean_name="employer", required=False),
]
HomePage.objects.get().add_child(instance=page)
page.save_revision().publish()
print(page.url)
"""
COUNT = "from forms_app.models import Application; print(Application.objects.count())"
NUMBERS = itertools.count()  # applicant numbers: never the same ID number twice in a run


def id_number(n: int) -> str:
    """The n-th distinct valid ID number (锡林浩特市, a county since 1983: born 1985 onwards)."""
    birth = date(1985, 1, 1) + timedelta(days=n // 1000)
    base = f"152502{birth:%Y%m%d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def mobile(n: int) -> str:
    return f"138{n % 100_000_000:08d}"


#: Codes for the applicants' mobiles, each texted through forms_app.verification and read back
#: from the console SMS backend, as an applicant reads it (tests.forms_app.factories.texted_code).
CODES = """
from tests.forms_app.factories import texted_code
for n in range({start}, {stop}):
    print("CODE", texted_code(f"138{{n % 100_000_000:08d}}"))
"""


def texted_codes(env: dict[str, str], numbers: list[int]) -> list[str]:
    """One verification code per applicant (``numbers`` consecutive), requested in the served
    site's cache (Redis)."""
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    script = CODES.format(start=numbers[0], stop=numbers[-1] + 1)
    run = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    codes = [line.split()[1] for line in run.stdout.splitlines() if line.startswith("CODE ")]
    assert len(codes) == len(numbers), run.stderr[-2000:]
    return codes


def application(n: int, code: str) -> dict[str, str]:
    return {
        "name": "张三",
        "id_number": id_number(n),
        "mobile": mobile(n),
        "sms_code": code,
        "target": "网商|4",
        "email": "",
        "employer": "锡林浩特市某电商公司",
        # The form knows nothing of work or training: "暂不符合", submitted for review.
        "confirm_review": "1",
        "consent_privacy": "on",  # both consents of the privacy notice (forms_app.privacy)
        "consent_sensitive": "on",
    }


WRK_SCRIPT = r"""
-- Each wrk thread takes every n-th line of the bodies file: no ID number is sent twice.
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  bodies, statuses, next_body = {}, {}, 0
  local n, every = 0, tonumber(os.getenv("BENCH_THREADS"))
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    if n % every == id then table.insert(bodies, line) end
    n = n + 1
  end
end
function request()
  next_body = next_body % #bodies + 1
  return wrk.format(os.getenv("BENCH_METHOD"), nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = os.getenv("BENCH_COOKIE"),
  }, bodies[next_body])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %.3f %.3f %.3f\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("STATUS %s %d\n", status, count))
    end
  end
end
"""


def wrk(
    port: int,
    path: str,
    *,
    method: str,
    bodies: list[str],
    cookie: str,
    clients: int,
    seconds: int,
    folder: str,
) -> dict:
    """``clients`` keep-alive connections from wrk (2 threads) for ``seconds``."""
    script, lines = Path(folder) / "bench.lua", Path(folder) / "bodies.txt"
    script.write_text(WRK_SCRIPT)
    lines.write_text("\n".join(bodies) + "\n")
    threads = 2
    run = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(script), f"http://127.0.0.1:{port}{path}"],
        env={**os.environ, "BENCH_BODIES": str(lines), "BENCH_THREADS": str(threads),
             "BENCH_METHOD": method, "BENCH_COOKIE": cookie},
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    statuses: dict[int, int] = {}
    for line in run.stdout.splitlines():
        if line.startswith("RESULT"):
            _, requests, duration, p50, p95 = line.split()
        elif line.startswith("STATUS"):
            _, status, count = line.split()
            statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    return {
        "requests": int(requests),
        "statuses": statuses,
        "rps": int(requests) / float(duration),
        "seconds": float(duration),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "errors": int(requests) - statuses.get(302 if method == "POST" else 200, 0),
        "socket_errors": run.stdout.split("Socket errors:")[1].splitlines()[0].strip()
        if "Socket errors:" in run.stdout
        else "none",
    }


def form_token(port: int, path: str) -> tuple[str, str]:
    """GET the form as a browser does: the csrftoken cookie and the form's token."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read()
    cookie = "; ".join(
        header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie") or []
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()
    return cookie, token


def manage_shell(env: dict[str, str], code: str) -> str:
    run = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return run.stdout.strip().splitlines()[-1]


def personal_data_keys() -> None:
    """Throwaway keys: production settings refuse to start without them."""
    os.environ.setdefault(
        "PERSONAL_DATA_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
    os.environ.setdefault("PERSONAL_DATA_HMAC_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("CERTIFICATE_SIGNING_KEYS", f"bench:{secrets.token_urlsafe(32)}")


def collect_static(folder: str) -> None:
    """Pages link their CSS and scripts through the static files manifest, as in production."""
    os.environ["STATIC_ROOT"] = f"{folder}/static"
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=bench_env(folder),
        check=True,
    )


def profile_one() -> None:
    """One submission under cProfile, in this process, on a fresh SQLite database."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as var_dir:
        os.environ.update(bench_env(var_dir))
        os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/profile.sqlite3"
        collect_static(var_dir)
        for command in (["migrate", "-v0"], ["load_school_content"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
        path = manage_shell(dict(os.environ), SETUP)
        import django

        django.setup()
        from django.test import Client

        from tests.forms_app.factories import texted_code

        def applicants(count: int) -> list[dict[str, str]]:
            numbers = [next(NUMBERS) for _ in range(count)]
            return [application(n, texted_code(mobile(n))) for n in numbers]

        browser = Client(HTTP_HOST="127.0.0.1")
        browser.get(path)
        for data in applicants(20):  # warm up: imports, templates, caches
            browser.post(path, data)
        timed = applicants(50)
        began = time.perf_counter()
        for data in timed:
            browser.post(path, data)
        plain = (time.perf_counter() - began) / 50
        profiled = applicants(50)
        profiler = cProfile.Profile()
        profiler.enable()
        for data in profiled:
            response = browser.post(path, data)
        profiler.disable()
        assert response.status_code == 302, (
            response.status_code,
            re.findall(r'class="field-error" role="alert">([^<]*)<', response.content.decode()),
            re.findall(r'role="alert"><p>([^<]*)<', response.content.decode()),
        )
        print(f"one submission in one process: {plain * 1000:.1f} ms without the profiler")
        print("50 submissions under cProfile, cumulative time:")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


def gunicorn_workers() -> int:
    config: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)
    return config["workers"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: gunicorn.conf.py's)"
    )
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    personal_data_keys()
    if args.profile:
        profile_one()
        return
    if not shutil.which("wrk"):
        sys.exit("bench/submit.py needs wrk, the HTTP load generator: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="bench-submit-") as db_dir:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_dir}/bench.sqlite3")
        collect_static(db_dir)
        with served_site(workers=args.workers) as port:
            env = bench_env(db_dir)
            path = manage_shell(env, SETUP)
            print(f"serving {path} on port {port}", file=sys.stderr)
            cookie, token = form_token(port, path)
            # Far more distinct applicants than the run can submit (the target is 300/s), each
            # with the SMS code texted to their mobile.
            numbers = [next(NUMBERS) for _ in range(int(args.seconds * 1000) + 2000)]
            codes = texted_codes(env, numbers)
            bodies = [
                urlencode({**application(n, code), "csrfmiddlewaretoken": token})
                for n, code in zip(numbers, codes, strict=True)
            ]
            common = {"cookie": cookie, "clients": args.clients, "folder": db_dir}
            # Warm up both endpoints (imports, templates, connections) before measuring.
            wrk(port, "/bench/bare", method="GET", bodies=[""], seconds=2, **common)
            warm = wrk(port, path, method="POST", bodies=bodies[:2000], seconds=2, **common)
            bare = wrk(port, "/bench/bare", method="GET", bodies=[""], seconds=args.seconds,
                       **common)  # fmt: skip
            posts = wrk(port, path, method="POST", bodies=bodies[2000:], seconds=args.seconds,
                        **common)  # fmt: skip
            stored = int(manage_shell(env, COUNT))
    print(
        f"{args.clients} clients (wrk connections), {args.seconds:g} s each; gunicorn as in "
        f"gunicorn.conf.py with {args.workers or gunicorn_workers()} worker processes"
    )
    print(f"{'endpoint':<28}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in (("bare Django view", bare), ("POST registration form", posts)):
        print(
            f"{name:<28}{row['requests']:>9}{row['errors']:>8}{row['rps']:>9.0f}"
            f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
        )
    print(
        f"answers to the POSTs: {posts['statuses']} (socket errors: {posts['socket_errors']}); "
        f"applications stored: {stored} (warm-up {warm['statuses'].get(302, 0)} + "
        f"{posts['statuses'].get(302, 0)} measured)"
    )
    print(f"POST throughput / bare throughput: {posts['rps'] / bare['rps']:.2f}")
    print(
        f"targets: ≥ 300 POST/s → {'met' if posts['rps'] >= 300 else 'NOT met'}; "
        f"p95 < 200 ms → {'met' if posts['p95_ms'] < 200 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
