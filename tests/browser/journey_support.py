"""Helpers of the registration journeys: viewports, layout checks, screenshots, test data.

Screenshots go to var/screenshots/registration/ (ignored by git): look at them after a run.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "registration"

OCCUPATION = "电子商务师"
SPECIALTY = "网商"
MOBILE = "13800138000"
#: Both consents of the privacy notice, ticked (tests.forms_app.factories.CONSENT).
CONSENT = {"consent_privacy": "on", "consent_sensitive": "on"}


def valid_id_number(n: int = 0) -> str:
    from tests.forms_app.factories import valid_id_number as build

    return build(n)


def wrong_check_digit(id_number: str) -> str:
    """The same number with another check digit (what a typo in the last place gives)."""
    last = id_number[-1]
    return id_number[:-1] + ("1" if last != "1" else "2")


def assert_no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{page.url} scrolls sideways: {widths}"


def elements_past_the_right_edge(page: Page, selector: str = "main *") -> list[str]:
    """Visible elements reaching past the viewport's right edge (an overflow-x: hidden on the
    body would hide them from scrollWidth)."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
            .filter(e => e.getClientRects().length
                         && e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} `
                      + `right=${Math.round(e.getBoundingClientRect().right)}`)""",
        selector,
    )


FIELDS = "input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea"


def narrow_inputs(page: Page, form: str = "form.registration-form", *, share=0.75) -> list[str]:
    """Inputs, selects and file inputs of ``form`` narrower than ``share`` of the form's width
    (on a phone they should take the whole width)."""
    return page.evaluate(
        """([selector, fields, share]) => {
            const form = document.querySelector(selector);
            const width = form.getBoundingClientRect().width;
            return Array.from(form.querySelectorAll(fields))
                .filter(e => e.getClientRects().length && !e.closest(".hp-field"))
                .filter(e => e.getBoundingClientRect().width < width * share)
                .map(e => `${e.name}: ${Math.round(e.getBoundingClientRect().width)}/${width}`);
        }""",
        [form, FIELDS, share],
    )


def small_targets(page: Page, form: str = "main form", *, min_px: float = 40.0) -> list[str]:
    """Inputs, selects, file inputs and buttons of ``form`` lower than ``min_px`` (a finger
    needs about 44 px)."""
    return page.evaluate(
        """([selector, fields, minimum]) => Array.from(
                document.querySelectorAll(`${selector} :is(${fields}, button)`))
            .filter(e => e.getClientRects().length && !e.closest(".hp-field"))
            .filter(e => e.getBoundingClientRect().height < minimum)
            .map(e => `${e.name || e.textContent.trim()}: ${e.getBoundingClientRect().height}`)""",
        [form, FIELDS, min_px],
    )


def small_text(page: Page, *, min_px: float = 12.0) -> list[str]:
    """Labels, legends and help texts in main whose font is smaller than ``min_px``."""
    return page.evaluate(
        """(minimum) => Array.from(document.querySelectorAll(
                "main label, main legend, main small, main .field-error, main dt, main dd"))
            .filter(e => e.getClientRects().length)
            .filter(e => parseFloat(getComputedStyle(e).fontSize) < minimum)
            .map(e => `${e.textContent.trim().slice(0, 30)}: ${getComputedStyle(e).fontSize}`)""",
        min_px,
    )


class Screenshots:
    """Numbered full-page screenshots of one journey: 01-occupation-390.png, …"""

    def __init__(self, journey: str):
        self.folder = SCREENSHOTS
        self.folder.mkdir(parents=True, exist_ok=True)
        self.journey = journey
        self.count = 0

    def take(self, page: Page, name: str) -> Path:
        """The whole page; pages that scroll inside a box (the Wagtail admin) are shot with
        a viewport as tall as that box's content."""
        self.count += 1
        viewport = page.viewport_size
        path = self.folder / f"{self.journey}-{self.count:02d}-{name}-{viewport['width']}.png"
        page.wait_for_load_state()  # styles and scripts in place before measuring
        inner = page.evaluate(
            """() => Math.max(0, ...Array.from(document.querySelectorAll("body *"))
                .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowY))
                .map(e => e.scrollHeight - e.clientHeight))"""
        )
        if inner > 0:
            page.set_viewport_size({**viewport, "height": min(viewport["height"] + inner, 6000)})
        page.screenshot(path=path, full_page=True)
        if inner > 0:
            page.set_viewport_size(viewport)
        return path


class Stopwatch:
    """Seconds since the journey started, to keep an eye on its speed."""

    def __init__(self):
        self.started = time.monotonic()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


def id_photo(path: Path, size: tuple[int, int] = (413, 579)) -> Path:
    """A JPEG that looks like a 2-inch ID photo (a face-shaped oval on a blue background)."""
    image = Image.new("RGB", size, (67, 142, 219))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.55), fill=(240, 205, 180))
    draw.rectangle((w * 0.15, h * 0.6, w * 0.85, h), fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    path.write_bytes(out.getvalue())
    return path


def diploma_pdf(path: Path) -> Path:
    from tests.forms_app.factories import pdf_bytes

    path.write_bytes(pdf_bytes("Diploma 2019"))
    return path


# --- steps of the applicant's way in and back (test_way_in_journey.py); other journeys add theirs


def go_by_menu(page: Page, label: str) -> None:
    """Open the phone menu (菜单) and follow the entry called exactly ``label``."""
    toggle = page.get_by_role("button", name="菜单")
    if toggle.is_visible():
        toggle.click()
    page.locator("#site-nav").get_by_role("link", name=label, exact=True).click()


def check_eligibility(page: Page, *, target: str, work_relation: str, work_start: str) -> None:
    """On 资格自测: choose the occupation/specialty, one period of work, and ask."""
    page.locator("#target").select_option(target)
    page.locator("#id_work-0-relation").select_option(work_relation)
    page.locator("#id_work-0-start").fill(work_start)
    page.get_by_role("button", name="开始判断").click()


def level_result(page: Page, level_title: str):
    """The checker's result card of one level (e.g. 四级/中级工)."""
    return page.locator("#results article.result").filter(
        has=page.get_by_role("heading", name=level_title)
    )


def fill_applicant(
    page: Page, *, name: str, id_number: str, mobile: str, photo: Path | None = None
) -> None:
    """The fields every form has (the loader's labels), and the ID photo when given."""
    page.get_by_label("姓名").fill(name)
    page.get_by_label("居民身份证号码").fill(id_number)
    page.get_by_label("手机号码").fill(mobile)
    if photo is not None:
        page.get_by_label("证件照").set_input_files(photo)


def prove_mobile(page: Page) -> None:
    """获取验证码, then type the code the console SMS backend logged."""
    from tests.forms_app.test_support import captured_sms, last_code

    with captured_sms() as texts:
        page.get_by_role("button", name="获取验证码").click()
        page.locator(".sms-code-status").filter(has_text="验证码已发送").wait_for()
    page.get_by_label("短信验证码").fill(last_code(texts))


def give_consent(page: Page) -> None:
    """Tick both consents of the privacy notice."""
    page.locator("#id_consent_privacy").check()
    page.locator("#id_consent_sensitive").check()


def fill_work(page: Page, row: int, *, relation: str, start: str, employer: str = "") -> None:
    page.locator(f"#id_work-{row}-relation").select_option(relation)
    page.locator(f"#id_work-{row}-start").fill(start)
    if employer:
        page.locator(f"#id_work-{row}-employer").fill(employer)


def look_up_status(page: Page, *, id_number: str, mobile: str) -> None:
    """On 报名查询: the ID number and the mobile used when applying."""
    page.get_by_label("居民身份证号码").fill(id_number)
    page.get_by_label("报名时填写的手机号码").fill(mobile)
    page.get_by_role("button", name="查询", exact=True).click()


def signed_in_page(browser, live_server, user, viewport):
    """A browser context signed in as ``user`` (a session made by Django's test client), which
    records CSP violations (tests/browser/test_csp.py); the context and its first page."""
    from django.test import Client

    from tests.browser.test_csp import RECORD_VIOLATIONS

    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()
