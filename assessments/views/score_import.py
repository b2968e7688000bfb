"""导入成绩 in the admin: upload → the whole file checked (a dry run: every row's errors in
Chinese, the changes it would make; nothing written) → confirmation, which starts the import
as a background job (``services.results.imports``) whose page follows its progress; and the
template of a plan."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from hostsite.models import Job
from hostsite.services import job_fail_if_stale

from assessments.choices import CandidateStatus
from assessments.models import Candidate
from assessments.scoring import plan_components
from assessments.selectors.results import may_import_scores
from assessments.services.results import imports
from assessments.views.scores import plan_for, scoring_staff
from forms_app.formulas import neutralise
from forms_app.storage import private_storage

MAX_BYTES = 2 * 1024 * 1024
SALT = "assessments.score_import"
TEMPLATE = "assessments/results/score_import.html"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("成绩文件"), help_text=gettext_lazy("XLSX 或 CSV，按下载的模板填写。")
    )


def _importable_plan(request, plan_id: int):
    plan = plan_for(request, plan_id)
    if not may_import_scores(request.user, plan):
        raise PermissionDenied
    return plan


@scoring_staff
@require_http_methods(["GET", "POST"])
def import_scores(request, plan_id: int):
    plan = _importable_plan(request, plan_id)
    context = {"plan": plan, "header_title": _("导入成绩：%(plan)s") % {"plan": plan}}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, plan, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST":
        return TemplateResponse(request, TEMPLATE, context)
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, context, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", _("文件不能超过 2 MB。"))
        return TemplateResponse(request, TEMPLATE, context, status=400)
    content = upload.read()
    check = imports.score_import_check(plan=plan, file_name=upload.name, content=content)
    context.update(check=check, rows=check.rows, problems=check.problems, ok=check.ok,
                   file_name=upload.name, changed=check.changed)  # fmt: skip
    if not check.ok:
        return TemplateResponse(request, TEMPLATE, context, status=400)
    kept = imports.score_import_keep(content=content, file_name=upload.name)
    context["token"] = signing.dumps(
        {"u": request.user.pk, "p": plan.pk, "f": kept.stored, "d": kept.digest,
         "n": kept.file_name},
        salt=SALT,
    )  # fmt: skip
    return TemplateResponse(request, TEMPLATE, context)


def _confirm(request, plan, context):
    """Start the checked import as a background job and follow it on its page."""
    try:
        data = signing.loads(request.POST["token"], salt=SALT, max_age=imports.UPLOADS_KEPT)
    except signing.BadSignature:
        data = None
    if (
        data is None
        or data["u"] != request.user.pk
        or data["p"] != plan.pk
        or not private_storage().exists(data["f"])
    ):
        context.update(form=ImportForm(), problems=[_("检查结果已过期或无效，请重新上传文件。")])
        return TemplateResponse(request, TEMPLATE, context, status=400)
    job = imports.score_import_start(
        plan=plan,
        user=request.user,
        upload=imports.KeptUpload(stored=data["f"], digest=data["d"], file_name=data["n"]),
        reason=request.POST.get("reason", "").strip(),
    )
    return redirect("assessments_score_import_job", plan.pk, job.pk)


@scoring_staff
def import_job(request, plan_id: int, job_id):
    """The import's progress (the page polls the job), then its outcome."""
    plan = plan_for(request, plan_id)
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk:
        raise Http404
    job_fail_if_stale(job=job)
    return TemplateResponse(
        request,
        "assessments/results/score_import_job.html",
        {"plan": plan, "job": job, "header_title": job.label},
    )


@scoring_staff
def import_template(request, plan_id: int):
    """An XLSX with the plan's candidates and a column per component, to fill in."""
    import openpyxl

    plan = plan_for(request, plan_id)
    components = plan_components(plan)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "成绩"
    sheet.append([imports.TICKET, imports.NAME, *[str(c.label) for c in components],
                  imports.REASON])  # fmt: skip
    for candidate in (
        Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED)
        .exclude(ticket_number=None)
        .select_related("application")
        .order_by("ticket_number")
    ):
        sheet.append([neutralise(candidate.ticket_number), neutralise(candidate.application.name)])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="scores-{plan.code}.xlsx"'
    book.save(response)
    return response
