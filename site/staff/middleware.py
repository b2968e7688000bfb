"""Limits on a signed-in session, and the second factor the admin asks for."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _
from hostsite.staff import two_factor

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
#: A session's last-seen time is written at most this often (one session write a minute).
SEEN_EVERY = 60


class StaffSessionMiddleware:
    """Signs a user out after STAFF_SESSION_IDLE_SECONDS without a request and
    STAFF_SESSION_MAX_SECONDS after login, whatever they do. Anonymous sessions (applicants'
    drafts) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)

    def _expired(self, request) -> str:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:  # a session from before this middleware
            start_session_clock(request, now=now)
            return ""
        if now - login_at > settings.STAFF_SESSION_MAX_SECONDS:
            return _("登录已超过 12 小时，请重新登录。")
        if now - seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
            return _("您已 30 分钟未操作，请重新登录。")
        if now - seen_at >= SEEN_EVERY:
            session[SEEN_AT] = now
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return ""


def start_session_clock(request, *, now: int | None = None) -> None:
    """Called at login: the 12-hour clock starts, the idle clock too."""
    now = int(time.time()) if now is None else now
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


class TwoFactorMiddleware:
    """In the admin, a signed-in user who has a device must enter its code first; with
    STAFF_2FA_REQUIRED on, a user without one must enrol first. Sign-in, sign-out and the
    two-factor pages themselves stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(reverse("wagtailadmin_home"))
            and not two_factor.is_exempt(request.path)
            and not user.is_verified()
        ):
            if two_factor.has_device(user):
                return redirect_to_login(request.get_full_path(), reverse("staff_2fa_verify"))
            if settings.STAFF_2FA_REQUIRED:
                return redirect_to_login(request.get_full_path(), reverse("staff_2fa_setup"))
        return self.get_response(request)
