"""Background jobs (hostsite.services job_start / job_running, the /jobs/<id>/ status view).

Test settings run both task backends immediately, so a job has finished by the time the
transaction that started it commits.
"""

import json

import pytest
from django.urls import reverse
from django_tasks import task
from hostsite.models import Job, JobStatus
from hostsite.services import job_running, job_start

from tests.hostsite.factories import UserFactory


@task(backend="db", queue_name="exports")
def export_applicants(*, job_id: str, rows: int, fail_at: int | None = None) -> None:
    with job_running(job_id) as job:
        for done in range(1, rows + 1):
            if done == fail_at:
                raise ValueError(f"第 {done} 行的身份证号码无效")
            job.progress(done, rows, f"已导出 {done} 行")
        job.finish(message=f"共导出 {rows} 行", result_url="/media/exports/applicants.xlsx")


def start(owner, django_capture_on_commit_callbacks, **kwargs) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(task=export_applicants, label="导出报名表", owner=owner, kwargs=kwargs)
    return job


def status(client, job: Job):
    return client.get(reverse("job_status", args=[job.pk]))


@pytest.fixture
def owner(db):
    return UserFactory()


def test_the_owner_follows_a_job_to_its_result(client, owner, django_capture_on_commit_callbacks):
    job = start(owner, django_capture_on_commit_callbacks, rows=3)
    client.force_login(owner)

    response = status(client, job)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["id"] == str(job.pk)
    assert data["label"] == "导出报名表"
    assert data["status"] == JobStatus.SUCCEEDED
    assert data["status_display"] == "已完成"
    assert data["percent"] == 100
    assert (data["done"], data["total"]) == (3, 3)
    assert data["message"] == "共导出 3 行"
    assert data["result_url"] == "/media/exports/applicants.xlsx"
    job.refresh_from_db()
    assert job.task_result_id  # the task backend's id is kept with the job


def test_the_job_waits_for_the_transaction_that_starts_it(
    owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(task=export_applicants, label="导出报名表", owner=owner, kwargs={"rows": 2})
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.percent == 0
    assert len(callbacks) == 1


def test_a_failing_task_marks_the_job_failed_with_its_message(
    client, owner, django_capture_on_commit_callbacks
):
    job = start(owner, django_capture_on_commit_callbacks, rows=5, fail_at=3)
    client.force_login(owner)

    data = json.loads(status(client, job).content)

    assert data["status"] == JobStatus.FAILED
    assert data["status_display"] == "失败"
    assert data["message"] == "第 3 行的身份证号码无效"
    assert (data["done"], data["total"], data["percent"]) == (2, 5, 40)
    assert data["result_url"] == ""


def test_another_member_of_staff_cannot_see_the_job(
    client, owner, django_capture_on_commit_callbacks
):
    job = start(owner, django_capture_on_commit_callbacks, rows=1)
    client.force_login(UserFactory())
    assert status(client, job).status_code == 404


def test_a_superuser_can_see_every_job(
    client, owner, admin_user, django_capture_on_commit_callbacks
):
    job = start(owner, django_capture_on_commit_callbacks, rows=1)
    client.force_login(admin_user)
    assert status(client, job).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client, owner, django_capture_on_commit_callbacks
):
    job = start(owner, django_capture_on_commit_callbacks, rows=1)

    response = status(client, job)

    assert response.status_code == 302
    login = reverse("wagtailadmin_login")
    assert response["Location"].startswith(f"{login}?next=/jobs/{job.pk}/")
    assert "登录" in client.get(response["Location"]).content.decode()
