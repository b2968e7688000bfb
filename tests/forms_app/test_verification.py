"""Proof of a mobile number (forms_app/verification.py and its endpoint): a 6-digit code by
SMS, valid five minutes and five tries, single use, kept only as a keyed hash, with a resend wait
and limits per mobile, per ID number and per address that 60 people behind one NAT fit in."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forms_app import verification
from forms_app.crypto import lookup_hash
from forms_app.models import VerificationCode
from forms_app.verification import VerificationRefused, send_code, verify_code
from tests.forms_app.test_support import (
    MOBILE,
    captured_sms,
    last_code,
    request_code,
    valid_id_number,
)
from tests.support import point_cache_at_dead_redis

OTHER_MOBILE = "13900139000"
IP = "203.0.113.7"
URL = "/applications/verification/send/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Move the clock forward, as the cache (rate limits) and the database rows (codes) read
    it: ``clock(seconds)``."""
    offset = [0.0]
    real, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=offset[0]))

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def sent_code(mobile: str = MOBILE, *, purpose: str = "apply", ip: str = IP, **extra) -> str:
    with captured_sms() as lines:
        send_code(mobile=mobile, purpose=purpose, ip=ip, **extra)
    assert len(lines) == 1
    return last_code(lines)


def refusal(function, **kwargs) -> VerificationRefused:
    with pytest.raises(VerificationRefused) as refused:
        function(**kwargs)
    return refused.value


# --- the code ----------------------------------------------------------------------------------


def test_a_six_digit_code_is_texted_to_the_mobile_and_accepted_once():
    with captured_sms() as lines:
        send_code(mobile=MOBILE, purpose="apply", ip=IP)

    assert len(lines) == 1
    assert lines[0].startswith("SMS to 138****8000: 您的报名验证码是")
    code = last_code(lines)
    assert len(code) == 6 and code.isdigit()
    verify_code(mobile=MOBILE, purpose="apply", code=code)  # accepted: no exception
    again = refusal(verify_code, mobile=MOBILE, purpose="apply", code=code)
    assert again.message == "验证码已使用，请重新获取。"
    assert again.already_used  # the caller may tell a double click what the first one did
    wrong = refusal(
        verify_code, mobile=MOBILE, purpose="apply", code=f"{(int(code) + 1) % 10**6:06d}"
    )
    assert wrong.message == "验证码已失效，请重新获取。" and not wrong.already_used


def test_the_code_is_kept_only_as_a_hash():
    code = sent_code()

    [stored] = VerificationCode.objects.values()
    assert code not in json.dumps(stored, default=str)
    assert MOBILE not in json.dumps(stored, default=str)
    assert stored["mobile_hash"] == lookup_hash(MOBILE)


def test_a_code_sent_before_the_cache_went_down_is_still_accepted(settings):
    code = sent_code()
    point_cache_at_dead_redis(settings)

    verify_code(mobile=MOBILE, purpose="apply", code=code)
    refused = refusal(send_code, mobile=OTHER_MOBILE, purpose="apply", ip=IP)
    assert (refused.message, refused.status) == ("短信验证暂时不可用，请稍后再试。", 503)


def test_old_codes_are_pruned_a_day_after_they_expire(clock):
    sent_code()
    assert verification.codes_prune(now=timezone.now(), dry_run=False) == 0

    assert (
        verification.codes_prune(now=timezone.now() + timedelta(days=1, minutes=6), dry_run=True)
        == 1
    )
    assert (
        verification.codes_prune(now=timezone.now() + timedelta(days=1, minutes=6), dry_run=False)
        == 1
    )
    assert not VerificationCode.objects.exists()


def test_full_width_digits_and_spaces_from_a_chinese_keyboard_are_accepted():
    code = sent_code()
    typed = " " + "".join(chr(ord(d) + 0xFEE0) for d in code[:3]) + " " + code[3:]

    verify_code(mobile=MOBILE, purpose="apply", code=typed)


def test_a_code_is_not_accepted_for_another_mobile_or_purpose():
    code = sent_code()

    assert refusal(verify_code, mobile=OTHER_MOBILE, purpose="apply", code=code).message == (
        "验证码已失效，请重新获取。"
    )
    assert refusal(verify_code, mobile=MOBILE, purpose="status", code=code).message == (
        "验证码已失效，请重新获取。"
    )
    verify_code(mobile=MOBILE, purpose="apply", code=code)


def test_a_wrong_code_says_how_many_tries_are_left_and_five_wrong_tries_void_the_code():
    code = sent_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    messages = [
        refusal(verify_code, mobile=MOBILE, purpose="apply", code=wrong).message for _ in range(5)
    ]

    assert messages[:4] == [f"验证码不正确，还可以再试{n}次。" for n in (4, 3, 2, 1)]
    assert messages[4] == "验证码错误次数过多，请重新获取。"
    assert refusal(verify_code, mobile=MOBILE, purpose="apply", code=code).message == (
        "验证码错误次数过多，请重新获取。"  # even the right code, now
    )


def test_something_that_is_not_six_digits_is_not_a_try():
    code = sent_code()

    for typed in ("", "12345", "1234567", "abcdef"):
        message = refusal(verify_code, mobile=MOBILE, purpose="apply", code=typed).message
        assert message == "请填写短信中的6位数字验证码。"
    verify_code(mobile=MOBILE, purpose="apply", code=code)


def test_a_code_expires_after_five_minutes(clock):
    code = sent_code()

    clock(301)

    assert refusal(verify_code, mobile=MOBILE, purpose="apply", code=code).message == (
        "验证码已失效，请重新获取。"
    )


