"""Shared pieces of the benchmarks: a throwaway site served by gunicorn, and a load client."""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        VAR_DIR=var_dir,
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    # Production settings want Redis; the benchmarks use a database of it of their own, emptied
    # before each run (never the site's: BENCH_REDIS_URL overrides).
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    # Throwaway personal-data keys: production settings refuse to start without them.
    env.setdefault("PERSONAL_DATA_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    env.setdefault("PERSONAL_DATA_HMAC_KEY", secrets.token_urlsafe(48))
    # A throwaway Ed25519 key signing certificates (any 32 random bytes are one).
    env.setdefault("CERTIFICATE_SIGNING_KEYS", f"bench:{secrets.token_urlsafe(32)}")
    return env


@contextmanager
def served_site(*, workers: int | None = None, prepare=None):
    """Migrate and load a fresh site in a temporary folder and serve it with gunicorn as in
    production (gunicorn.conf.py; ``workers`` overrides its number of processes). A PostgreSQL
    database named by DATABASE_URL is emptied first: give the benchmarks their own.
    ``prepare(env)``, if given, runs after loading the content and before serving."""
    with tempfile.TemporaryDirectory(prefix="bench-") as var_dir:
        env = bench_env(var_dir)
        if env["DATABASE_URL"].startswith("postgres"):
            empty_postgres(env["DATABASE_URL"])
        empty_redis(env["REDIS_URL"])
        for command in (
            ["migrate", "-v0"],
            ["load_school_content"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if prepare is not None:
            prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "bench.wsgi:application",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                *(["--workers", str(workers)] if workers else []),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: do not wait for ever
                server.kill()
                server.wait()


def empty_postgres(url: str) -> None:
    """Drop everything in the benchmark's PostgreSQL database, which must be one of its own."""
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name:
        sys.exit(
            f"DATABASE_URL names {name!r}: the benchmarks empty their database, so its name "
            "must contain 'bench' (createdb -h 127.0.0.1 -U postgres bench)"
        )
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def load(
    port: int, *, method: str, path: str, body: dict | None, clients: int, requests: int
) -> dict[str, float]:
    """``requests`` requests from ``clients`` keep-alive connections; returns rate and latency."""
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if payload else {}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(per_client):
            start = time.perf_counter()
            try:
                conn.request(method, path, body=payload, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }
