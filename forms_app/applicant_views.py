"""The applicant's own changes from 报名查询: withdraw an application, or amend it while it needs
more information — only after proving the mobile number again with an SMS code.

1. The status page (which already matched application number or ID number with the mobile)
   offers "撤回或补充材料"; its button posts the number and mobile to ``manage_start``, which
   texts a code (forms_app.verification, purpose "status") to that mobile.
2. The right code gives this browser a signed, HTTP-only grant for that one application for
   GRANT_SECONDS (``forms_app_manage`` cookie); the grant is what the manage, withdraw and amend
   pages check. "退出" ends it.
3. Withdrawing and amending go through forms_app.amendments (status changes through the
   lifecycle service); amended files are kept across form errors like on the registration form.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forms_app import amendments, held_uploads, ratelimit, services, verification
from forms_app.crypto import mask_mobile
from forms_app.errors import ApplicationRefused
from forms_app.fields import get_field_type
from forms_app.models import Application
from forms_app.selectors import application_by_number

GRANT_COOKIE = "forms_app_manage"
GRANT_SECONDS = 15 * 60
PURPOSE = "status"


# --- proof of the mobile ----------------------------------------------------------------------


def send_code(*, mobile: str, ip: str) -> None:
    """Text a code for the status page's changes (raises verification.VerificationRefused)."""
    verification.send_code(mobile=mobile, purpose=PURPOSE, ip=ip)


def check_code(*, mobile: str, code: str) -> None:
    """Accept the code once (raises verification.VerificationRefused)."""
    verification.verify_code(mobile=mobile, purpose=PURPOSE, code=code)


def _granted(request: HttpRequest, number: str) -> Application | None:
    value = request.get_signed_cookie(
        GRANT_COOKIE, default=None, salt=GRANT_COOKIE, max_age=GRANT_SECONDS
    )
    if not value or value != number:
        return None
    return (
        Application.objects.select_related("occupation", "exam_period", "form_page")
        .filter(number=number)
        .first()
    )


def _not_granted(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "forms_app/manage.html",
        {
            "page_title": _("撤回或补充材料"),
            "error": _("验证已过期或无效。请在“报名查询”中重新查询，并用短信验证码验证手机号码。"),
        },
        status=403,
    )


