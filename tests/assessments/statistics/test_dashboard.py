"""The statistics dashboard: only staff allowed to see it; charts count what is there, filtered
by batch and occupation, as SVG drawn on the server (no script from elsewhere) and as CSV; the
queries stay aggregate (their number does not grow with the applications)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test.utils import CaptureQueriesContext

from assessments.selectors import statistics
from tests.assessments.factories import exam_staff, school_occupation
from tests.forms_app.factories import ApplicationFactory, ExamPeriodFactory


@pytest.fixture
def data(loaded_site):
    occupation = school_occupation()
    spring, autumn = ExamPeriodFactory(name="2026年第一批"), ExamPeriodFactory(name="2026年第二批")
    for level, status in ((4, "approved"), (4, "rejected"), (3, "approved"), (4, "approved")):
        ApplicationFactory(occupation=occupation, exam_period=spring, level=level, status=status)
    ApplicationFactory(occupation=occupation, exam_period=autumn, level=5, status="submitted")
    return occupation, spring, autumn


def viewer(username="stats"):
    return exam_staff(username, extra_perms=("assessments.view_statistics",))


def test_charts_count_by_occupation_level_and_batch(data):
    occupation, spring, _autumn = data
    everything = statistics.applications_by_occupation_and_level(statistics.Filters())
    index = everything.labels.index(occupation.title)
    assert everything.series["四级/中级工"][index] == 3
    assert everything.series["五级/初级工"][index] == 1
    spring_only = statistics.applications_by_occupation_and_level(
        statistics.Filters(exam_period_id=spring.pk)
    )
    assert "五级/初级工" not in spring_only.series
    approval = statistics.approval_rates(statistics.Filters(exam_period_id=spring.pk))
    assert approval.series["通过率 %"][approval.labels.index(occupation.title)] == 75.0


def test_queries_do_not_grow_with_the_applications(data):
    from django.db import connection

    occupation, spring, _autumn = data
    with CaptureQueriesContext(connection) as few:
        statistics.charts(statistics.Filters())
    for _n in range(20):
        ApplicationFactory(occupation=occupation, exam_period=spring, level=2, status="approved")
    with CaptureQueriesContext(connection) as many:
        statistics.charts(statistics.Filters())
    assert len(many) == len(few) <= 8


def test_the_dashboard_needs_the_permission(data, client):
    client.force_login(exam_staff("nobody"))
    assert client.get("/admin/statistics/").status_code in (302, 403)
    assert client.get("/admin/statistics/applications.csv").status_code in (302, 403)


def test_the_dashboard_shows_svg_charts_and_csv(data, client):
    occupation, spring, _autumn = data
    client.force_login(viewer())
    page = client.get("/admin/statistics/", {"period": spring.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "各职业、等级报名人数" in text
    assert f"applications.svg?period={spring.pk}" in text

    svg = client.get("/admin/statistics/applications.svg", {"period": spring.pk})
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert "<svg" in body and occupation.title in body
    # nothing fetched from elsewhere (pygal links its tooltip script from the web by default)
    assert not re.search(r"<script[^>]*(href|src)=", body)

    download = client.get("/admin/statistics/applications.csv", {"period": spring.pk})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["分类", "四级/中级工", "三级/高级工"]
    assert [occupation.title, "3", "1"] in rows
    assert client.get("/admin/statistics/nothing.svg").status_code == 404
