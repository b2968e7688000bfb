"""`make prod-check`: is this checkout ready to serve production?

1. ``manage.py check --deploy`` with production settings (fails on warnings too);
2. the migration check: ``makemigrations --check`` (models and migrations agree) and, against
   DATABASE_URL when it is set, ``migrate --check`` (nothing left unapplied);
3. a smoke request against gunicorn started with gunicorn.conf.py and hostsite.wsgi (which
   refuses bad personal-data keys at start-up): /healthz must answer 200 JSON and the home
   page must not fail, with the security headers in place.

Secrets and addresses come from the environment as in production. Missing secrets are replaced
by throw-away ones (a check of the code, not of a server's configuration); without
DATABASE_URL a fresh SQLite database in a temporary folder is migrated and used. REDIS_URL must
name a running Redis (/healthz reports the cache).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def run(*args: str, env: dict) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, cwd=REPO, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, host: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="prod-check-"))
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "hostsite.settings.production"
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(60))
    env.setdefault("PERSONAL_DATA_KEYS", base64.urlsafe_b64encode(os.urandom(32)).decode())
    env.setdefault("PERSONAL_DATA_HMAC_KEY", secrets.token_urlsafe(48))
    env.setdefault("CERTIFICATE_SIGNING_KEYS", f"check:{secrets.token_urlsafe(32)}")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "skills.example.cn")
    first_host = env["DJANGO_ALLOWED_HOSTS"].split(",")[0].strip()
    env.setdefault("WAGTAILADMIN_BASE_URL", f"https://{first_host}")
    if not env.get("REDIS_URL"):
        print("REDIS_URL is not set: production needs Redis (e.g. redis://127.0.0.1:6379/0)")
        return 2
    own_database = "DATABASE_URL" not in env
    if own_database:
        env["VAR_DIR"] = str(work)
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    env.setdefault("STATIC_ROOT", str(work / "static"))
    env.setdefault("PRIVATE_MEDIA_ROOT", str(work / "private"))
    env.setdefault("MEDIA_ROOT", str(work / "media"))
    host = env["DJANGO_ALLOWED_HOSTS"].split(",")[0].strip()

    step("check --deploy (production settings)")
    run(PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    step("migration check")
    run(PYTHON, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    if own_database:
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    else:
        run(PYTHON, "manage.py", "migrate", "--check", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)

    step("smoke request against gunicorn")
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    env.setdefault("WEB_CONCURRENCY", "2")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "hostsite.wsgi:application"], cwd=REPO, env=env
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                print(f"gunicorn exited with {server.returncode}")
                return 1
            try:
                status, headers, body = fetch(f"{base}/healthz", host)
                break
            except OSError:
                if time.monotonic() > deadline:
                    print("gunicorn did not answer within 60 s")
                    return 1
                time.sleep(0.5)
        print(f"GET /healthz -> {status} {body.decode()}")
        health = json.loads(body)
        problems = []
        if status != 200 or health.get("status") != "ok":
            problems.append(f"/healthz answered {status}: failed parts {health.get('failed')}")
        status, headers, _body = fetch(f"{base}/", host)
        print(f"GET / -> {status}")
        if status >= 500:
            problems.append(f"the home page answered {status}")
        for header in ("Content-Security-Policy", "Strict-Transport-Security"):
            if header not in headers:
                problems.append(f"the home page has no {header} header")
        for problem in problems:
            print("FAIL:", problem)
        if not problems:
            print("prod-check passed")
        return 1 if problems else 0
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
