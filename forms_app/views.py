from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from hostsite.db import DatabaseBusy, retry_when_locked

from forms_app import drafts, held_uploads, privacy, ratelimit, services
from forms_app.models import Application
from forms_app.next_steps import next_steps
from forms_app.ratelimit import too_many_requests

#: Rate limits as (limit, seconds). Settings of the same meaning override them (the benchmark
#: raises them): FORMS_SUBMIT_RATE_PER_IP, FORMS_SUBMIT_RATE_PER_ID, FORMS_STATUS_RATE_PER_IP.
SUBMITS_PER_IP = (20, 3600)
SUBMITS_PER_ID = (5, 3600)
LOOKUPS_PER_IP = (30, 3600)
#: The confirmation page is shown to the browser that submitted: the application number travels
#: in a signed, HTTP-only cookie for an hour (no session row to write on every submission).
DONE_COOKIE = "forms_app_submitted"
DONE_MAX_AGE = 3600


#: How long a submission waits for a busy database (SQLite: another write holds the lock)
#: before asking the applicant to try again; setting FORMS_SUBMIT_BUSY_SECONDS.
SUBMIT_BUSY_SECONDS = 15


def _rewind_uploads(form) -> None:
    """Before a retry: uploads read by the failed attempt are read again from the start."""
    for value in form.cleaned_data.values():
        if hasattr(value, "seek"):
            value.seek(0)


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


def serve_registration_form(page, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    closed = page.closed_reason()
    context["closed_reason"] = closed
    if request.method != "POST":
        return drafts.serve_form(page, request, context)
    if drafts.BUTTON in request.POST:
        return drafts.serve_save(page, request, context)

    if not within_rate(
        "submit-ip",
        ratelimit.client_ip(request),
        setting="FORMS_SUBMIT_RATE_PER_IP",
        default=SUBMITS_PER_IP,
    ):
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
        if not within_rate(
            "submit-id", data.id_number, setting="FORMS_SUBMIT_RATE_PER_ID", default=SUBMITS_PER_ID
        ):
            return too_many_requests(request)
        try:
            check = services.check_applicant(page=page, data=data)
            context["check"] = check
            consent = privacy.consent_of(form)
            application = retry_when_locked(
                lambda: services.application_submit(
                    page=page,
                    data=data,
                    answers=form.answers(),
                    check=check,
                    confirmed_ineligible=request.POST.get("confirm_review") == "1",
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
        except services.ApplicationRefused as error:
            context["error"] = error.message
            status = 409 if isinstance(error, services.DuplicateApplication) else 403
        else:
            held_uploads.release(page=page, holder=holder)
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
