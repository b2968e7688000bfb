"""Helpers of the applicant-facing tests (page, submission, status, notifications …), on top of
the shared fixtures (conftest.py: loaded_site, occupation, exam_period) and factories.py.

``make_form_page`` makes a form as a school would set it up: the four required fields, an e-mail
address, an employer in a section of its own and a certificate number asked only of applicants
who tick "已取得本职业证书".
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from stdnum.cn import ric

from forms_app.models import FormField
from tests.forms_app import factories
from tests.forms_app.factories import MOBILE, SPECIALTY, valid_id_number

__all__ = ["MOBILE", "SPECIALTY", "valid_id_number"]


def id_number(*, birth: str = "19900101", sequence: str = "123", region: str = "152502") -> str:
    """A valid ID number from its parts (152502 = 锡林浩特市)."""
    base = f"{region}{birth}{sequence}"
    return base + ric.calc_check_digit(base + "0")


def with_bad_check_digit(value: str) -> str:
    return value[:-1] + ("0" if value[-1] != "0" else "1")


def form_fields() -> list[FormField]:
    return [
        *factories.standard_fields(),
        FormField(label="电子邮箱", field_type="email", clean_name="email", required=False),
        FormField(
            label="工作单位",
            field_type="singleline",
            clean_name="employer",
            required=False,
            section="其他信息",
        ),
        FormField(
            label="是否已取得本职业证书",
            field_type="checkbox",
            clean_name="has_cert",
            required=False,
            section="其他信息",
        ),
        FormField(
            label="证书编号",
            field_type="singleline",
            clean_name="cert_no",
            required=True,
            section="其他信息",
            show_when_field="has_cert",
            show_when_value="true",
        ),
    ]


def make_form_page(*, occupation, exam_period, fields=None, **settings):
    """A live form under the home page, open since yesterday; ``form_fields()`` by default."""
    return factories.registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=form_fields() if fields is None else fields,
        **settings,
    )


def applicant(n: int = 0, **overrides) -> dict:
    """What an applicant types into ``form_page`` (POST data); ``None`` drops a key.

    The standard fields tell the engine nothing of work or training, so 网商 四级 is "暂不符合"
    and the applicant has ticked "submit for review anyway" (``confirm_review=None`` leaves
    that out)."""
    values = {"employer": "锡林浩特市某电商公司", "confirm_review": "1", **overrides}
    return factories.applicant(n, **values)


SMS_LOGGER = "forms_app.notifications"  # the console SMS backend logs each text message here


def sms_lines(caplog) -> list[str]:
    """The notifications the console SMS backend logged (set ``SMS_LOGGER`` to INFO first);
    verification codes are left out (see captured_sms and last_code)."""
    return [
        message
        for message in (r.getMessage() for r in caplog.records)
        if message.startswith("SMS to ") and "验证码是" not in message
    ]


def last_code(lines: list[str]) -> str:
    """The verification code in the newest text message of ``lines`` (see sms_lines)."""
    import re

    for line in reversed(lines):
        found = re.search(r"验证码是(\d{6})", line)
        if found:
            return found.group(1)
    raise AssertionError(f"no verification code among {lines!r}")


@contextmanager
def captured_sms():
    """The text messages the console SMS backend logs inside the block, as a list of lines."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if message.startswith("SMS to "):
                lines.append(message)

    logger = logging.getLogger(SMS_LOGGER)
    handler, level = Collect(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def request_code(client, *, mobile: str = MOBILE, purpose: str = "apply", **extra) -> str:
    """Press "获取验证码" as the form's script does (POST to the endpoint) and read the code from
    the text message the console backend logged, as the applicant reads it on the phone."""
    from django.urls import reverse

    with captured_sms() as lines:
        response = client.post(
            reverse("forms_app:send_code"),
            {"mobile": mobile, "purpose": purpose, **extra},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 200, response.content.decode()
    return last_code(lines)
