"""Public verification: the page (证书查询) and GET /api/v1/certificates/verify answer valid /
revoked / not found with occupation, level and date and nothing else; a wrong name is "not
found"; lookups are rate-limited per address and take the same time whether or not the number
exists; a scanned QR payload is checked by its signature; the public keys are published."""

from __future__ import annotations

import re
import statistics
import time

import pytest

from assessments.services import certificates as services
from assessments.services.certificates import signing
from tests.assessments.certificates.factories import issue

API = "/api/v1/certificates/verify"
PAGE = "/exams/certificates/verify/"


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.CERTIFICATE_VERIFY_MIN_SECONDS = 0.0


def test_api_answers_valid_with_occupation_level_and_date_only(loaded_site, client):
    certificate = issue("张三", level=3)
    response = client.get(API, {"number": certificate.number.lower(), "name": " 张三 "})
    assert response.status_code == 200
    assert response.json() == {
        "status": "valid",
        "occupation": "电子商务师",
        "specialty": "网商",
        "level": 3,
        "level_label": "三级/高级工",
        "issued_on": "2026-12-01",
    }
    assert "no-store" in response["Cache-Control"]


def test_api_answers_revoked(loaded_site, client):
    certificate = issue("张三")
    services.certificate_revoke(certificate=certificate, reason="冒名顶替")
    body = client.get(API, {"number": certificate.number, "name": "张三"}).json()
    assert body["status"] == "revoked"
    assert "冒名顶替" not in str(body)


def test_a_wrong_name_is_the_same_answer_as_an_unknown_number(loaded_site, client):
    certificate = issue("张三")
    wrong_name = client.get(API, {"number": certificate.number, "name": "李四"})
    unknown = client.get(API, {"number": "S000015250001264999999", "name": "张三"})
    assert wrong_name.status_code == unknown.status_code == 200
    assert (
        wrong_name.json()
        == unknown.json()
        == {
            "status": "not_found",
            "occupation": None,
            "specialty": None,
            "level": None,
            "level_label": None,
            "issued_on": None,
        }
    )


@pytest.mark.parametrize(
    "query", [{"number": "", "name": "张三"}, {"number": "X" * 41, "name": "张"}]
)
def test_api_refuses_empty_or_long_input_in_chinese(loaded_site, client, query):
    response = client.get(API, query)
    assert response.status_code == 400
    assert "证书编号" in response.json()["detail"]


def test_api_is_rate_limited_per_address(loaded_site, client, settings):
    settings.CERTIFICATE_VERIFY_RATE_PER_IP = (3, 600)
    certificate = issue()
    query = {"number": certificate.number, "name": "张三"}
    answers = [client.get(API, query, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert "频繁" in client.get(API, query, REMOTE_ADDR="198.51.100.7").json()["detail"]
    assert client.get(API, query, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_response_time_does_not_tell_whether_a_number_exists(loaded_site, client, settings):
    """Every answer takes at least the minimum time, so a real number (hit, name compared) and
    an unknown one answer alike; measured over several requests each."""
    settings.CERTIFICATE_VERIFY_MIN_SECONDS = 0.06
    settings.CERTIFICATE_VERIFY_RATE_PER_IP = (1000, 600)
    certificate = issue("张三")

    def timed(number: str, name: str) -> float:
        started = time.monotonic()
        client.get(API, {"number": number, "name": name})
        return time.monotonic() - started

    client.get(API, {"number": certificate.number, "name": "张三"})  # warm-up
    existing = [timed(certificate.number, "李四") for _ in range(8)]
    missing = [timed("S000015250001264999999", "李四") for _ in range(8)]
    assert min(existing + missing) >= 0.06
    assert abs(statistics.median(existing) - statistics.median(missing)) < 0.02


def test_page_verifies_by_number_and_name(loaded_site, client):
    certificate = issue("张三")
    page = client.get(PAGE)
    assert page.status_code == 200 and "证书编号" in page.content.decode()
    response = client.post(PAGE, {"number": certificate.number, "name": "张三"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "证书有效" in text and "电子商务师" in text and "四级/中级工" in text
    assert "private" in response["Cache-Control"]
    assert (
        "未查到该证书"
        in client.post(PAGE, {"number": certificate.number, "name": "李"}).content.decode()
    )


def test_page_shows_revoked(loaded_site, client):
    certificate = issue("张三")
    services.certificate_revoke(certificate=certificate, reason="错误")
    response = client.post(PAGE, {"number": certificate.number, "name": "张三"})
    assert "证书已撤销" in response.content.decode()


def test_page_refuses_empty_form_with_400(loaded_site, client):
    response = client.post(PAGE, {"number": "", "name": ""})
    assert response.status_code == 400 and "必需字段" in response.content.decode()


def test_page_is_rate_limited(loaded_site, client, settings):
    settings.CERTIFICATE_VERIFY_RATE_PER_IP = (2, 600)
    for _ in range(2):
        client.post(PAGE, {"number": "S1", "name": "张三"})
    assert client.post(PAGE, {"number": "S1", "name": "张三"}).status_code == 429


def test_page_checks_a_scanned_payload(loaded_site, client):
    certificate = issue("王芳")
    text = client.get(PAGE, {"p": certificate.payload}).content.decode()
    assert "二维码签名有效" in text and "王芳" in text and certificate.number in text
    assert "有效" in text

    services.certificate_revoke(certificate=certificate, reason="错误")
    assert "已撤销" in client.get(PAGE, {"p": certificate.payload}).content.decode()


def test_page_recognises_a_forged_payload(loaded_site, client, settings):
    settings.CERTIFICATE_SIGNING_KEYS = [signing.generate_key_entry("dev")]  # not our key
    forged = issue("王芳").payload
    settings.CERTIFICATE_SIGNING_KEYS = [signing.DEVELOPMENT_KEY]
    text = client.get(PAGE, {"p": forged}).content.decode()
    assert "二维码无效" in text and "王芳" not in text


def test_public_keys_are_published(loaded_site, client, settings):
    old = signing.generate_key_entry("2026a")
    settings.CERTIFICATE_SIGNING_KEYS = [signing.generate_key_entry("2027a"), old]
    response = client.get("/.well-known/certificate-keys.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert [(k["kid"], k["alg"], k["use"]) for k in keys] == [
        ("2027a", "Ed25519", "current"),
        ("2026a", "Ed25519", "verify"),
    ]
    assert keys[0]["public_key"] in client.get(PAGE).content.decode()
    assert (
        "private" not in response.content.decode()
        and old.split(":")[1] not in response.content.decode()
    )


def test_the_menu_and_the_home_page_lead_to_certificate_verification(loaded_site, client):
    html = client.get("/").content.decode()

    entry = re.search(r'<nav class="entry-links".*?</nav>', html, re.S).group(0)
    assert f'href="{PAGE}"' in entry and "证书查询" in entry
    menu = client.get("/applications/status/").content.decode()
    assert re.search(rf'<a[^>]*href="{PAGE}"[^>]*>\s*证书查询', menu)
