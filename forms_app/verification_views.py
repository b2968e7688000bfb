"""The public endpoint that texts a verification code (see forms_app/verification.py).

POST ``/applications/verification/send/`` with ``mobile``, ``purpose`` ("apply", "status", …),
optionally ``id_number`` and ``next``. CSRF-protected like every form of the site. A request that
accepts JSON (the registration form's and the status page's script) gets
``{"ok": bool, "message": str, "wait": seconds}``; a plain form button gets a short page with
the same message and a link back to ``next``.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forms_app import ratelimit, verification
from forms_app.crypto import mask_mobile


def send_and_describe(
    request: HttpRequest, *, mobile: str, purpose: str, id_number: str = ""
) -> tuple[int, str]:
    """Send a code for the raw ``mobile`` (and ``id_number``) a person typed: (HTTP status,
    message); 200 when the code was sent.

    Used by the endpoint and by pages whose own "获取验证码" button posts the whole form (the
    registration form without JavaScript)."""
    from forms_app.fields.identity import IdNumberField, MobileField

    try:
        mobile = MobileField().clean(mobile)
    except forms.ValidationError as error:
        return 400, " ".join(error.messages)
    try:  # counted for the per-ID limit when valid; a typo in it is the form's to point out
        id_number = IdNumberField(required=False).clean(id_number) if id_number else ""
    except forms.ValidationError:
        id_number = ""
    try:
        verification.send_code(
            mobile=mobile, purpose=purpose, ip=ratelimit.client_ip(request), id_number=id_number
        )
    except verification.VerificationRefused as refused:
        return refused.status, refused.message
    return 200, _("验证码已发送至%(mobile)s，%(minutes)s分钟内有效。") % {
        "mobile": mask_mobile(mobile),
        "minutes": verification.CODE_TTL // 60,
    }


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    purpose = request.POST.get("purpose", "")
    if purpose not in verification.PURPOSES:
        status, message = 400, _("请求无效，请刷新页面后重试。")
    else:
        status, message = send_and_describe(
            request,
            mobile=request.POST.get("mobile", ""),
            purpose=purpose,
            id_number=request.POST.get("id_number", ""),
        )
    sent = status == 200
    wait = verification.resend_wait()
    if wants_json(request):
        return JsonResponse({"ok": sent, "message": message, "wait": wait}, status=status)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(
        request,
        "forms_app/code_sent.html",
        {"sent": sent, "message": message, "back": back, "page_title": _("获取验证码")},
        status=status,
    )
