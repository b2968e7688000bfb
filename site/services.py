"""Host services: background jobs with progress a page can poll."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite.models import Job, JobStatus

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` so that it runs only if the current transaction commits.

    A database task backend writes its row inside the transaction (an outbox: the task and the
    work it follows commit or roll back together, without a second write); other backends
    (immediate in tests, for example) are asked once the transaction has committed.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


#: A running job whose task has reported nothing for this long is taken for dead (the worker
#: was killed or the machine restarted): marked failed, and can be retried. Settings:
#: JOB_STALE_SECONDS (running), JOB_QUEUED_MAX_SECONDS (never started: no worker running).
JOB_STALE_SECONDS = 600
JOB_QUEUED_MAX_SECONDS = 3600


def _stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOB_STALE_SECONDS", JOB_STALE_SECONDS))


def _queued_max() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOB_QUEUED_MAX_SECONDS", JOB_QUEUED_MAX_SECONDS))


def job_start(*, task: Any, label: str, owner=None, kwargs: dict | None = None) -> Job:
    """Record a job and enqueue ``task(job_id=…, **kwargs)`` once the transaction commits.

    ``kwargs`` must be JSON (they are kept with the job so that a failed job can be retried).
    If the task cannot be enqueued the job is marked failed at once, never left queued."""
    job = Job.objects.create(
        label=label, owner=owner, task_path=task.module_path, task_kwargs=kwargs or {}
    )
    transaction.on_commit(lambda: _enqueue(job.pk, task, kwargs or {}))
    return job


def _enqueue(job_id, task: Any, kwargs: dict) -> None:
    try:
        result = task.enqueue(job_id=str(job_id), **kwargs)
    except Exception:
        logger.exception("Job %s could not be enqueued", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            message=_("任务未能加入后台队列（后台服务暂时不可用），请稍后重试。"),
            updated_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(task_result_id=result.id)


class JobNotRetriable(Exception):
    pass


def job_retry(*, job: Job) -> Job:
    """Run a failed job again from the start (same id: pages following it keep working)."""
    from django.utils.module_loading import import_string

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        job_fail_if_stale(job=job)
        if not job.retriable:
            raise JobNotRetriable(_("只有失败的任务可以重试。"))
        task = import_string(job.task_path)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED, done=0, message="", result_url="", updated_at=timezone.now()
        )
        transaction.on_commit(lambda: _enqueue(job.pk, task, job.task_kwargs))
    return job


def job_fail_if_stale(*, job: Job, now=None) -> bool:
    """Mark ``job`` failed if its task stopped reporting (see JOB_STALE_SECONDS); True if so."""
    now = now or timezone.now()
    message = stale_reason(job, now)
    if message is None:
        return False
    updated = Job.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
        status=JobStatus.FAILED, message=message, updated_at=now
    )
    if updated:
        logger.warning("Job %s (%s) taken for dead: %s", job.pk, job.label, job.status)
        job.status, job.message, job.updated_at = JobStatus.FAILED, message, now
    return bool(updated)


def stale_reason(job: Job, now) -> str | None:
    if job.status == JobStatus.RUNNING and job.updated_at < now - _stale_after():
        return _("任务中断（后台进程停止或超时），可以重试。")
    if job.status == JobStatus.QUEUED and job.updated_at < now - _queued_max():
        return _("任务长时间未开始（后台进程可能未运行），可以重试。")
    return None


def jobs_fail_stale(*, now=None) -> int:
    """Mark every stale job failed (the prune command runs this); returns how many."""
    now = now or timezone.now()
    candidates = Job.objects.filter(
        Q(status=JobStatus.RUNNING, updated_at__lt=now - _stale_after())
        | Q(status=JobStatus.QUEUED, updated_at__lt=now - _queued_max())
    )
    return sum(job_fail_if_stale(job=job, now=now) for job in candidates)


class JobReporter:
    def __init__(self, job_id: str):
        self.job_id = job_id

    def progress(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(
            done=done, total=total, message=message, updated_at=timezone.now()
        )

    def finish(self, *, message: str = "", result_url: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(
            status=JobStatus.SUCCEEDED,
            message=message,
            result_url=result_url,
            updated_at=timezone.now(),
        )


@contextmanager
def job_running(job_id: str) -> Iterator[JobReporter]:
    """Wrap a task body: marks the job running, then succeeded, or failed with the error."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, updated_at=timezone.now())
    reporter = JobReporter(job_id)
    try:
        yield reporter
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(error)[:500], updated_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED, updated_at=timezone.now()
    )
