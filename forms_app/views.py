from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from hostsite.db import DatabaseBusy, retry_when_locked

from forms_app import drafts, held_uploads, privacy, ratelimit, services
from forms_app.forms import CODE_FIELD
from forms_app.models import Application
from forms_app.next_steps import next_steps
from forms_app.ratelimit import too_many_requests
from forms_app.verification import VerificationRefused, prove_mobile, resend_wait

#: Rate limits as (limit, seconds). Settings of the same meaning override them (the benchmark
#: raises them). They fit a school computer room or a carrier's NAT, 60 people behind one
#: address: FORMS_POST_RATE_PER_IP counts every POST of the form (a flood guard only);
#: FORMS_SUBMIT_RATE_PER_IP and FORMS_SUBMIT_RATE_PER_ID (per ID number *and* proven mobile, so
#: a stranger typing someone's ID number spends only their own) count accepted submissions
#: and duplicates only: a form with mistakes or a wrong code spends neither. The SMS code's own
#: limits (forms_app.verification) carry the protection against strangers.
POSTS_PER_IP = (1200, 3600)
SUBMITS_PER_IP = (300, 3600)
SUBMITS_PER_ID = (5, 3600)
LOOKUPS_PER_IP = (30, 3600)
#: The confirmation page is shown to the browser that submitted: the application number travels
#: in a signed, HTTP-only cookie for an hour (no session row to write on every submission).
DONE_COOKIE = "forms_app_submitted"
DONE_MAX_AGE = 3600
#: The "获取验证码" button's name: without JavaScript it posts the whole form to the page.
SEND_CODE_BUTTON = "send_code"


#: How long a submission waits for a busy database (SQLite: another write holds the lock)
#: before asking the applicant to try again; setting FORMS_SUBMIT_BUSY_SECONDS.
SUBMIT_BUSY_SECONDS = 15


def _rewind_uploads(form) -> None:
    """Before a retry: uploads read by the failed attempt are read again from the start."""
    for value in form.cleaned_data.values():
        if hasattr(value, "seek"):
            value.seek(0)


def apply_index(request: HttpRequest) -> HttpResponse:
    """报名: the registration forms accepting applications, with the way to the checker and the
    status lookup."""
    from django.utils import timezone

    from forms_app.selectors import registration_forms_accepting

    now = timezone.now()
    forms = registration_forms_accepting(now=now)
    return render(
        request,
        "forms_app/apply_index.html",
        {
            "open_forms": [f for f in forms if f.opens_at <= now],
            "upcoming_forms": [f for f in forms if f.opens_at > now],
            "page_title": _("报名"),
        },
    )


def within_rate(scope: str, key: str, *, setting: str, default: tuple[int, int]) -> bool:
    """Registration and status lookups keep working while the cache is down (fail open)."""
    limit, window = getattr(settings, setting, default)
    return ratelimit.hit(scope, key, limit=limit, window=window, fail_open=True)


def form_response(page, request, context: dict, *, holder, status: int) -> HttpResponse:
    """The form shown again after any error, with the checked uploads kept (if the applicant
    consented to storing them) so they need not be chosen again."""
    form = context["form"]
    context["files_kept"] = held_uploads.keep(
        form, page=page, holder=holder, allowed=privacy.consented(form)
    )
    context["files_dropped"] = bool(request.FILES) and not context["files_kept"]
    context["confirmed_review"] = request.POST.get("confirm_review") == "1"
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return held_uploads.remember(response, request, holder)


def rate_left(scope: str, key: str, *, setting: str, default: tuple[int, int]) -> bool:
    limit, _window = getattr(settings, setting, default)
    return ratelimit.allowed(scope, key, limit=limit, fail_open=True)


def serve_send_code(page, request: HttpRequest, context: dict) -> HttpResponse:
    """The "获取验证码" button without JavaScript: text a code to the mobile typed, and show
    the form again as it was filled in, with the outcome next to the code field."""
    from forms_app.verification_views import send_and_describe

    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    status, message = send_and_describe(
        request,
        mobile=form.value_of_role("mobile"),
        purpose="apply",
        id_number=form.value_of_role("id_number"),
    )
    context["form"] = page.get_form(page=page, user=request.user, initial=drafts.draft_values(form))
    context["code_message"], context["code_sent"] = message, status == 200
    context["code_wait"] = resend_wait()
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


