"""Issue 9's second journey: a stranger applies on a phone with someone else's ID number and
their own mobile; the real owner still applies with theirs. Neither is refused and neither
answer tells of the other; both applications land in 身份待核 for staff, linked.
Screenshots: var/screenshots/registration/identity-*.png.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.journey_support import (
    PHONE,
    Screenshots,
    fill_applicant,
    fill_work,
    give_consent,
    id_photo,
    look_up_status,
    prove_mobile,
    valid_id_number,
)

pytestmark = [pytest.mark.browser, pytest.mark.plugins("forms_app")]

STRANGER_MOBILE, OWNER_MOBILE = "13900000001", "13800000002"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def fresh_site(school_site_url, settings, tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    settings.PRIVATE_MEDIA_ROOT = str(private)
    cache.clear()
    yield school_site_url
    cache.clear()


def apply(
    browser, site: str, url: str, *, id_number: str, mobile: str, photo, shots, who: str
) -> str:
    """One person applies on their own phone; returns the confirmation page's text."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(url)
    fill_applicant(page, name="张三", id_number=id_number, mobile=mobile, photo=photo)
    page.get_by_label("申报工种与等级").select_option("网商|4")
    fill_work(page, 0, relation="same", start="2020-03-01", employer="锡林郭勒网店")
    prove_mobile(page)
    give_consent(page)
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator("h1")).to_have_text("报名已提交")
    shots.take(page, f"{who}-done")
    answer = page.locator("main").inner_text()
    page.goto(site + reverse("forms_app:status"))
    look_up_status(page, id_number=id_number, mobile=mobile)
    results = page.locator(".status-results article.result")
    expect(results).to_have_count(1)  # their own application only
    shots.take(page, f"{who}-status")
    context.close()
    return answer


def test_a_stranger_with_someones_id_number_locks_nobody_out(browser, fresh_site, tmp_path):
    from forms_app.models import Application, RegistrationFormPage

    shots = Screenshots("identity")
    form_url = fresh_site + RegistrationFormPage.objects.get(slug="apply-e-commerce-specialist").url
    id_number = valid_id_number(41)
    photo = id_photo(tmp_path / "证件照.jpg")

    stranger = apply(browser, fresh_site, form_url, id_number=id_number, mobile=STRANGER_MOBILE,
                     photo=photo, shots=shots, who="stranger")  # fmt: skip
    owner = apply(browser, fresh_site, form_url, id_number=id_number, mobile=OWNER_MOBILE,
                  photo=photo, shots=shots, who="owner")  # fmt: skip

    first, second = Application.objects.order_by("submitted_at")
    for answer, other in ((stranger, second), (owner, first)):
        assert other.number not in answer
        assert "已提交过" not in answer and "重复" not in answer and "身份" not in answer
    assert first.identity_check and second.identity_check

    # Staff see both in 身份待核, each linking the other.
    get_user_model().objects.create_superuser("reviewer", "reviewer@example.com", "pass-12345!")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{fresh_site}/admin/login/")
    page.locator("#id_username").fill("reviewer")
    page.locator("#id_password").fill("pass-12345!")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{fresh_site}/admin/applications/?identity_check=true")
    rows = page.locator("main table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("身份待核")
    shots.take(page, "review-list")
    page.get_by_role("link", name=first.number, exact=True).click()
    expect(page.locator("main")).to_contain_text(second.number)
    shots.take(page, "review-detail")
    context.close()
