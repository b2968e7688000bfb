"""Redis down: applicants still read pages, apply and look up their application; rate limits
that guard secrets or cost money refuse instead of letting everything through."""

from __future__ import annotations

import pytest

from forms_app import ratelimit
from forms_app.models import Application
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, applicant, valid_id_number
from tests.support import point_cache_at_dead_redis


@pytest.fixture
def dead_redis(settings):
    return point_cache_at_dead_redis(settings)


def test_an_applicant_reads_the_pages_and_applies_while_redis_is_down(
    client, registration_page, occupation, settings
):
    # The SMS code came before Redis went down (codes are kept in the database; no new one can
    # be sent while the sending limits cannot be counted).
    form = applicant()
    point_cache_at_dead_redis(settings)
    assert client.get("/").status_code == 200
    assert client.get(occupation.url).status_code == 200
    assert client.get(registration_page.url).status_code == 200

    response = client.post(registration_page.url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Application.objects.filter(id_number_hash__isnull=False).count() == 1
    assert "报名已提交" in client.get(response["Location"]).content.decode()


def test_the_status_lookup_and_the_api_answer_while_redis_is_down(
    client, occupation, exam_period, dead_redis
):
    application = factories.ApplicationFactory(
        occupation=occupation, exam_period=exam_period, id_number=valid_id_number(0)
    )
    response = client.post(
        "/applications/status/", {"number": application.number, "mobile": MOBILE}
    )
    assert response.status_code == 200
    assert application.number in response.content.decode()
    assert client.get("/api/v1/occupations").status_code == 200


def test_rate_limits_fail_closed_unless_told_to_fail_open(dead_redis):
    assert ratelimit.hit("sms", "13800138000", limit=5, window=60) is False
    assert ratelimit.hit("submit-ip", "10.0.0.1", limit=5, window=60, fail_open=True) is True


def test_rate_limits_count_as_before_while_the_cache_answers(db):
    hits = [ratelimit.hit("sms", "13800138000", limit=2, window=60) for _ in range(3)]
    assert hits == [True, True, False]


def test_sms_codes_are_refused_plainly_while_redis_is_down(client, loaded_site, dead_redis):
    response = client.post(
        "/applications/verification/send/",
        {"mobile": MOBILE, "purpose": "status"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 503
    assert response.json()["message"] == "短信验证暂时不可用，请稍后再试。"
