"""The public site in a real browser, on a phone (390×844) and on a desktop (1280×800)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def assert_no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{page.url} scrolls sideways: {widths}"


def assert_content_stands_clear_of_header_and_footer(page: Page) -> None:
    gaps = page.evaluate(
        """() => {
            const main = document.querySelector("main > *").getBoundingClientRect();
            const header = document.querySelector(".site-header").getBoundingClientRect();
            const footer = document.querySelector(".site-footer").getBoundingClientRect();
            return {top: main.top - header.bottom, bottom: footer.top - main.bottom};
        }"""
    )
    assert gaps["top"] >= 12 and gaps["bottom"] >= 12, f"{page.url}: content touches {gaps}"


def test_the_menu_opens_with_its_button_on_a_phone(browser, school_site_url, screenshots):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{school_site_url}/")
    expect(page.locator("h1")).to_have_text("锡林郭勒盟振达职业培训学校")
    assert_no_sideways_scrolling(page)
    assert_content_stands_clear_of_header_and_footer(page)
    page.screenshot(path=screenshots / "home-390.png", full_page=True)

    nav = page.locator("#site-nav")
    button = page.get_by_role("button", name="菜单")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-nav")

    button.click()
    expect(nav).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "menu-open-390.png")

    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()

    button.click()
    nav.get_by_role("link", name="考务流程").click()
    expect(page).to_have_url(f"{school_site_url}/process/")
    expect(page.locator("h1")).to_have_text("考务流程")
    expect(page.locator("main li").first).to_contain_text("我校组织完成制定计划")
    assert_no_sideways_scrolling(page)
    expect(nav).to_be_hidden()  # a new page starts with the menu closed
    page.screenshot(path=screenshots / "process-390.png", full_page=True)
    context.close()


def test_the_menu_is_always_shown_on_a_desktop(browser, school_site_url, screenshots):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{school_site_url}/")
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    assert_no_sideways_scrolling(page)
    page.screenshot(path=screenshots / "home-1280.png", full_page=True)

    page.locator("#site-nav").get_by_role("link", name="学校简介").click()
    expect(page.locator("h1")).to_have_text("学校简介")
    assert_no_sideways_scrolling(page)
    assert_content_stands_clear_of_header_and_footer(page)
    page.screenshot(path=screenshots / "about-1280.png", full_page=True)
    context.close()
