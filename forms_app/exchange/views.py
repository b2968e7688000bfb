"""Admin pages: 导出报名 (export) and 导入报名 (import). Thin: forms in, services do the work.

Mounted under /admin/applications-exchange/ by hooks.py, so Wagtail's admin access check runs
first; each view then checks the model permission it needs (superusers pass).
"""

from __future__ import annotations

import io
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from hostsite import audit
from hostsite.models import Job
from hostsite.services import job_fail_if_stale, job_start

from forms_app.audit import EXPORT_DOWNLOAD
from forms_app.exchange import services, staging, tasks
from forms_app.exchange.forms import ExportForm, ImportForm
from forms_app.exchange.readers import ImportFileError
from forms_app.exchange.writers import FORMATS
from forms_app.models import ApplicationImport, RegistrationFormPage
from forms_app.storage import private_storage

EXPORT_LABEL = gettext_lazy("导出报名")
ELIGIBILITY_NOTE = gettext_lazy(
    "导入的名单没有工作经历、证书、学历等资料，系统按空白资料判断资格，结果多为“需要工作人员审核”"
    "或“暂不符合”。导入后请在“报名审核”中逐一核实。"
)


def _attachment(content: bytes, *, extension: str, content_type: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _render(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    context.setdefault("page_title", context.get("header_title"))  # the admin page's heading
    return TemplateResponse(request, f"forms_app/exchange/{template}", context, status=status)


def require_permission(permission: str):
    """403 with a Chinese page (Wagtail would redirect to the dashboard on PermissionDenied)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                context = {"header_title": _("没有权限"), "permission": permission}
                return _render(request, "forbidden.html", context, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Export -------------------------------------------------------------------------------------


@require_permission(services.VIEW)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None, user=request.user)
    context = {
        "form": form,
        "header_title": _("导出报名"),
        "inline_max": services.inline_max_rows(),
    }
    if request.method != "POST":
        return _render(request, "export.html", context)
    if not form.is_valid():
        return _render(request, "export.html", context, status=400)
    options = form.options()
    count = services.export_count(options)
    if count == 0:
        context["error"] = _("没有符合条件的报名。")
        return _render(request, "export.html", context, status=404)
    if count > services.inline_max_rows():
        job = job_start(
            task=tasks.export_applications_task,
            label=_("%(label)s（%(rows)s 行）") % {"label": EXPORT_LABEL, "rows": count},
            owner=request.user,
            kwargs={"user_id": request.user.pk, "options": options.as_json()},
        )
        return redirect("forms_app_exchange_export_job", job_id=job.pk)
    stream = io.BytesIO()
    try:
        services.export_applications(options=options, user=request.user, stream=stream)
    except services.ExportRefused as error:
        context["error"] = error.message
        return _render(request, "export.html", context, status=403)
    writer = FORMATS[options.file_format]
    return _attachment(
        stream.getvalue(),
        extension=writer.extension,
        content_type=writer.content_type,
        stem=_("报名名单"),
    )


def _own_job(request: HttpRequest, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@require_permission(services.VIEW)
def export_job(request: HttpRequest, job_id) -> HttpResponse:
    """The progress of a large export; the page polls /jobs/<id>/ and then offers the file."""
    job = _own_job(request, job_id)
    job_fail_if_stale(job=job)  # a worker killed mid-export: failed, and can be retried
    return _render(request, "export_job.html", {"job": job, "header_title": job.label})


@require_permission(services.VIEW)
def export_download(request: HttpRequest, job_id) -> FileResponse:
    """The finished export, only to the person who started it (or a superuser)."""
    job = _own_job(request, job_id)
    stored = services.stored_export(str(job.pk))
    if stored is None:
        context = {"job": job, "header_title": job.label, "missing": True}
        return _render(request, "export_job.html", context, status=404)
    if stored.full_personal_data and not request.user.has_perm(services.VIEW_PERSONAL_DATA):
        return _render(
            request,
            "export_job.html",
            {"job": job, "header_title": job.label, "error": _("您没有查看完整个人信息的权限。")},
            status=403,
        )
    audit.record(
        EXPORT_DOWNLOAD,
        request=request,
        masked=not stored.full_personal_data,
        detail=stored.extension,
    )
    created = timezone.localtime(job.created_at)
    filename = f"{_('报名名单')}-{created:%Y%m%d-%H%M}.{stored.extension}"
    return FileResponse(
        private_storage().open(stored.name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=stored.content_type,
    )


# --- Import -------------------------------------------------------------------------------------


def _import_context(form, **extra) -> dict:
    return {"form": form, "header_title": _("导入报名"), "note": ELIGIBILITY_NOTE, **extra}


@require_permission(services.ADD)
@require_http_methods(["GET", "POST"])
def import_(request: HttpRequest) -> HttpResponse:
    """Upload a list: a file that is no applicant list is refused at once; the rows are checked
    by a background job whose page (import_status) then shows the preview."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _render(request, "import.html", _import_context(form))
    if not form.is_valid():
        return _render(request, "import.html", _import_context(form), status=400)
    try:
        record = staging.import_begin(
            page=form.cleaned_data["form_page"],
            upload=form.cleaned_data["file"],
            actor=request.user,
        )
    except ImportFileError as error:
        form.add_error("file", error.message)
        return _render(request, "import.html", _import_context(form), status=400)
    return redirect("forms_app_exchange_import_status", import_id=record.pk)


def _own_import(request: HttpRequest, import_id) -> ApplicationImport:
    record = get_object_or_404(
        ApplicationImport.objects.select_related("page", "job"), pk=import_id
    )
    if record.actor_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return record


@require_permission(services.ADD)
@require_http_methods(["GET", "POST"])
def import_status(request: HttpRequest, import_id) -> HttpResponse:
    """One uploaded list: the check's progress, the preview (confirm: POST), the import's
    progress, and what was imported or why nothing was."""
    record = _own_import(request, import_id)
    if request.method == "POST":
        try:
            staging.import_confirm(record=record, actor=request.user)
        except staging.ImportFailed as error:
            messages.error(request, error.message)
        return redirect("forms_app_exchange_import_status", import_id=record.pk)
    if record.job is not None:
        job_fail_if_stale(job=record.job)  # a worker killed mid-way: failed, can be retried
    report = services.ImportReport.from_json(record.report) if record.report else None
    context = _import_context(
        ImportForm(),
        record=record,
        job=record.job,
        page=record.page,
        report=report,
        file_name=record.file_name,
        failed=staging.job_failed(record),
        closed_reason=record.page.closed_reason(),
    )
    return _render(request, "import_status.html", context)


@require_permission(services.ADD)
def import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX to fill in; with ?form_page=<id> it lists what that form offers."""
    page_id = request.GET.get("form_page", "")
    page = RegistrationFormPage.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    stream = io.BytesIO()
    services.import_template(page=page, stream=stream)
    return _attachment(
        stream.getvalue(),
        extension="xlsx",
        content_type=FORMATS["xlsx"].content_type,
        stem=_("报名导入模板"),
    )
