"""Host services: background jobs with progress a page can poll."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
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


def job_start(*, task: Any, label: str, owner=None, kwargs: dict | None = None) -> Job:
    """Record a job and enqueue ``task(job_id=…, **kwargs)`` once the transaction commits."""
    job = Job.objects.create(label=label, owner=owner)

    def enqueue() -> None:
        result = task.enqueue(job_id=str(job.pk), **(kwargs or {}))
        Job.objects.filter(pk=job.pk).update(task_result_id=result.id)

    transaction.on_commit(enqueue)
    return job


class JobReporter:
    def __init__(self, job_id: str):
        self.job_id = job_id

    def progress(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(done=done, total=total, message=message)

    def finish(self, *, message: str = "", result_url: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(
            status=JobStatus.SUCCEEDED, message=message, result_url=result_url
        )


@contextmanager
def job_running(job_id: str) -> Iterator[JobReporter]:
    """Wrap a task body: marks the job running, then succeeded, or failed with the error."""
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    reporter = JobReporter(job_id)
    try:
        yield reporter
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=str(error)[:500])
        raise
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(status=JobStatus.SUCCEEDED)
