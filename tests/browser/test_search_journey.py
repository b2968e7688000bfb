"""A visitor on a phone (390×844) finds things from the home page: 電子商務 typed in Traditional
leads to the occupation page, a phrase of a condition to the occupations that state it, and the
latest announcement opens from the home page. Screenshots at 390×844 and 1280×800 go to
var/screenshots/ (search-*, announcement-*, home-*)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journey_support import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.plugins("occupations")]


def search_from_the_menu(page: Page, query: str) -> None:
    menu = page.get_by_role("button", name="菜单")
    if menu.is_visible():
        menu.click()
    page.locator("#nav-q").fill(query)
    page.locator("#nav-q").press("Enter")
    expect(page.locator("h1")).to_have_text("站内搜索")


def result_rows(page: Page) -> list[tuple[str, str]]:
    """(label, title) of every result shown."""
    rows = page.locator(".search-result")
    return [
        (
            rows.nth(i).locator(".badge").inner_text().strip(),
            rows.nth(i).locator(".search-result-title").inner_text().strip(),
        )
        for i in range(rows.count())
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_visitor_finds_occupations_and_the_latest_notice(
    browser, school_site_url, screenshots, viewport
):
    from hostsite.search import normalise

    from occupations.models import OccupationPage
    from tests.hostsite.factories import publish_announcement

    for n in range(1, 7):
        publish_announcement(
            title=f"2026年第{n}批职业技能等级认定报名通知",
            summary=f"第{n}批认定报名安排。",
            body="报名时间、地点和所需材料见附件。",
            slug=f"batch-{n}",
        )
    latest = publish_announcement(
        title="2026年第一批认定考试成绩公示",
        summary="成绩公示期为五个工作日。",
        body="对成绩有异议者，请在公示期内联系学校。",
        slug="results",
    )
    width = viewport["width"]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{school_site_url}/")
    targets = page.locator(".entry-links .entry-link")
    expect(targets.first).to_contain_text("报名")
    assert [t.strip() for t in targets.locator("strong").all_inner_texts()][:3] == [
        "报名",
        "资格自测",
        "报名查询",
    ]
    assert targets.first.bounding_box()["height"] >= 44
    page.screenshot(path=screenshots / f"home-{width}.png", full_page=True)

    # 電子商務 in Traditional characters → the occupation 电子商务师.
    search_from_the_menu(page, "電子商務")
    assert result_rows(page)[0] == ("职业", "电子商务师")
    expect(page.locator(".search-result").first.locator("mark").first).to_be_visible()
    page.screenshot(path=screenshots / f"search-{width}.png", full_page=True)
    page.locator(".search-result-title").first.click()
    expect(page.locator("h1")).to_have_text("电子商务师")

    # A phrase of a condition → the occupations whose conditions say so.
    phrase = "连续从事本职业工作"
    expected = {
        p.title
        for p in OccupationPage.objects.live()
        if any(phrase in re.sub(r"\W", "", normalise(t)) for t in p.searchable_texts())
    }
    search_from_the_menu(page, phrase)
    assert {title for label, title in result_rows(page) if label == "职业"} == expected

    # The latest announcement, from the home page.
    page.goto(f"{school_site_url}/")
    notices = page.locator(".latest-announcements li")
    expect(notices).to_have_count(5)
    notices.first.get_by_role("link").click()
    expect(page).to_have_url(f"{school_site_url}{latest.url}")
    expect(page.locator("h1")).to_have_text(latest.title)
    page.screenshot(path=screenshots / f"announcement-{width}.png", full_page=True)
    context.close()
