"""What the documents views share: permission checks that answer in Chinese, file responses."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

TEMPLATES = "assessments/documents/"


def render(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    context.setdefault("page_title", context.get("header_title"))
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


def refused(request, message: str, status: int) -> TemplateResponse:
    return render(
        request, "refused.html", {"header_title": _("无法完成"), "message": message}, status=status
    )


def require_any_permission(*permissions: str):
    """403 with a Chinese page unless the user has one of ``permissions``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_perm(p) for p in permissions):
                return refused(request, _("您没有执行此操作的权限。"), 403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def attachment(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
