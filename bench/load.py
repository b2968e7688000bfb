"""A bounded, realistic mix of visitors against the site served as in production (gunicorn,
production settings, PostgreSQL and Redis when DATABASE_URL and BENCH_REDIS_URL name them):

    DATABASE_URL=postgres://…/bench_x BENCH_REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/load.py [--users 100] [--seconds 15] [--think 1.0]

Each of ``--users`` simulated people keeps one connection and, after a pause of about
``--think`` seconds (uniformly 0.5–1.5×), does one of: read an occupation page (30 %), the home
page (10 %), ask the eligibility API (20 %), look up an application on 报名查询 (15 %), submit
a registration (10 %, a new valid applicant each time with the SMS code texted to the mobile,
read from the console backend before the run; the form token taken from the form page as a
browser does), submit a registration with an ID photo and a document (10 %, multipart, to a
form asking for both), or, as one of ``--staff`` members of 报名管理 signed in with password and
authenticator code (bench/staff.py; before the timed run), export the applicant list as CSV
(5 %: a list of ``--listed`` applications plus those registered during the run). The database
is emptied, migrated and loaded first (its name must contain 'bench').

Prints per kind: requests, errors (an answer other than the expected one, or none), req/s and
p95; then the target: 0 errors at 100 users.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_env, served_site  # noqa: E402
from bench.eligibility import PROFILE_REQUEST  # noqa: E402
from bench.faults import OCCUPATION_URL, verdict  # noqa: E402
from bench.staff import MAKE_STAFF, PASSWORD, sign_in  # noqa: E402
from bench.submit import (  # noqa: E402
    PAGE_SLUG,
    SETUP,
    application,
    form_token,
    manage_shell,
    personal_data_keys,
    texted_codes,
)

MIX = {"occupation": 30, "home": 10, "eligibility": 20, "status": 15, "register": 10,
       "register_files": 10, "export": 5}  # fmt: skip
FILES_SLUG = "bench-apply-files"
#: A second form asking for an ID photo and a document (shell code; prints its URL).
EMPLOYER = 'clean_name="employer", required=False),'
SETUP_FILES = (
    SETUP.replace(f'slug="{PAGE_SLUG}"', f'slug="{FILES_SLUG}"')
    .replace('name="压测批次"', 'name="压测批次（材料）"')
    .replace(
        EMPLOYER,
        EMPLOYER + '\n    FormField(label="证件照", field_type="photo", clean_name="photo"),'
        '\n    FormField(label="学历证明", field_type="document", clean_name="diploma"),',
    )
)
EXPORT_FORM = {"columns": ["number", "name", "id_number_masked", "mobile_masked", "occupation",
                           "specialty", "level", "status", "submitted_at"],
               "file_format": "csv"}  # fmt: skip


def upload_files() -> dict[str, tuple[str, str, bytes]]:
    """A 413×579 JPEG ID photo and a 1200×900 PNG scan, as a phone would send them."""
    import io

    from PIL import Image, ImageDraw

    files = {}
    for field, (name, size, kind, mime) in {
        "photo": ("照片.jpg", (413, 579), "JPEG", "image/jpeg"),
        "diploma": ("毕业证.png", (1200, 900), "PNG", "image/png"),
    }.items():
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        for x in range(0, size[0], 7):
            draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 256, 90, 160), width=2)
        out = io.BytesIO()
        image.save(out, kind)
        files[field] = (name, mime, out.getvalue())
    return files


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]):
    """(body, content type) of a multipart/form-data POST."""
    boundary = "----bench" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())  # fmt: skip
    for name, (filename, mime, content) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def manage_lines(env: dict[str, str], code: str) -> list[str]:
    run = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return run.stdout.splitlines()


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * share) - 1)] * 1000 if values else 0.0


def status_token(port: int, cookie: str) -> str:
    """The 报名查询 form's token for the same browser (the csrftoken cookie it already has)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/applications/status/", headers={"Cookie": cookie})
    html = conn.getresponse().read()
    conn.close()
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()


