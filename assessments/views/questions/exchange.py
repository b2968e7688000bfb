"""导入试题 / 导出试题 in the admin: upload → dry run preview → confirm (nothing is written
before the confirmation, nor when any row is wrong), the template, and the export."""

from __future__ import annotations

import hashlib
import io
import uuid

from django import forms
from django.core import signing
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from hostsite.models import Job
from hostsite.services import job_fail_if_stale, job_start

from assessments.choices import QuestionStatus
from assessments.services.questions import exchange, tasks
from assessments.views.questions.common import render, require_permission
from forms_app.exchange.writers import FORMATS
from occupations.choices import Level
from occupations.models import OccupationPage

ADD = "assessments.add_question"
VIEW = "assessments.view_question"
UPLOADS = "question-imports"
SALT = "assessments.questions.import"


class ImportForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("职业"), queryset=OccupationPage.objects.order_by("title")
    )
    level = forms.TypedChoiceField(label=gettext_lazy("等级"), choices=Level.choices, coerce=int)
    file = forms.FileField(
        label=gettext_lazy("文件"),
        help_text=gettext_lazy("XLSX 或 CSV（按导入模板），或 Moodle XML（.xml）。"),
    )


class ExportForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("职业"), queryset=OccupationPage.objects.order_by("title")
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("等级"), choices=[("", gettext_lazy("全部"))] + Level.choices,
        coerce=int, required=False, empty_value=None,
    )  # fmt: skip
    status = forms.ChoiceField(
        label=gettext_lazy("状态"), choices=[("", gettext_lazy("全部"))] + QuestionStatus.choices,
        required=False,
    )  # fmt: skip
    file_format = forms.ChoiceField(
        label=gettext_lazy("格式"), choices=[(k, w.label) for k, w in FORMATS.items()]
    )


def _context(form, **extra) -> dict:
    return {"form": form, "header_title": _("导入试题"), **extra}


@require_permission(ADD)
@require_http_methods(["GET", "POST"])
def import_questions(request):
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "import.html", _context(form))
    if not form.is_valid():
        return render(request, "import.html", _context(form), status=400)
    occupation, level = form.cleaned_data["occupation"], form.cleaned_data["level"]
    upload = form.cleaned_data["file"]
    content = upload.read()
    report = tasks.importer(upload.name)(
        occupation=occupation, level=level, content=content, file_name=upload.name,
        actor=request.user, dry_run=True,
    )  # fmt: skip
    context = _context(
        form, report=report, file_name=upload.name, occupation=occupation,
        level_label=Level(level).label,
    )  # fmt: skip
    if report.file_errors:
        for message in report.file_errors:
            form.add_error("file", message)
        return render(request, "import.html", context, status=400)
    if not report.ok:
        return render(request, "import_preview.html", context, status=422)
    name = tasks.upload_storage().save(f"{UPLOADS}/{uuid.uuid4().hex}", ContentFile(content))
    context["token"] = signing.dumps(
        {"u": request.user.pk, "f": name, "d": hashlib.sha256(content).hexdigest(),
         "n": upload.name, "o": occupation.pk, "l": level},
        salt=SALT,
    )  # fmt: skip
    return render(request, "import_preview.html", context)


def _confirm(request):
    """Start the checked import as a background job and follow it."""
    form = ImportForm()
    try:
        data = signing.loads(request.POST["token"], salt=SALT, max_age=24 * 3600)
    except signing.BadSignature:
        data = None
    if data is None or data["u"] != request.user.pk or not tasks.upload_storage().exists(data["f"]):
        context = _context(form, error=_("预览已过期或无效，请重新上传文件。"))
        return render(request, "import.html", context, status=400)
    job = job_start(
        task=tasks.import_questions_task,
        label=_("导入试题：%(file)s") % {"file": data["n"]},
        owner=request.user,
        kwargs={"user_id": request.user.pk, "stored": data["f"], "digest": data["d"],
                "file_name": data["n"], "occupation_id": data["o"], "level": data["l"]},
    )  # fmt: skip
    return redirect("assessments_questions_import_job", job_id=job.pk)


@require_permission(ADD)
def import_job(request, job_id):
    """The import's progress (the host's job progress box polls it until it is done)."""
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    job_fail_if_stale(job=job)
    return render(request, "import_job.html", {"job": job, "header_title": job.label})


def _attachment(content: bytes, *, extension: str, content_type: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_permission(ADD)
def import_template(request):
    stream = io.BytesIO()
    exchange.question_template(stream)
    return _attachment(
        stream.getvalue(),
        extension="xlsx",
        content_type=FORMATS["xlsx"].content_type,
        stem=_("试题导入模板"),
    )


@require_permission(VIEW)
@require_http_methods(["GET", "POST"])
def export_questions(request):
    form = ExportForm(request.POST or None)
    context = {"form": form, "header_title": _("导出试题")}
    if request.method != "POST":
        return render(request, "export.html", context)
    if not form.is_valid():
        return render(request, "export.html", context, status=400)
    questions = exchange.export_queryset(
        occupation=form.cleaned_data["occupation"], level=form.cleaned_data["level"],
        status=form.cleaned_data["status"] or None,
    )  # fmt: skip
    if not questions.exists():
        context["error"] = _("没有符合条件的试题。")
        return render(request, "export.html", context, status=404)
    stream = io.BytesIO()
    file_format = form.cleaned_data["file_format"]
    exchange.export_questions(questions=questions, actor=request.user, stream=stream,
                              file_format=file_format)  # fmt: skip
    writer = FORMATS[file_format]
    return _attachment(stream.getvalue(), extension=writer.extension,
                       content_type=writer.content_type, stem=_("题库"))  # fmt: skip