def test_a_code_is_still_good_just_before_five_minutes(clock):
    code = sent_code()
    clock(290)
    verify_code(mobile=MOBILE, purpose="apply", code=code)


# --- resend wait and limits -------------------------------------------------------------------


def test_a_new_code_needs_a_minute_and_replaces_the_old_one(clock):
    first = sent_code()

    refused = refusal(send_code, mobile=MOBILE, purpose="apply", ip=IP)
    assert refused.message.startswith("验证码已发送，请在60秒内勿重复获取")
    assert refused.status == 429

    clock(61)
    second = sent_code()
    if second != first:  # one in a million they are equal
        assert refusal(verify_code, mobile=MOBILE, purpose="apply", code=first).message == (
            "验证码不正确，还可以再试4次。"
        )
    verify_code(mobile=MOBILE, purpose="apply", code=second)


def test_a_mobile_gets_at_most_five_codes_an_hour(clock):
    for _ in range(5):
        sent_code()
        clock(61)

    refused = refusal(send_code, mobile=MOBILE, purpose="apply", ip="198.51.100.1")

    assert refused.message == "该手机号码获取验证码过于频繁，请稍后再试。"
    sent_code(OTHER_MOBILE)  # another number is not affected


def test_sixty_people_behind_one_address_all_get_their_codes():
    codes = [sent_code(f"139{n:08d}", ip=IP, id_number=valid_id_number(n)) for n in range(60)]

    for n, code in enumerate(codes):
        verify_code(mobile=f"139{n:08d}", purpose="apply", code=code)


def test_one_address_cannot_text_without_end(settings):
    settings.VERIFICATION_RATE_PER_IP = (3, 3600)
    for n in range(3):
        sent_code(f"139{n:08d}")

    refused = refusal(send_code, mobile="13900000099", purpose="apply", ip=IP)

    assert refused.message == "此网络获取验证码过于频繁，请稍后再试。"
    sent_code("13900000099", ip="198.51.100.1")  # another network is not affected


def test_a_stranger_hammering_an_id_number_does_not_lock_its_owner_out(clock):
    victim = valid_id_number(7)
    stranger_ip, owner_ip = "198.51.100.66", IP
    refused = None
    for n in range(20):
        try:
            send_code(mobile=f"137{n:08d}", purpose="apply", ip=stranger_ip, id_number=victim)
        except VerificationRefused as error:
            refused = error
    assert refused is not None and refused.message == "获取验证码过于频繁，请稍后再试。"

    code = sent_code(MOBILE, ip=owner_ip, id_number=victim)
    verify_code(mobile=MOBILE, purpose="apply", code=code)


# --- the sender -------------------------------------------------------------------------------


class BrokenSms:
    def send(self, *, mobile: str, text: str, **template) -> None:
        raise ConnectionError("gateway unreachable")


def test_a_failed_text_is_logged_and_the_applicant_is_asked_to_try_again_later(settings, caplog):
    settings.SMS_BACKEND = "tests.forms_app.test_verification.BrokenSms"
    caplog.set_level(logging.ERROR, logger="forms_app.verification")

    refused = refusal(send_code, mobile=MOBILE, purpose="apply", ip=IP)

    assert refused.message == "短信发送失败，请稍后重试。"
    assert refused.status == 503
    assert "could not be sent" in caplog.text and "138****8000" in caplog.text
    assert MOBILE not in caplog.text
    settings.SMS_BACKEND = "forms_app.notifications.ConsoleSmsBackend"
    sent_code()  # no resend wait after a failure


# --- the endpoint -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_endpoint_answers_json_and_the_code_arrives(client):
    with captured_sms() as lines:
        response = client.post(
            URL, {"mobile": "138 0013 8000", "purpose": "apply"}, HTTP_ACCEPT="application/json"
        )

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "验证码已发送至138****8000，5分钟内有效。",
        "wait": 60,
    }
    verify_code(mobile=MOBILE, purpose="apply", code=last_code(lines))
    assert reverse("forms_app:send_code") == URL


@pytest.mark.django_db
def test_the_endpoint_refuses_in_chinese_with_a_4xx(client):
    bad = client.post(URL, {"mobile": "12345", "purpose": "apply"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert bad.json()["message"] == "请填写有效的11位中国大陆手机号码。"

    unknown = client.post(URL, {"mobile": MOBILE, "purpose": "x"}, HTTP_ACCEPT="application/json")
    assert unknown.status_code == 400

    request_code(client)
    again = client.post(URL, {"mobile": MOBILE, "purpose": "apply"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 429
    assert again.json()["ok"] is False

    typo_in_id = client.post(
        URL,
        {"mobile": OTHER_MOBILE, "purpose": "apply", "id_number": "123"},
        HTTP_ACCEPT="application/json",
    )
    assert typo_in_id.status_code == 200  # the form points out the ID number on submit

    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_the_endpoint_is_csrf_protected():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(URL, {"mobile": MOBILE, "purpose": "apply"})

    assert response.status_code == 403


@pytest.mark.django_db
def test_without_javascript_the_endpoint_answers_with_a_page_and_a_way_back(loaded_site, client):
    response = client.post(
        URL, {"mobile": MOBILE, "purpose": "status", "next": "/applications/status/"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "验证码已发送至138****8000" in html
    assert 'href="/applications/status/"' in html

    outside = client.post(
        URL, {"mobile": OTHER_MOBILE, "purpose": "status", "next": "https://evil.example/"}
    )
    assert "evil.example" not in outside.content.decode()