def run(port: int, *, users: int, seconds: float, think: float, paths: dict) -> dict:
    people = iter(paths["people"])
    strangers = itertools.count(2_000_000)  # looked up before anyone has registered
    lock = threading.Lock()
    registered: list[dict] = []
    results = {kind: {"latencies": [], "errors": 0, "statuses": {}} for kind in MIX}
    kinds, weights = list(MIX), list(MIX.values())
    began = time.monotonic()

    def request(conn, kind: str, rng: random.Random):
        form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": paths["cookie"]}
        if kind == "occupation":
            return conn.request("GET", paths["occupation"]), 200
        if kind == "home":
            return conn.request("GET", "/"), 200
        if kind == "eligibility":
            body = json.dumps(PROFILE_REQUEST)
            headers = {"Content-Type": "application/json"}
            return conn.request("POST", "/api/v1/eligibility", body, headers), 200
        if kind == "status":
            with lock:
                known = rng.choice(registered) if registered else application(next(strangers), "")
            body = {"id_number": known["id_number"], "mobile": known["mobile"]}
            body["csrfmiddlewaretoken"] = paths["status_token"]
            return conn.request("POST", "/applications/status/", urlencode(body), form), 200
        if kind == "export":
            staff = rng.choice(paths["staff"])
            body = urlencode({**EXPORT_FORM, "csrfmiddlewaretoken": staff["token"]}, doseq=True)
            headers = {**form, "Cookie": staff["cookie"]}
            return conn.request("POST", "/admin/applications-exchange/export/", body, headers), 200
        with lock:
            n, code = next(people, (None, None))
        if n is None:  # every prepared applicant has registered: read a page instead
            return conn.request("GET", "/"), 200
        applicant = application(n, code)
        fields = {**applicant, "csrfmiddlewaretoken": paths["token"]}
        if kind == "register_files":
            body, content_type = multipart(fields, paths["files"])
            headers = {"Content-Type": content_type, "Cookie": paths["cookie"]}
            conn.request("POST", paths["files_form"], body, headers)
        else:
            conn.request("POST", paths["form"], urlencode(fields), form)
        with lock:
            registered.append(applicant)
        return None, 302

    def user(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        time.sleep(rng.uniform(0, think))  # people arrive spread out, not all at once
        while time.monotonic() - began < seconds:
            kind = rng.choices(kinds, weights)[0]
            start = time.perf_counter()
            try:
                _, expected = request(conn, kind, rng)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, expected = 0, -1
            took = time.perf_counter() - start
            with lock:
                row = results[kind]
                row["latencies"].append(took)
                row["statuses"][status] = row["statuses"].get(status, 0) + 1
                row["errors"] += status != expected
            time.sleep(think * rng.uniform(0.5, 1.5))
        conn.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["_elapsed"] = time.monotonic() - began
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--staff", type=int, default=5, help="staff members exporting")
    parser.add_argument("--listed", type=int, default=300, help="applications before the run")
    args = parser.parse_args()
    personal_data_keys()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as d, served_site() as port:
        env = bench_env(d)
        paths = {"form": manage_shell(env, SETUP), "occupation": manage_shell(env, OCCUPATION_URL)}
        paths["files_form"] = manage_shell(env, SETUP_FILES)
        paths["files"] = upload_files()
        made = MAKE_STAFF.format(
            count=args.staff, password=PASSWORD, slug=PAGE_SLUG, applications=args.listed
        )
        staff = [line.split()[1:] for line in manage_lines(env, made) if line.startswith("STAFF")]
        paths["staff"] = []
        for username, key in staff:
            browser = sign_in(port, username, key)
            token = browser.token("/admin/applications-exchange/export/")
            paths["staff"].append({"cookie": browser.cookie, "token": token})
        paths["cookie"], paths["token"] = form_token(port, paths["form"])
        paths["status_token"] = status_token(port, paths["cookie"])
        numbers = list(range(1_000_000, 1_000_000 + 4 * args.users + int(args.seconds * 30)))
        paths["people"] = list(zip(numbers, texted_codes(env, numbers), strict=True))
        results = run(port, users=args.users, seconds=args.seconds, think=args.think, paths=paths)
    elapsed = results.pop("_elapsed")
    print(f"{args.users} users, {args.seconds:g} s, think time ~{args.think:g} s; "
          f"{elapsed:.1f} s with the last requests")  # fmt: skip
    print(f"{'kind':<15}{'requests':>9}{'errors':>8}{'req/s':>8}{'p95 ms':>9}  answers")
    total = errors = 0
    for kind, row in results.items():
        count = len(row["latencies"])
        total, errors = total + count, errors + row["errors"]
        print(f"{kind:<15}{count:>9}{row['errors']:>8}{count / elapsed:>8.1f}"
              f"{percentile(row['latencies'], 0.95):>9.0f}  {row['statuses']}")  # fmt: skip
    print(f"{'all':<15}{total:>9}{errors:>8}{total / elapsed:>8.1f}")
    print(f"target: 0 errors at 100 users → {verdict(errors == 0 and args.users >= 100)}")


if __name__ == "__main__":
    main()
