"""The bank's admin pages: who reaches what, and an import through upload, check, confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hostsite.models import Job

from assessments.choices import QuestionStatus
from assessments.models import Question
from tests.assessments.questions import factories as f
from tests.assessments.questions.test_exchange import GOOD


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


def test_authors_write_and_import_but_do_not_review(client, occ):
    author = f.member("author", "命题")
    q = f.question(occ, status=QuestionStatus.DRAFT)
    client.force_login(author)
    assert client.get(reverse("questions:index")).status_code == 200
    assert client.get(reverse("questions:add")).status_code == 200
    assert client.get(reverse("questions:edit", args=[q.pk])).status_code == 200
    page = client.get(reverse("questions:inspect", args=[q.pk]))
    assert page.status_code == 200 and "审核通过" not in page.content.decode()
    assert client.get(reverse("assessments_questions_import")).status_code == 200
    refused = client.post(reverse("assessments_question_action", args=[q.pk, "review"]))
    assert refused.status_code == 403
    q.refresh_from_db()
    assert q.status == QuestionStatus.DRAFT


def test_other_staff_do_not_reach_the_bank(client, occ):
    reviewer = f.member("reviewer", "报名审核")
    client.force_login(reviewer)
    assert client.get(reverse("assessments_questions_import")).status_code == 403
    assert client.get(reverse("assessments_questions_export")).status_code == 403
    assert client.get(reverse("questions:index")).status_code in (302, 403)


def test_manager_reviews_a_question_from_its_page(client, occ):
    author = f.member("author", "命题")
    manager = f.member("manager", "题库管理")
    q = f.question(occ, status=QuestionStatus.DRAFT)
    q.author = author
    q.save()
    client.force_login(manager)
    response = client.post(reverse("assessments_question_action", args=[q.pk, "review"]))
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.status == QuestionStatus.REVIEWED and q.reviewed_by == manager


def test_import_through_the_admin_checks_first_then_confirms(
    client, occ, django_capture_on_commit_callbacks
):
    client.force_login(f.member("author", "命题"))
    url = reverse("assessments_questions_import")
    upload = SimpleUploadedFile("bank.xlsx", f.xlsx(GOOD))
    preview = client.post(url, {"occupation": occ.pk, "level": f.LEVEL, "file": upload})
    assert preview.status_code == 200 and "检查通过" in preview.content.decode()
    assert not Question.objects.exists()
    token = preview.context["token"]
    with django_capture_on_commit_callbacks(execute=True):  # the import runs as a job
        started = client.post(url, {"token": token})
    assert started.status_code == 302 and Question.objects.count() == 4
    job = client.get(started["Location"])
    assert job.status_code == 200 and "已导入 4 道题（草稿）" in job.content.decode()
    assert Job.objects.get().status == "succeeded"
    again = client.post(url, {"token": token})  # the stored file is gone
    assert again.status_code == 400 and Question.objects.count() == 4
    other = f.member("other", "命题")
    client.force_login(other)
    assert client.get(started["Location"]).status_code == 404  # someone else's job
    client.force_login(f.member("author2", "命题"))
    bad = SimpleUploadedFile("bad.csv", "题型,题干,答案\n论述题,题,x\n".encode())
    refused = client.post(url, {"occupation": occ.pk, "level": f.LEVEL, "file": bad})
    assert refused.status_code == 422 and "无法识别题型" in refused.content.decode()
    template = client.get(reverse("assessments_questions_import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd")


def test_a_file_changed_after_the_check_fails_the_job_and_writes_nothing(
    client, occ, django_capture_on_commit_callbacks
):
    from django.core import signing

    from assessments.services.questions import tasks

    client.force_login(f.member("author", "命题"))
    url = reverse("assessments_questions_import")
    upload = SimpleUploadedFile("bank.xlsx", f.xlsx(GOOD))
    preview = client.post(url, {"occupation": occ.pk, "level": f.LEVEL, "file": upload})
    stored = signing.loads(preview.context["token"], salt="assessments.questions.import")["f"]
    storage = tasks.upload_storage()
    storage.delete(stored)
    storage.save(stored, io.BytesIO(f.xlsx(GOOD[:1])))
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url, {"token": preview.context["token"]})
    page = client.get(started["Location"]).content.decode()
    assert "导入失败：文件已变化，请重新上传。" in page
    assert not Question.objects.exists()
