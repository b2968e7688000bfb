"""The public notice page: the passed candidates, the period, how to object, and the online
objection form (CSRF-protected by the middleware, a honeypot, a rate limit per address)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from assessments.selectors import results as results_selectors
from assessments.services.results import ResultsRefused, objection_file
from assessments.services.results.notices import local_today, notice_is_open
from forms_app import ratelimit

HONEYPOT = "website"
#: (objections, seconds) one address may file (setting ASSESSMENTS_OBJECTION_RATE)
DEFAULT_RATE = (5, 3600)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("您的姓名"), max_length=30)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=60,
        help_text=_("手机号码或电子邮箱，用于答复您。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    text = forms.CharField(
        label=_("异议内容"),
        max_length=2000,
        help_text=_("请写明对哪位人员、哪一项有异议，以及理由。"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(
        label=_("请勿填写"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def notice_context(page, request, form=None) -> dict:
    period = results_selectors.notice_period(page)
    return {
        "page": page,
        "self": page,
        "rows": results_selectors.notice_rows(page),
        "period": period,
        "is_open": notice_is_open(page),
        "today": local_today(),
        "form": form or ObjectionForm(),
        "filed": request.GET.get("filed") == "1",
    }


def _render(page, request, context: dict, status: int = 200):
    return TemplateResponse(request, page.get_template(request), context, status=status)


def serve_notice(page, request, default_serve, *args, **kwargs):
    if request.method != "POST":
        return _render(page, request, notice_context(page, request))
    form = ObjectionForm(request.POST)
    limit, window = getattr(settings, "ASSESSMENTS_OBJECTION_RATE", DEFAULT_RATE)
    if not ratelimit.hit("objection-ip", ratelimit.client_ip(request), limit=limit, window=window):
        return ratelimit.too_many_requests(request)
    if request.POST.get(HONEYPOT):
        # A robot filled the hidden field: answer as if filed, keep nothing.
        return HttpResponseRedirect(page.url + "?filed=1")
    if not form.is_valid():
        return _render(page, request, notice_context(page, request, form), status=400)
    try:
        objection_file(
            notice=page,
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
            text=form.cleaned_data["text"],
        )
    except ResultsRefused as refused:
        form.add_error(None, refused.message)
        return _render(page, request, notice_context(page, request, form), status=409)
    return HttpResponseRedirect(page.url + "?filed=1")
