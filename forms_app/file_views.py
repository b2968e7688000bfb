"""Applicants' files for staff: streamed by a view, never reachable under MEDIA_URL.

Only a logged-in user with Wagtail admin access and the permission forms_app.view_application
(superusers have both) gets a file; anyone else logged in gets 404, so the answer does not
confirm that the file exists; anonymous visitors are sent to the admin login.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from hostsite import audit

from forms_app.audit import VIEW_FILE
from forms_app.models import ApplicationFile

logger = logging.getLogger(__name__)

INLINE_TYPES = {"image/jpeg", "image/png", "application/pdf"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def protect_file_response(response: HttpResponse) -> HttpResponse:
    """Headers for a file an applicant (or a stranger) made: it is downloaded, never displayed
    as a page of this site; were a browser to render it anyway, it runs sandboxed (no scripts,
    no cookies, no same-origin access) and is never sniffed into another type."""
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response._csp_exempt = True  # django-csp: keep this policy, not the site's
    return response


def can_view_files(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and user.has_perm("forms_app.view_application")
    )


def file_url(application_file: ApplicationFile) -> str:
    return reverse("forms_app:application_file", args=[application_file.pk])


def download_label(stored: ApplicationFile) -> str:
    """The field's title on the form (证件照, 学历证书 …) names a download; its stored key when
    the field is gone. Characters a file name cannot hold are replaced."""
    from forms_app.models import FormField

    label = (
        FormField.objects.filter(
            page_id=stored.application.form_page_id, clean_name=stored.field_name
        )
        .values_list("label", flat=True)
        .first()
    )
    return re.sub(r'[\\/:*?"<>|\s]+', "_", label or stored.field_name).strip("_") or "file"


def application_file(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
    if not can_view_files(request.user):
        raise Http404
    stored = get_object_or_404(ApplicationFile.objects.select_related("application"), pk=pk)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, OSError):
        logger.error("Application file %s is missing from storage (%s)", pk, stored.file.name)
        raise Http404 from None
    content_type = stored.content_type if stored.content_type in INLINE_TYPES else ""
    extension = EXTENSIONS.get(content_type) or Path(stored.file.name).suffix.lstrip(".") or "bin"
    filename = f"{stored.application.number}-{download_label(stored)}.{extension}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    protect_file_response(response)
    audit.record(
        VIEW_FILE,
        request=request,
        target=stored.application,
        detail=f"{stored.field_name} #{stored.pk}",
    )
    logger.info(
        "%s viewed file %s of application %s",
        request.user.get_username(),
        pk,
        stored.application.number,
    )
    return response