def _render(request, context: dict, *, status: int = 200) -> HttpResponse:
    response = TemplateResponse(
        request,
        "forms_app/manage.html",
        {"page_title": _("撤回或补充材料"), **context},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def manage_start(request: HttpRequest) -> HttpResponse:
    """Send a code (``send``) to the mobile of the application, or check the code typed."""
    from forms_app.fields.identity import MobileField

    number = request.POST.get("number", "")[:20]
    try:
        mobile = MobileField().clean(request.POST.get("mobile", ""))
    except forms.ValidationError:
        mobile = ""
    application = application_by_number(number=number, mobile=mobile) if mobile else None
    if application is None:
        return _render(
            request,
            {"error": _("没有找到匹配的报名记录，请在“报名查询”中重新查询。")},
            status=404,
        )
    context = {"application": application, "mobile": mobile, "masked": mask_mobile(mobile)}
    if "code" not in request.POST:
        try:
            send_code(mobile=mobile, ip=ratelimit.client_ip(request))
        except verification.VerificationRefused as refused:
            return _render(request, {**context, "error": refused.message}, status=refused.status)
        context["notice"] = _("验证码已发送至%(mobile)s，%(minutes)s分钟内有效。") % {
            "mobile": mask_mobile(mobile),
            "minutes": verification.CODE_TTL // 60,
        }
        return _render(request, {**context, "ask_code": True})
    try:
        check_code(mobile=mobile, code=request.POST.get("code", ""))
    except verification.VerificationRefused as refused:
        return _render(request, {**context, "ask_code": True, "error": refused.message}, status=400)
    response = redirect("forms_app:manage", number=application.number)
    response.set_signed_cookie(
        GRANT_COOKIE,
        application.number,
        salt=GRANT_COOKIE,
        max_age=GRANT_SECONDS,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


# --- what a proven applicant may do -------------------------------------------------------------


def manage(request: HttpRequest, number: str) -> HttpResponse:
    application = _granted(request, number)
    if application is None:
        return _not_granted(request)
    done = {
        "withdrawn": _("报名已撤回。"),
        "amended": _("修改已提交，报名重新进入审核，结果会通过短信通知。"),
    }.get(request.GET.get("done", ""))
    return _render(
        request,
        {
            "application": application,
            "granted": True,
            "notice": done,
            "can_withdraw": amendments.can_withdraw(application),
            "can_amend": amendments.can_amend(application),
        },
    )


@require_POST
def manage_end(request: HttpRequest) -> HttpResponse:
    response = redirect("forms_app:status")
    response.delete_cookie(GRANT_COOKIE, samesite="Lax")
    return response


@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    application = _granted(request, number)
    if application is None:
        return _not_granted(request)
    context = {
        "application": application,
        "granted": True,
        "can_withdraw": amendments.can_withdraw(application),
        "can_amend": amendments.can_amend(application),
    }
    if request.POST.get("confirm") != "1":
        context["error"] = _("请勾选确认后再撤回报名。")
        return _render(request, context, status=400)
    try:
        amendments.application_withdraw(application=application)
    except ApplicationRefused as error:
        return _render(request, {**context, "error": error.message}, status=409)
    return redirect(reverse("forms_app:manage", args=[number]) + "?done=withdrawn")


def _amend_form(application: Application, request: HttpRequest | None = None, files=None):
    """The application's registration form without consent boxes, prefilled with its answers;
    name, ID number, mobile and target fixed; files it has are optional (kept unless
    replaced) and shown as uploaded."""
    page = application.form_page
    base = page.get_form_class()
    # The mobile was proven for the status page (purpose "status"): no registration code here.
    form_class = type("AmendForm", (base,), {"asks_consent": False, "asks_mobile_code": False})
    fixed = amendments.fixed_values(application)
    fixed_names = {}
    for name, field_def in base.field_defs.items():
        role = get_field_type(field_def.field_type).role
        if role in amendments.FIXED_ROLES:
            fixed_names[name] = fixed[role]
    if request is not None and request.method == "POST":
        data = request.POST.copy()
        data.update(fixed_names)
        form = form_class(data, files, page=page)
    else:
        form = form_class(initial={**application.answers, **fixed_names}, page=page)
    for stored in application.files.all():
        field = form.fields.get(stored.field_name)
        if isinstance(field, forms.FileField):
            field.required = False
            field.widget.kept = held_uploads.Kept(
                token="", name=stored.original_name, size=stored.size
            )
    form.changeable_sections = [
        (title, shown)
        for title, items in form.sections()
        if (shown := [(field, d) for field, d in items if field.name not in fixed_names])
    ]
    return form


def amend(request: HttpRequest, number: str) -> HttpResponse:
    application = _granted(request, number)
    if application is None:
        return _not_granted(request)
    context = {"application": application, "granted": True, "amending": True}
    if not amendments.can_amend(application):
        context["error"] = _("只有“需补充材料”的报名可以修改。")
        return _render(request, context, status=409)
    page = application.form_page
    if request.method != "POST":
        context["form"] = _amend_form(application)
        return _render(request, context)
    holder = held_uploads.holder_for(request)
    files = held_uploads.files_with_kept(request, page=page, holder=holder)
    form = _amend_form(application, request, files)
    context["form"] = form
    status = 400
    if form.is_valid():
        data = form.applicant_data()
        try:
            check = services.check_applicant(page=page, data=data)
            amendments.application_amend(
                application=application,
                field_defs=form.field_defs,
                answers=form.answers(),
                data=data,
                check=check,
            )
        except ApplicationRefused as error:
            context["error"], status = error.message, 409
        else:
            held_uploads.release(page=page, holder=holder)
            return redirect(reverse("forms_app:manage", args=[number]) + "?done=amended")
    held_uploads.keep(form, page=page, holder=holder, allowed=True)
    return held_uploads.remember(_render(request, context, status=status), request, holder)
