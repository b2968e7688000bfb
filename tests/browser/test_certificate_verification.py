"""Anyone verifies a certificate on a phone (390x844): by number and name, and by opening the
URL its QR code carries; the answer fits the screen and the page has no horizontal scroll."""

from __future__ import annotations

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.plugins("assessments")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def certificate(school_site_url):
    from assessments.models import CertificateIssuer
    from assessments.services import certificates as services

    issuer = CertificateIssuer.objects.create(
        name="锡林郭勒盟振达职业培训学校", site_serial="250001", is_default=True
    )
    return services.certificate_create(
        holder=services.Holder(
            name="张晓明", occupation_title="电子商务师", specialty="网商", level=4
        ),
        issuer=issuer,
        issued_on=datetime.date(2026, 12, 30),
    )


def test_a_phone_verifies_by_number_and_name(browser, school_site_url, certificate, screenshots):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{school_site_url}/exams/certificates/verify/")
    page.get_by_label("证书编号").fill(certificate.number)
    page.get_by_label("姓名").fill("张晓明")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name="证书有效").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "certificate-verify-390.png", full_page=True)

    page.get_by_label("姓名").fill("李四")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name="未查到该证书").wait_for()
    context.close()


def test_the_qr_code_url_shows_the_signed_certificate(
    browser, school_site_url, certificate, screenshots
):
    from urllib.parse import quote

    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{school_site_url}/exams/certificates/verify/?p={quote(certificate.payload)}")
        page.get_by_role("heading", name="二维码签名有效").wait_for()
        assert certificate.number in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=screenshots / f"certificate-scan-{name}.png", full_page=True)
        context.close()