def serve_registration_form(page, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    closed = page.closed_reason()
    context["closed_reason"] = closed
    if request.method != "POST":
        return drafts.serve_form(page, request, context)
    if drafts.BUTTON in request.POST:
        return drafts.serve_save(page, request, context)
    if SEND_CODE_BUTTON in request.POST:
        return serve_send_code(page, request, context)

    ip = ratelimit.client_ip(request)
    if not within_rate("post-ip", ip, setting="FORMS_POST_RATE_PER_IP", default=POSTS_PER_IP):
        return too_many_requests(request)
    draft = drafts.draft_get(page=page, token=request.GET.get(drafts.PARAM))
    holder = held_uploads.holder_for(request, draft=draft)
    files = held_uploads.files_with_kept(request, page=page, holder=holder)
    form = page.get_form(request.POST, files, page=page, user=request.user)
    context["form"] = form
    status = 200
    if form.is_bot:
        context["error"] = _("提交未被接受。请刷新页面后重新填写。")
        status = 400
    elif closed:
        context["error"] = closed
        status = 403
    elif form.is_valid():
        data = form.applicant_data()
        person = f"{data.id_number}|{data.mobile}"
        if not (
            rate_left("submit-ip", ip, setting="FORMS_SUBMIT_RATE_PER_IP", default=SUBMITS_PER_IP)
            and rate_left(
                "submit-id", person, setting="FORMS_SUBMIT_RATE_PER_ID", default=SUBMITS_PER_ID
            )
        ):
            return too_many_requests(request)
        try:
            check = services.check_applicant(page=page, data=data)
            context["check"] = check
            consent = privacy.consent_of(form)
            confirmed = request.POST.get("confirm_review") == "1"
            services.eligibility_gate(page=page, check=check, confirmed=confirmed)
            proof = prove_mobile(
                mobile=data.mobile, purpose="apply", code=form.cleaned_data[CODE_FIELD]
            )
            application = retry_when_locked(
                lambda: services.application_submit(
                    page=page,
                    data=data,
                    answers=form.answers(),
                    check=check,
                    mobile_proof=proof,
                    confirmed_ineligible=confirmed,
                    consent=consent,
                ),
                budget=getattr(settings, "FORMS_SUBMIT_BUSY_SECONDS", SUBMIT_BUSY_SECONDS),
                before_retry=lambda: _rewind_uploads(form),
            )
        except DatabaseBusy:
            # The form is shown again with everything the applicant typed.
            context["error"] = _(
                "系统繁忙，报名暂未保存。您填写的内容已保留，请稍等片刻后再次点击提交。"
            )
            status = 503
        except services.ConfirmationNeeded:
            context["ask_confirm"] = True
            status = 422
        except services.IneligibleRefused as error:
            context["error"] = error.message
            status = 422
        except VerificationRefused as refused:
            form.add_error(CODE_FIELD, refused.message)
            status = 400
        except services.ApplicationRefused as error:
            context["error"] = error.message
            status = 403
            if isinstance(error, services.DuplicateApplication):
                _spend_submission(ip, person)
                status = 409
        else:
            held_uploads.release(page=page, holder=holder)
            _spend_submission(ip, person)
            drafts.discard(page, request)
            response = redirect(reverse("forms_app:done"))
            response.set_signed_cookie(
                DONE_COOKIE,
                application.number,
                salt=DONE_COOKIE,
                max_age=DONE_MAX_AGE,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
    else:
        status = 400
    response = form_response(page, request, context, holder=holder, status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response


def _spend_submission(ip: str, person: str) -> None:
    within_rate("submit-ip", ip, setting="FORMS_SUBMIT_RATE_PER_IP", default=SUBMITS_PER_IP)
    within_rate("submit-id", person, setting="FORMS_SUBMIT_RATE_PER_ID", default=SUBMITS_PER_ID)


def done(request: HttpRequest) -> HttpResponse:
    """The confirmation page: shown once to the person who just submitted."""
    number = request.get_signed_cookie(
        DONE_COOKIE, default=None, salt=DONE_COOKIE, max_age=DONE_MAX_AGE
    )
    application = (
        Application.objects.select_related("occupation", "form_page", "exam_period")
        .filter(number=number)
        .first()
        if number
        else None
    )
    if application is None:
        return redirect("/")
    return render(
        request, "forms_app/done.html", {"application": application, "page_title": _("报名已提交")}
    )


def status(request: HttpRequest) -> HttpResponse:
    """报名查询: ID number (or application number) plus mobile number. Answers never reveal
    whether an ID number exists when the pair does not match."""
    from forms_app.forms import StatusLookupForm
    from forms_app.selectors import application_by_number, applications_for_person

    form = StatusLookupForm(request.POST or None)
    context = {"form": form, "page_title": _("报名查询")}
    if request.method == "POST":
        if not within_rate(
            "status-ip",
            ratelimit.client_ip(request),
            setting="FORMS_STATUS_RATE_PER_IP",
            default=LOOKUPS_PER_IP,
        ):
            return too_many_requests(request)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("id_number"):
                found = applications_for_person(id_number=data["id_number"], mobile=data["mobile"])
            else:
                one = application_by_number(number=data["number"], mobile=data["mobile"])
                found = [one] if one else []
            context["searched"] = True
            context["applications"] = [
                (application, next_steps(application)) for application in found
            ]
    return render(request, "forms_app/status.html", context)
