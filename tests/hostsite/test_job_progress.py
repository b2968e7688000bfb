"""The job progress box every plugin's job page includes (hostsite/includes/job_progress.html):
what a member of staff sees before the script takes over, and what the script reads."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from hostsite.models import Job, JobStatus

from tests.hostsite.factories import UserFactory

INCLUDE = (
    '{% include "hostsite/includes/job_progress.html" with label="导出进度" '
    'failed_text="导出失败：" result_text=result_text reload=reload %}'
)


def box(job: Job, *, result_text: str = "", reload: bool = False) -> BeautifulSoup:
    request = RequestFactory().get("/admin/some/job/page/")
    template = engines["django"].from_string(INCLUDE)
    html = template.render({"job": job, "result_text": result_text, "reload": reload}, request)
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def job(db):
    return Job.objects.create(label="导出报名表", owner=UserFactory(), total=10)


def test_a_running_job_shows_its_progress_and_the_polling_script(job):
    job.status, job.done, job.message = JobStatus.RUNNING, 4, "已写入 4 行"

    page = box(job, result_text="下载导出文件")

    section = page.select_one("[data-job-progress]")
    assert section["data-status-url"] == reverse("job_status", args=[job.pk])
    assert page.select_one("progress")["value"] == "40"
    assert page.select_one("progress")["aria-label"] == "导出进度"
    assert page.select_one("[data-message]").get_text() == "已写入 4 行"
    assert page.select_one("[data-result]").has_attr("hidden")  # no file yet
    assert page.select_one("[data-retry]").has_attr("hidden")
    assert "data-reload" not in section.attrs
    script = page.select_one("script")["src"]
    assert script.endswith("hostsite/js/job_progress.js")
    assert finders.find("hostsite/js/job_progress.js")  # the file the page asks for exists


def test_a_finished_job_shows_its_result_or_why_it_failed_without_javascript(job):
    job.status, job.result_url = JobStatus.SUCCEEDED, "/admin/exports/file.xlsx"
    page = box(job, result_text="下载导出文件")
    link = page.select_one("[data-result]")
    assert not link.has_attr("hidden") and link.a["href"] == "/admin/exports/file.xlsx"
    assert link.a.get_text() == "下载导出文件"

    job.status, job.message = JobStatus.FAILED, "数据库不可用"
    page = box(job)
    assert page.select_one("[data-message]").get_text() == "导出失败：数据库不可用"
    retry = page.select_one("[data-retry]")
    assert retry["action"] == reverse("job_retry", args=[job.pk])
    assert retry.has_attr("hidden") != job.retriable
    assert retry.select_one("[name=next]")["value"] == "/admin/some/job/page/"
    assert page.select_one("[data-result]") is None  # a page without a result link


def test_a_page_that_shows_the_outcome_itself_asks_to_be_reloaded(job):
    assert box(job, reload=True).select_one("[data-job-progress]")["data-reload"] == "1"


def test_every_job_page_uses_the_one_box():
    """The plugins' job pages include the host's box rather than copies of it."""
    pages = [
        "forms_app/exchange/export_job.html",
        "forms_app/exchange/import_status.html",
        "assessments/documents/batch_job.html",
        "assessments/plans/seating_job.html",
        "assessments/certificates/admin/job.html",
        "assessments/results/score_import_job.html",
        "assessments/questions/import_job.html",
    ]
    for name in pages:
        try:
            source = get_template(name).template.source
        except TemplateDoesNotExist:  # a disabled plugin's page
            continue
        assert "hostsite/includes/job_progress.html" in source, name
        assert "<progress" not in source, name
