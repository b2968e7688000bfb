"""The admin's two-factor pages (/admin/2fa/…): enter a code, enrol an authenticator, see and
renew recovery codes; and 设置 → 登录锁定, where an administrator lifts a lockout."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from hostsite import audit
from hostsite.staff import two_factor
from hostsite.staff.forms import CodeForm
from wagtail.admin import messages


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "wagtailadmin_home"


@require_http_methods(["GET", "POST"])
def verify(request):
    if not two_factor.has_device(request.user):
        return redirect("staff_2fa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("验证码不正确或已过期，请重新输入。"))
    context = {"form": form, "next": _next_url(request)}
    status = 400 if form.errors else 200
    return render(request, "hostsite/staff/verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator: scan the QR code, type the code it shows, get recovery codes.
    Someone who already has one must have verified this session to replace it."""
    if two_factor.has_device(request.user) and not request.user.is_verified():
        return redirect("staff_2fa_verify")
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(request, "hostsite/staff/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("验证码不正确，请确认手机时间准确后重新输入。"))
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
        "required": settings.STAFF_2FA_REQUIRED,
    }
    return render(request, "hostsite/staff/setup.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def overview(request):
    """设置 → 两步验证: the user's own state, and new recovery codes on request."""
    user = request.user
    if request.method == "POST":
        if not user.is_verified():
            raise PermissionDenied
        codes = two_factor.new_recovery_codes(user=user)
        return render(request, "hostsite/staff/recovery_codes.html", {"codes": codes})
    context = {
        "enrolled": two_factor.has_device(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "required": settings.STAFF_2FA_REQUIRED,
        "page_title": _("两步验证"),
        "header_icon": "key",
    }
    return render(request, "hostsite/staff/overview.html", context)


# Lockouts --------------------------------------------------------------------------------------


def _can_lift(user) -> bool:
    return user.has_perm("axes.delete_accessattempt")


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not _can_lift(request.user):
        raise PermissionDenied
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt")).first()
        if attempt is not None:
            if attempt.username:
                axes_reset(username=attempt.username)
            if attempt.ip_address:
                axes_reset(ip=attempt.ip_address)
            audit.record(
                audit.LOCKOUT_LIFTED,
                request=request,
                object_label=attempt.username or "",
                detail=f"IP {attempt.ip_address}",
            )
            messages.success(request, _("已解除锁定。"))
        return redirect("staff_lockouts")
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    context = {"attempts": attempts, "page_title": _("登录锁定"), "header_icon": "lock"}
    return render(request, "hostsite/staff/lockouts.html", context)
