"""Public certificate verification: the page (证书查询), the published keys at
/.well-known/certificate-keys.json; the API lives in assessments/api_certificates.py.

Every lookup by number and name is rate-limited per address (failing closed: it guards holders'
names) and answered no sooner than CERTIFICATE_VERIFY_MIN_SECONDS after it arrived, so the time
an answer takes does not tell whether a number exists."""

from __future__ import annotations

import time
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from assessments.selectors import certificates as selectors
from assessments.services.certificates import signing
from forms_app import ratelimit

#: Lookups one address may make, at most (count, seconds); setting CERTIFICATE_VERIFY_RATE_PER_IP.
VERIFY_PER_IP = (30, 600)
#: The least time an answer to a lookup takes; setting CERTIFICATE_VERIFY_MIN_SECONDS.
MIN_SECONDS = 0.25


def within_rate(request: HttpRequest, *, fail_open: bool = False) -> bool:
    limit, window = getattr(settings, "CERTIFICATE_VERIFY_RATE_PER_IP", VERIFY_PER_IP)
    return ratelimit.hit(
        "certificate-verify",
        ratelimit.client_ip(request),
        limit=limit,
        window=window,
        fail_open=fail_open,
    )


def in_constant_time(lookup: Callable[[], object]):
    """``lookup()``, returned no sooner than the minimum time after the call."""
    started = time.monotonic()
    result = lookup()
    floor = getattr(settings, "CERTIFICATE_VERIFY_MIN_SECONDS", MIN_SECONDS)
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return result


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("证书编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    name = forms.CharField(label=_("姓名"), max_length=30)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """证书查询: number and name (POST), or a scanned QR payload (GET ``?p=``)."""
    context: dict = {"page_title": _("证书查询"), "keys": signing.published_keys()}
    payload = request.GET.get("p", "")[:2000]
    if payload:
        if not within_rate(request, fail_open=True):
            return ratelimit.too_many_requests(request)
        context["scan"] = selectors.payload_check(payload=payload)
        context["form"] = VerifyForm()
        return _private(render(request, "assessments/certificates/verify.html", context))
    form = VerifyForm(request.POST or None)
    context["form"] = form
    status = 200
    if request.method == "POST":
        if not within_rate(request):
            return ratelimit.too_many_requests(request)
        if form.is_valid():
            data = form.cleaned_data
            context["result"] = in_constant_time(
                lambda: selectors.certificate_verify(number=data["number"], name=data["name"])
            )
        else:
            status = 400
    return _private(render(request, "assessments/certificates/verify.html", context, status=status))


@require_GET
@cache_control(public=True, max_age=3600)
def published_keys(request: HttpRequest) -> JsonResponse:
    """/.well-known/certificate-keys.json: the Ed25519 public keys, by key id."""
    return JsonResponse(
        {
            "format": "ZS1.<kid>.<base64url(number␟name␟occupation␟specialty␟level␟date)>"
            ".<base64url(Ed25519 signature of the text before it)>",
            "keys": signing.published_keys(),
        },
        json_dumps_params={"ensure_ascii": False},
    )
