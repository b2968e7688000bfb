"""导入成绩's confirmed write is a background job (hostsite jobs, the page polls it with the
shared progress script): the request only starts it; the job checks the kept file again and
writes all rows or none, and says why in Chinese when it writes nothing."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hostsite.models import AuditEntry, Job

from assessments.choices import ComponentKind
from assessments.models.results import PlanScoring, Score
from assessments.services.results import imports
from forms_app.storage import private_storage
from tests.assessments.factories import candidates, exam_plan, exam_staff
from tests.assessments.results.support import notice_for

HEADER = ["准考证号", "姓名", "理论知识考试", "操作技能考核", "原因"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Kept files go to a fresh folder for each test."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def plan(loaded_site):
    plan = exam_plan()
    for n, person in enumerate(candidates(plan, 2), start=1):
        person.ticket_number = f"{plan.code}01{n:02d}"
        person.save(update_fields=["ticket_number"])
    return plan


@pytest.fixture
def clerk(plan, client):
    user = exam_staff("import-clerk")
    user.groups.add(Group.objects.get(name="成绩录入"))
    PlanScoring.objects.create(plan=plan).clerks.add(user)
    client.force_login(user)
    return user


def scores_file(plan, theory=("90", "缺考")):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for person, value in zip(plan.candidates.order_by("ticket_number"), theory, strict=True):
        reason = "病假" if value == "缺考" else None
        book.active.append([person.ticket_number, person.application.name, value, 70, reason])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("scores.xlsx", buffer.getvalue())


def checked(client, plan, upload=None):
    """Upload and check; returns the confirmation token of the preview."""
    upload = upload or scores_file(plan)
    response = client.post(f"/admin/scores/{plan.pk}/import/", {"file": upload})
    assert response.status_code == 200, response.content.decode()
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def confirm(client, plan, token, **extra):
    return client.post(f"/admin/scores/{plan.pk}/import/", {"token": token, **extra})


def test_the_confirmation_starts_a_job_and_the_job_writes_the_scores(
    plan, clerk, client, django_capture_on_commit_callbacks
):
    token = checked(client, plan)
    assert len(private_storage().listdir(imports.UPLOADS)[1]) == 1  # kept for the job
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = confirm(client, plan, token)
    job = Job.objects.get(owner=clerk)
    assert started.status_code == 302
    assert started["Location"] == f"/admin/scores/{plan.pk}/import/jobs/{job.pk}/"
    assert job.status == "queued" and not Score.objects.exists()  # the request wrote nothing

    page = client.get(started["Location"]).content.decode()
    assert f"/jobs/{job.pk}/" in page and "hostsite/js/job_progress.js" in page  # polls the job

    for callback in callbacks:  # the worker takes the job
        callback()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.message == "已导入，4 项成绩有变化。"
    assert job.result_url == f"/admin/scores/{plan.pk}/"
    assert Score.objects.filter(candidate__plan=plan).count() == 4
    entry = AuditEntry.objects.get(action="assessments.score_import")
    assert entry.actor == clerk and entry.row_count == 2 and entry.detail == "scores.xlsx"
    assert private_storage().listdir(imports.UPLOADS)[1] == []  # gone once imported
    status = client.get(f"/jobs/{job.pk}/").json()
    assert status["status"] == "succeeded" and status["percent"] == 100


def test_a_row_gone_wrong_since_the_check_fails_the_job_and_writes_nothing(
    plan, clerk, client, django_capture_on_commit_callbacks
):
    token = checked(client, plan)
    first = plan.candidates.order_by("ticket_number").first().application
    first.name = "改名后"
    first.save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        follow = client.get(confirm(client, plan, token)["Location"]).content.decode()
    job = Job.objects.get(owner=clerk)
    assert job.status == "failed" and job.retriable
    assert "没有导入任何成绩" in job.message and "第 2 行：姓名与准考证号不符" in job.message
    assert "导入失败" in follow
    assert not Score.objects.exists()
    assert not AuditEntry.objects.filter(action="assessments.score_import").exists()


def test_a_clerk_taken_off_the_plan_meanwhile_imports_nothing(
    plan, clerk, client, django_capture_on_commit_callbacks
):
    token = checked(client, plan)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(client, plan, token)
    plan.scoring.clerks.remove(clerk)
    for callback in callbacks:
        callback()
    job = Job.objects.get(owner=clerk)
    assert job.status == "failed" and "不能导入本考试计划的成绩" in job.message
    assert not Score.objects.exists()


def test_a_locked_plan_needs_the_reason_and_the_permission_in_the_job(
    plan, clerk, client, django_capture_on_commit_callbacks
):
    first = plan.candidates.order_by("ticket_number").first()
    Score.objects.create(candidate=first, component=ComponentKind.THEORY, value=50)
    notice_for(plan)  # published: the scores are locked
    token = checked(client, plan)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, plan, token, reason="复核更正")
    job = Job.objects.get(owner=clerk)
    assert job.status == "failed" and "可修改已公示的成绩" in job.message
    assert Score.objects.get(candidate=first).value == 50


def test_a_token_of_another_user_or_plan_is_refused(
    plan, clerk, client, django_capture_on_commit_callbacks
):
    token = checked(client, plan)
    other = exam_plan()
    PlanScoring.objects.create(plan=other).clerks.add(clerk)
    refused = confirm(client, other, token)
    assert refused.status_code == 400 and "重新上传" in refused.content.decode()
    client.force_login(exam_staff("reviewer", extra_perms=("assessments.review_scores",)))
    assert confirm(client, plan, token).status_code == 400
    assert confirm(client, plan, "forged").status_code == 400
    assert not Job.objects.exists() and not Score.objects.exists()


def test_someone_elses_import_job_is_not_shown(plan, clerk, client):
    token = checked(client, plan)
    started = confirm(client, plan, token)
    client.force_login(exam_staff("nosy", extra_perms=("assessments.review_scores",)))
    assert client.get(started["Location"]).status_code == 404


def test_unconfirmed_files_are_pruned_after_a_day(plan, clerk, client):
    checked(client, plan)
    later = timezone.now() + imports.UPLOADS_KEPT + timedelta(minutes=1)
    assert imports.score_import_uploads_prune(now=timezone.now()) == 0
    assert imports.score_import_uploads_prune(now=later, dry_run=True) == 1
    assert imports.score_import_uploads_prune(now=later) == 1
    assert private_storage().listdir(imports.UPLOADS)[1] == []


def test_a_double_entry_plan_is_not_imported_by_a_clerk(plan, clerk, client):
    PlanScoring.objects.filter(plan=plan).update(double_entry=True)
    assert client.get(f"/admin/scores/{plan.pk}/import/").status_code in (302, 403)
    assert client.get(f"/admin/scores/{plan.pk}/").status_code == 200  # the grid stays open
