"""Alibaba Cloud SMS (阿里云短信服务, API version 2017-05-25) through its official SDK.

Set ``SMS_BACKEND=forms_app.sms_aliyun.AliyunSmsBackend`` and, in the environment (read in
site/settings/base.py): ``ALIYUN_SMS_ACCESS_KEY_ID``, ``ALIYUN_SMS_ACCESS_KEY_SECRET`` (a RAM
user allowed only ``dysms:SendSms``), ``ALIYUN_SMS_SIGN_NAME`` (the approved 签名) and
``ALIYUN_SMS_TEMPLATES``, the approved template codes by use, e.g.
``verification:SMS_123456789,notice:SMS_987654321``:

- ``verification``: a 验证码 template with the variable ``${code}``;
- ``notice``: a 通知 template with the variable ``${text}`` for the site's notices (submitted,
  status changes). Alibaba Cloud limits the length of a variable; a notice it refuses is logged.

``ALIYUN_SMS_ENDPOINT`` (default ``https://dysmsapi.aliyuncs.com``) may name another address,
such as a regional endpoint or the local fake the tests run.

Alibaba Cloud answers a refused message with a code other than "OK" (e.g. a daily limit per
number): ``send`` raises ``SmsNotSent`` then, as for a network failure, without the number in
the message; the callers log it with the number masked and tell the applicant to try later.
"""

from __future__ import annotations

import json
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CONNECT_TIMEOUT_MS = 3000
READ_TIMEOUT_MS = 5000


class SmsNotSent(Exception):
    """The SMS service did not accept the message."""


@cache
def _client(key_id: str, secret: str, endpoint: str):
    # The SDK (and aiohttp, which it brings) is imported only by processes that send texts.
    from alibabacloud_dysmsapi20170525.client import Client
    from alibabacloud_tea_openapi import models as openapi

    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    return Client(
        openapi.Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint=parts.netloc,
            protocol=parts.scheme,
        )
    )


class AliyunSmsBackend:
    """Sends each text through Alibaba Cloud SMS with the template named for its use."""

    def __init__(self):
        required = {
            "ALIYUN_SMS_ACCESS_KEY_ID": settings.ALIYUN_SMS_ACCESS_KEY_ID,
            "ALIYUN_SMS_ACCESS_KEY_SECRET": settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
            "ALIYUN_SMS_SIGN_NAME": settings.ALIYUN_SMS_SIGN_NAME,
            "ALIYUN_SMS_TEMPLATES": settings.ALIYUN_SMS_TEMPLATES,
        }
        missing = [name for name, value in required.items() if not value]
        if missing:
            raise ImproperlyConfigured(f"Alibaba Cloud SMS needs {', '.join(missing)}.")

    def send(
        self, *, mobile: str, text: str, template: str = "notice", params: dict | None = None
    ) -> None:
        """Send ``text``: with the ``template`` (a key of ALIYUN_SMS_TEMPLATES) and its
        ``params``, by default the notice template with ``{"text": text}``."""
        from alibabacloud_dysmsapi20170525 import models
        from alibabacloud_tea_util import models as util

        template_code = settings.ALIYUN_SMS_TEMPLATES.get(template)
        if not template_code:
            raise ImproperlyConfigured(
                f"ALIYUN_SMS_TEMPLATES has no template for {template!r} messages."
            )
        client = _client(
            settings.ALIYUN_SMS_ACCESS_KEY_ID,
            settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
            settings.ALIYUN_SMS_ENDPOINT,
        )
        request = models.SendSmsRequest(
            phone_numbers=mobile,
            sign_name=settings.ALIYUN_SMS_SIGN_NAME,
            template_code=template_code,
            template_param=json.dumps(
                params if params is not None else {"text": text}, ensure_ascii=False
            ),
        )
        runtime = util.RuntimeOptions(
            connect_timeout=CONNECT_TIMEOUT_MS, read_timeout=READ_TIMEOUT_MS, autoretry=False
        )
        try:
            response = client.send_sms_with_options(request, runtime)
        except Exception as error:  # the SDK's errors may quote the request: keep the number out
            code = getattr(error, "code", "") or type(error).__name__
            raise SmsNotSent(f"Alibaba Cloud SMS request failed: {code}") from None
        body = response.body
        if body is None or body.code != "OK":
            code, message = (body.code, body.message) if body is not None else ("", "")
            raise SmsNotSent(f"Alibaba Cloud SMS refused the message: {code} {message}")
