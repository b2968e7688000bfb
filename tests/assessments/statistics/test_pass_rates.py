"""统计 → 各计划、科目合格率: per plan, the share of those who sat a component (缺考 did not sit;
违纪 did and failed) with at least its pass score, and the share of results that pass; filtered
by batch and occupation, drawn and downloadable as CSV, with aggregate queries only."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.choices import ComponentKind
from assessments.selectors import statistics
from assessments.selectors.results import pass_rates_by_plan_and_component
from assessments.services.results import ScoreInput, parse_cell, scores_enter
from tests.assessments.factories import candidates, exam_plan, exam_staff

THEORY, SKILLS, REVIEW = ComponentKind.THEORY, ComponentKind.SKILLS, ComponentKind.REVIEW


def enter(plan, clerk, rows):
    """``rows``: per candidate, {component: cell text}; 缺考/违纪 get a reason."""
    people = candidates(plan, len(rows))
    cells = []
    for person, row in zip(people, rows, strict=True):
        for component, text in row.items():
            value, mark = parse_cell(text)
            cells.append(ScoreInput(person, component, value, mark, "考场记录" if mark else ""))
    scores_enter(plan=plan, cells=cells, user=clerk)
    return people


@pytest.fixture
def plans(loaded_site):
    clerk = exam_staff("clerk", extra_perms=("assessments.enter_scores",))
    four = exam_plan(level=4, code="2600101", title="四级甲")
    enter(
        four,
        clerk,
        [
            {THEORY: "60", SKILLS: "80"},  # passes
            {THEORY: "59.5", SKILLS: "90"},  # theory short
            {THEORY: "缺考", SKILLS: "70"},  # did not sit theory
            {THEORY: "75", SKILLS: "违纪"},  # sat skills and failed it
        ],
    )
    two = exam_plan(level=2, code="2600102", title="二级乙")
    enter(two, clerk, [{THEORY: "61", SKILLS: "62", REVIEW: "58"}, {THEORY: "90", SKILLS: "90",
                                                                   REVIEW: "90"}])  # fmt: skip
    empty = exam_plan(level=4, code="2600103", title="未录入")
    candidates(empty, 2)
    return four, two, empty


def test_rates_per_component_and_plan(plans):
    four, two, _empty = plans
    labels, series = pass_rates_by_plan_and_component()
    assert labels == ["2600101 四级甲", "2600102 二级乙"]  # a plan without scores is left out
    assert series["理论知识考试"] == [66.7, 100.0]  # 2 of the 3 who sat; 2 of 2
    assert series["操作技能考核"] == [75.0, 100.0]  # 违纪 sat and failed
    assert series["综合评审"] == [None, 50.0]  # 四级 has no review
    assert series["综合合格"] == [25.0, 50.0]  # results: 1 of 4, 1 of 2


def test_filters_by_batch_and_occupation(plans):
    four, two, _empty = plans
    labels, series = pass_rates_by_plan_and_component(exam_period_id=two.exam_period_id)
    assert labels == ["2600102 二级乙"] and series["综合合格"] == [50.0]
    assert "操作技能考核" in series
    other = four.occupation.get_siblings().exclude(pk=four.occupation_id).first()
    labels, series = pass_rates_by_plan_and_component(occupation_id=other.pk)
    assert labels == [] and series == {"综合合格": []}


def test_queries_do_not_grow_with_the_candidates(plans):
    four, *_rest = plans
    with CaptureQueriesContext(connection) as few:
        pass_rates_by_plan_and_component()
    enter(four, exam_staff("clerk-2", extra_perms=("assessments.enter_scores",)),
          [{THEORY: "88", SKILLS: "66"}] * 15)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        labels, series = pass_rates_by_plan_and_component()
    assert len(many) == len(few) == 2
    assert series["综合合格"][0] == pytest.approx(100 * 16 / 19, abs=0.05)


def test_the_dashboard_draws_the_chart_and_gives_its_csv(plans, client):
    four, two, _empty = plans
    client.force_login(exam_staff("stats", extra_perms=("assessments.view_statistics",)))
    page = client.get("/admin/statistics/").content.decode()
    assert "各计划、科目合格率" in page and "pass.svg" in page and "pass.csv" in page
    svg = client.get("/admin/statistics/pass.svg").content.decode()
    assert "<svg" in svg and "2600101 四级甲" in svg
    download = client.get("/admin/statistics/pass.csv", {"period": four.exam_period_id})
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows == [
        ["分类", "理论知识考试", "操作技能考核", "综合合格"],
        ["2600101 四级甲", "66.7", "75.0", "25.0"],
    ]
    everything = list(
        csv.reader(
            io.StringIO(client.get("/admin/statistics/pass.csv").content.decode("utf-8-sig"))
        )
    )
    assert everything[1][3] == ""  # 四级 has no 综合评审: an empty cell, not "None"
    client.force_login(exam_staff("nobody"))
    assert client.get("/admin/statistics/pass.csv").status_code in (302, 403)


def test_the_chart_is_one_of_the_dashboards(plans):
    keys = [chart.key for chart in statistics.charts(statistics.Filters())]
    assert "pass" in keys
