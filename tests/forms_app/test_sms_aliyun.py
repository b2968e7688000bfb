"""The Alibaba Cloud SMS backend (forms_app/sms_aliyun.py) through the official SDK, against a
local fake of the SendSms endpoint (a small http.server in a thread): what is sent, and what
the applicant and the log see when the service refuses or cannot be reached."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from forms_app import notifications, verification
from forms_app.sms_aliyun import AliyunSmsBackend, SmsNotSent
from tests.forms_app.test_support import MOBILE

pytestmark = pytest.mark.django_db


class FakeSendSms(BaseHTTPRequestHandler):
    """Answers like Alibaba Cloud's SendSms: ``answer`` is the JSON body (Code "OK" = sent)."""

    answer: dict = {"Code": "OK", "Message": "OK", "BizId": "900619746936498440", "RequestId": "x"}
    requests: list[dict] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
        type(self).requests.append(query)
        body = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def aliyun(settings):
    """The backend configured as in production, its endpoint a local fake."""
    FakeSendSms.requests = []
    FakeSendSms.answer = dict(FakeSendSms.answer, Code="OK", Message="OK")
    server = HTTPServer(("127.0.0.1", 0), FakeSendSms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "forms_app.sms_aliyun.AliyunSmsBackend"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "LTAI-test-key"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "test-secret"
    settings.ALIYUN_SMS_SIGN_NAME = "振达职业培训"
    settings.ALIYUN_SMS_TEMPLATES = {"verification": "SMS_100001", "notice": "SMS_100002"}
    settings.ALIYUN_SMS_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    cache.clear()
    yield FakeSendSms
    server.shutdown()
    server.server_close()
    cache.clear()


def test_a_verification_code_goes_out_with_the_sign_and_the_code_template(aliyun):
    verification.send_code(mobile=MOBILE, purpose="apply", ip="203.0.113.7")

    [sent] = aliyun.requests
    assert sent["PhoneNumbers"] == MOBILE
    assert sent["SignName"] == "振达职业培训"
    assert sent["TemplateCode"] == "SMS_100001"
    code = json.loads(sent["TemplateParam"])["code"]
    assert len(code) == 6 and code.isdigit()
    verification.verify_code(mobile=MOBILE, purpose="apply", code=code)  # the code that went out


def test_a_notice_uses_the_notice_template(aliyun):
    recipient = notifications.Recipient(mobile=MOBILE, reference="BM-test")

    notifications.send_sms(recipient, subject="报名已提交", text="您的报名（BM1）已提交。")

    [sent] = aliyun.requests
    assert sent["TemplateCode"] == "SMS_100002"
    assert json.loads(sent["TemplateParam"]) == {"text": "您的报名（BM1）已提交。"}


def test_a_refusal_is_logged_and_the_applicant_is_asked_to_try_later(aliyun, caplog, client, db):
    aliyun.answer = dict(aliyun.answer, Code="isv.BUSINESS_LIMIT_CONTROL", Message="触发天级流控")
    caplog.set_level(logging.ERROR, logger="forms_app.verification")

    response = client.post(
        "/applications/verification/send/",
        {"mobile": MOBILE, "purpose": "apply"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 503
    assert response.json()["message"] == "短信发送失败，请稍后重试。"
    assert "isv.BUSINESS_LIMIT_CONTROL" in caplog.text and "138****8000" in caplog.text
    assert MOBILE not in caplog.text


def test_an_unreachable_service_is_a_refusal_too(aliyun, settings, caplog):
    settings.ALIYUN_SMS_ENDPOINT = "http://127.0.0.1:9"  # nothing listens on the discard port
    caplog.set_level(logging.ERROR, logger="forms_app.verification")

    with pytest.raises(verification.VerificationRefused) as refused:
        verification.send_code(mobile=MOBILE, purpose="apply", ip="203.0.113.7")

    assert refused.value.message == "短信发送失败，请稍后重试。"
    assert "request failed" in caplog.text and MOBILE not in caplog.text


def test_the_backend_refuses_to_start_without_its_settings(settings):
    settings.ALIYUN_SMS_SIGN_NAME = ""
    settings.ALIYUN_SMS_TEMPLATES = {}

    with pytest.raises(ImproperlyConfigured, match="ALIYUN_SMS_SIGN_NAME, ALIYUN_SMS_TEMPLATES"):
        AliyunSmsBackend()


def test_a_use_without_a_template_is_a_configuration_error(aliyun, settings):
    settings.ALIYUN_SMS_TEMPLATES = {"verification": "SMS_100001"}

    with pytest.raises(ImproperlyConfigured, match="no template for 'notice'"):
        AliyunSmsBackend().send(mobile=MOBILE, text="通知")
    assert aliyun.requests == []


def test_a_refusal_raises_without_the_number(aliyun):
    aliyun.answer = dict(aliyun.answer, Code="isv.MOBILE_NUMBER_ILLEGAL", Message="非法手机号")

    with pytest.raises(SmsNotSent) as refused:
        AliyunSmsBackend().send(mobile=MOBILE, text="通知")

    assert "isv.MOBILE_NUMBER_ILLEGAL" in str(refused.value) and MOBILE not in str(refused.value)
