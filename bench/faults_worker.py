"""`bench/faults.py worker`: a ``manage.py db_worker`` killed (SIGKILL) during a large export.

The site's own code does the work: applications are bulk-created as bench/export.py builds them,
the export job is started with hostsite.services.job_start (what the 导出报名 screen does for a
large export), a db_worker runs it and is killed once the job reports progress. Then the stale
job is failed by hostsite.services.jobs_fail_stale (what the prune command runs), asked with a
clock past JOB_STALE_SECONDS instead of waiting ten minutes, retried with job_retry (what
POST /jobs/<id>/retry/ calls; the staff sign-in with its second factor is not driven here) and
a new worker finishes it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from bench.common import PYTHON, ROOT, bench_env, empty_postgres, empty_redis
from bench.faults import own_redis, verdict
from bench.submit import manage_shell

ROWS = 30_000
BUILD = f"""
import sys; sys.path.insert(0, {str(ROOT)!r})
from bench.export import build
build({ROWS})
print("built")
"""
START = """
from django.contrib.auth import get_user_model
from django.db import transaction
from forms_app.exchange import services, tasks
from hostsite.services import job_start
user = get_user_model().objects.get(username="bench")
with transaction.atomic():
    job = job_start(task=tasks.export_applications_task, label="导出（故障检查）", owner=user,
                    kwargs={"user_id": user.pk,
                            "options": services.ExportOptions(file_format="xlsx").as_json()})
print(job.pk)
"""
STATE = """
import json
from hostsite.models import Job
job = Job.objects.get(pk={job_id!r})
print(json.dumps({{"status": job.status, "done": job.done, "total": job.total,
                   "message": job.message, "retriable": job.retriable}}))
"""
FAIL_STALE = """
from datetime import timedelta
from django.utils import timezone
from hostsite.services import JOB_STALE_SECONDS, jobs_fail_stale
print(jobs_fail_stale(now=timezone.now() + timedelta(seconds=JOB_STALE_SECONDS + 1)))
"""
RETRY = """
from hostsite.models import Job
from hostsite.services import job_retry
job_retry(job=Job.objects.get(pk={job_id!r}))
print("retried")
"""


def state(env: dict, job_id: str) -> dict:
    return json.loads(manage_shell(env, STATE.format(job_id=job_id)))


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--backend", "db", "--queue-name", "exports"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(env: dict, job_id: str, test, seconds: float) -> tuple[dict, float]:
    began = time.monotonic()
    while True:
        seen = state(env, job_id)
        if test(seen) or time.monotonic() - began > seconds:
            return seen, time.monotonic() - began
        time.sleep(0.3)


def check_worker() -> bool:
    with own_redis(), tempfile.TemporaryDirectory(prefix="bench-faults-") as d:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{d}/bench.sqlite3")
        env = {**bench_env(d), "PRIVATE_MEDIA_ROOT": f"{d}/private"}
        if env["DATABASE_URL"].startswith("postgres"):
            empty_postgres(env["DATABASE_URL"])
        empty_redis(env["REDIS_URL"])
        manage_shell(env, BUILD)
        job_id = manage_shell(env, START)
        first = worker(env)
        try:
            seen, _ = wait_for(
                env,
                job_id,
                lambda s: s["done"] > 0 or s["status"] not in ("queued", "running"),
                120,
            )
            print(f"export of {ROWS} rows started: {seen['status']} {seen['done']}/{seen['total']}")
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        time.sleep(1)
        killed = state(env, job_id)
        print(f"db_worker killed (SIGKILL): the job reads {killed['status']} "
              f"{killed['done']}/{killed['total']}")  # fmt: skip
        failed_now = manage_shell(env, FAIL_STALE)
        failed = state(env, job_id)
        print(
            f"jobs_fail_stale past JOB_STALE_SECONDS marked {failed_now} job(s): "
            f"{failed['status']}, retriable={failed['retriable']}, message: {failed['message']}"
        )
        manage_shell(env, RETRY.format(job_id=job_id))
        second = worker(env)
        try:
            done, took = wait_for(env, job_id, lambda s: s["status"] in ("succeeded", "failed"),
                                  180)  # fmt: skip
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait()
        print(f"retried with a new worker: {done['status']} after {took:.1f} s: {done['message']}")
    ok = (
        killed["status"] == "running"
        and failed["status"] == "failed"
        and failed["retriable"]
        and done["status"] == "succeeded"
    )
    print(f"killed export ends failed and retriable, and the retry finishes → {verdict(ok)}")
    return ok


if __name__ == "__main__":
    sys.exit("run it as: bench/faults.py worker")
