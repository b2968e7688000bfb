"""An editor pastes a level's 申报条件 from a public standard the school's data does not contain,
sees each numbered condition's proposed clauses and what was not read, edits one, decides on
each and saves a draft; then re-derives one condition's clauses after changing its text. The
admin's screens run under its Content-Security-Policy without violations (1280x800)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.test_csp import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

# 计算机网络管理员 国家职业标准 (2000s wording), 三级/高级工.
PASSAGE = """三级（具备以下条件之一者）
（1）取得本职业中级职业资格证书后，连续从事本职业工作3年以上。
（2）取得本职业中级职业资格证书后，连续从事本职业工作2年以上，经本职业高级正规培训达规定标准学时数，并取得结业证书。
（3）取得高级技工学校或经劳动保障行政部门审核认定的、以高级技能为培养目标的高等职业学校本职业（专业）毕业证书。
（4）取得本职业中级职业资格证书的大专以上本专业或相关专业毕业生，连续从事本职业工作2年以上。"""


@pytest.fixture
def editor_page(browser, school_site_url, live_server):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("parser-editor", "e@example.cn", "x" * 16)
    client = Client()
    client.force_login(admin)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    yield page
    context.close()


def no_violations(page):
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == [], page.url


def test_paste_a_standard_decide_on_each_condition_and_rederive_one(
    editor_page, school_site_url, screenshots
):
    from occupations.condition_edits import draft_of, levels_data
    from occupations.models import OccupationPage

    page = editor_page
    occupation = OccupationPage.objects.get(title="网络与信息安全管理")
    live_before = levels_data(occupation.specialties.get())
    page.goto(f"{school_site_url}/admin/pages/{occupation.pk}/edit/")
    page.get_by_role("tab", name="条件核对").click()
    page.get_by_role("link", name="粘贴一个等级的申报条件原文，生成条款").click()
    no_violations(page)

    page.get_by_label("申报条件原文").fill(PASSAGE)
    page.get_by_role("button", name="拆分并识别").click()
    no_violations(page)
    rows = page.locator("tr.conditions-paste__row")
    expect(rows).to_have_count(4)
    expect(page.get_by_text("识别结果（等级 3）")).to_be_visible()
    expect(rows.nth(0)).to_contain_text(
        "取得本职业四级/中级工及以上职业资格证书(技能等级证书)后，连续从事本职业工作3年(含)以上"
    )
    expect(rows.nth(1)).to_contain_text("经本职业三级/高级工正规培训达规定标准学时数")
    expect(rows.nth(2)).to_contain_text("未能识别")
    expect(rows.nth(3)).to_contain_text("具有大学专科及以上本专业或相关专业毕业证书")
    page.screenshot(path=str(screenshots / "conditions-paste-proposals-1280.png"), full_page=True)

    # Edit the first condition's text, read it again, then decide on each.
    rows.nth(0).locator("textarea").fill(
        "取得本职业中级职业资格证书后，连续从事本职业工作4年以上。"
    )
    page.get_by_role("button", name="按修改后的文字重新识别").click()
    expect(rows.nth(0)).to_contain_text("连续从事本职业工作4年(含)以上")
    for index, decision in enumerate(
        [
            "采用文字和识别出的条款",
            "采用文字和识别出的条款",
            "只采用文字，条款稍后手工填写",
            "不采用",
        ]
    ):
        rows.nth(index).get_by_label(decision).check()
    page.screenshot(path=str(screenshots / "conditions-paste-decided-1280.png"), full_page=True)
    page.get_by_role("button", name="保存采用的条件为草稿").click()

    expect(page.get_by_text("已将采用的条件保存为草稿")).to_be_visible()
    assert f"/admin/pages/{occupation.pk}/edit/" in page.url
    occupation.refresh_from_db()
    [three] = [
        lv for lv in levels_data(draft_of(occupation).specialties.all()[0]) if lv["level"] == 3
    ]
    assert [c["number"] for c in three["conditions"]] == [1, 2, 3]
    assert three["conditions"][0]["alternatives"][0]["clauses"][0]["work_after"]["years"] == 4
    assert three["conditions"][2]["alternatives"] == [{"clauses": []}]
    assert (
        levels_data(OccupationPage.objects.get(pk=occupation.pk).specialties.get()) == live_before
    )

    # The review tab lists the condition left without clauses, and offers re-deriving.
    page.get_by_role("tab", name="条件核对").click()
    expect(page.get_by_text("没有可判断的条款，资格审核无法自动进行。").first).to_be_visible()
    page.screenshot(path=str(screenshots / "conditions-review-tab-1280.png"), full_page=False)
    link = page.locator("a[href*='rederive'][href*='level=3'][href*='number=2']")
    link.click()
    no_violations(page)
    expect(page.locator(".condition-rederive__proposal")).to_contain_text(
        "经本职业三级/高级工正规培训"
    )
    expect(page.get_by_text("现有条款与按文字识别的结果一致，无需修改。")).to_be_visible()
    page.screenshot(path=str(screenshots / "condition-rederive-1280.png"), full_page=True)
