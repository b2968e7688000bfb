"""Background jobs that cannot run: an enqueue that fails marks the job failed at once (never
queued forever); a worker killed mid-job leaves a job that stops reporting, which is then shown
as failed and can be retried (hostsite.services job_fail_if_stale, job_retry)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hostsite.models import Job, JobStatus
from hostsite.services import job_start, jobs_fail_stale

from tests.hostsite.factories import UserFactory
from tests.hostsite.test_services import export_applicants, start, status


@pytest.fixture
def owner(db):
    return UserFactory()


class _BrokenQueue:
    """A task whose backend refuses the job (its database or broker is unreachable)."""

    module_path = export_applicants.module_path

    def enqueue(self, **kwargs):
        raise ConnectionError("task backend unreachable")


def killed_mid_job(job: Job, *, minutes_ago: int) -> Job:
    """What a worker killed while running leaves: running, last heartbeat long ago."""
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        done=1,
        message="已导出 1 行",
        updated_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    job.refresh_from_db()
    return job


def test_a_job_that_cannot_be_enqueued_is_failed_not_pending(
    client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(task=_BrokenQueue(), label="导出报名表", owner=owner, kwargs={"rows": 2})
    client.force_login(owner)

    data = json.loads(status(client, job).content)

    assert data["status"] == JobStatus.FAILED
    assert "未能加入后台队列" in data["message"]
    assert data["retry_url"] == reverse("job_retry", args=[job.pk])


def test_a_job_whose_worker_was_killed_is_failed_and_can_be_retried(
    client, owner, django_capture_on_commit_callbacks
):
    job = killed_mid_job(start(owner, django_capture_on_commit_callbacks, rows=3), minutes_ago=30)
    client.force_login(owner)

    data = json.loads(status(client, job).content)
    assert data["status"] == JobStatus.FAILED
    assert data["message"] == "任务中断（后台进程停止或超时），可以重试。"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(data["retry_url"], {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    data = json.loads(status(client, job).content)
    assert data["status"] == JobStatus.SUCCEEDED
    assert data["message"] == "共导出 3 行"
    assert data["retry_url"] == ""


def test_a_job_that_keeps_reporting_is_not_taken_for_dead(
    client, owner, django_capture_on_commit_callbacks
):
    job = killed_mid_job(start(owner, django_capture_on_commit_callbacks, rows=3), minutes_ago=2)
    client.force_login(owner)
    assert json.loads(status(client, job).content)["status"] == JobStatus.RUNNING
    assert jobs_fail_stale() == 0


def test_the_prune_marks_stale_jobs_failed_without_anyone_looking(
    owner, django_capture_on_commit_callbacks
):
    job = killed_mid_job(start(owner, django_capture_on_commit_callbacks, rows=3), minutes_ago=30)
    never_started = Job.objects.create(label="导入", owner=owner, status=JobStatus.QUEUED)
    Job.objects.filter(pk=never_started.pk).update(updated_at=timezone.now() - timedelta(hours=2))

    assert jobs_fail_stale() == 2
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.FAILED}
    job.refresh_from_db()
    assert job.message.startswith("任务中断")


def test_only_a_failed_job_of_ones_own_can_be_retried(
    client, owner, django_capture_on_commit_callbacks
):
    job = start(owner, django_capture_on_commit_callbacks, rows=1)  # succeeded
    client.force_login(owner)
    assert client.post(reverse("job_retry", args=[job.pk])).status_code == 409

    killed_mid_job(job, minutes_ago=30)
    client.force_login(UserFactory())
    assert client.post(reverse("job_retry", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_retry", args=[job.pk])).status_code == 405
