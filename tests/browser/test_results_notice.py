"""The publicity notice (成绩公示) in a browser: a phone at 390×844 and a desktop at 1280×800
(screenshots in var/screenshots/), masked names, the period, and an objection filed."""

from __future__ import annotations

import pytest

from tests.browser.journey_support import (
    DESKTOP,
    PHONE,
    assert_no_sideways_scrolling,
    elements_past_the_right_edge,
)
from tests.browser.test_accessibility import BLOCKING, axe_findings

pytestmark = [pytest.mark.browser, pytest.mark.plugins("assessments")]

NAMES = ["张三明", "李四", "欧阳娜娜", "王小二", "赵敏", "孙悟空", "周芷若", "阿拉坦仓"]


@pytest.fixture
def notice_url(school_site_url):
    from assessments.choices import ComponentKind
    from assessments.models import Candidate
    from assessments.services.results import ScoreInput, scores_enter
    from tests.assessments.factories import approved_application, exam_plan, exam_staff
    from tests.assessments.results.support import notice_for

    plan = exam_plan(title="2026年第四批 电子商务师（网商）四级")
    clerk = exam_staff("browser-clerk")
    cells = []
    for n, name in enumerate(NAMES):
        candidate = Candidate.objects.create(
            plan=plan, application=approved_application(plan, name=name)
        )
        theory = 55 if n == 3 else 60 + n * 4
        cells += [
            ScoreInput(candidate, ComponentKind.THEORY, theory),
            ScoreInput(candidate, ComponentKind.SKILLS, 70 + n),
        ]
    scores_enter(plan=plan, cells=cells, user=clerk)
    notice = notice_for(plan, title="2026年第四批职业技能等级认定考核合格人员公示")
    return school_site_url + notice.url


@pytest.mark.parametrize("viewport, name", [(PHONE, "390"), (DESKTOP, "1280")])
def test_the_notice_reads_well_on_a_phone_and_a_desktop(
    browser, notice_url, screenshots, viewport, name
):
    context = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(notice_url)
    text = page.inner_text("main")
    assert "张*明" in text and "欧**娜" in text and "张三明" not in text
    assert "王*二" not in text  # 55 in theory: not passed
    assert "公示期" in text and "个工作日" in text and "如何提出异议" in text
    assert_no_sideways_scrolling(page)
    assert elements_past_the_right_edge(page, "main > article > *") == []
    page.screenshot(path=str(screenshots / f"results-notice-{name}.png"), full_page=True)
    blocking = [f for f in axe_findings(page) if f["impact"] in BLOCKING]
    assert blocking == []
    context.close()


def test_an_objection_is_filed_from_a_phone(browser, notice_url, screenshots):
    from assessments.models.notices import Objection

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(notice_url)
    page.get_by_label("您的姓名").fill("王五")
    page.get_by_label("联系方式").fill("13900001111")
    page.get_by_label("异议内容").fill("名单中张*明未参加操作技能考核。")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_url("**?filed=1")
    assert "您的异议已收到" in page.inner_text("main")
    page.screenshot(path=str(screenshots / "results-objection-filed-390.png"), full_page=True)
    assert Objection.objects.get().name == "王五"
    context.close()
