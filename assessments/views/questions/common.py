"""Small helpers the question bank's admin views share."""

from __future__ import annotations

from functools import wraps

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def render(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    context.setdefault("page_title", context.get("header_title"))
    return TemplateResponse(request, f"assessments/questions/{template}", context, status=status)


def require_permission(permission: str):
    """403 with a Chinese page (Wagtail would redirect to the dashboard on PermissionDenied)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                context = {"header_title": _("没有权限"), "permission": permission}
                return render(request, "forbidden.html", context, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
