"""导入成绩: an XLSX or CSV file (read by django-import-export's formats) with one row per
candidate — 准考证号, 姓名, one column per component (a score or 缺考/违纪), 原因 — is checked
in full first (dry run: every row's errors in Chinese, the changes it would make); only after
the confirmation is it written, in one transaction, and not at all when any row is wrong."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from hostsite import audit
from import_export.formats.base_formats import CSV, XLSX

from assessments.choices import CandidateStatus
from assessments.models import Candidate
from assessments.scoring import plan_components
from assessments.services.results import ResultsRefused, ScoreInput, parse_cell, scores_enter
from assessments.services.results.scores import plan_scoring
from assessments.views.scores import REVIEW, plan_for, scoring_staff
from forms_app.formulas import neutralise

MAX_BYTES = 2 * 1024 * 1024
SESSION_KEY = "assessments.score_import"
TICKET, NAME, REASON = "准考证号", "姓名", "原因"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("成绩文件"), help_text=gettext_lazy("XLSX 或 CSV，按下载的模板填写。")
    )


@dataclass
class Row:
    number: int
    ticket: str
    name: str
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _dataset(name: str, content: bytes):
    if name.lower().endswith(".csv"):
        return CSV().create_dataset(content.decode("utf-8-sig"))
    return XLSX().create_dataset(content)


def check(plan, name: str, content: bytes) -> tuple[list[Row], list[ScoreInput], list[str]]:
    """Every row checked; the cells to write; file-level errors. Nothing is written."""
    try:
        data = _dataset(name, content)
    except Exception:  # a file the format cannot read: the user's error, in Chinese
        return [], [], [_("无法读取这个文件：请上传按模板填写的 XLSX 或 CSV 文件。")]
    headers = [str(h or "").strip() for h in (data.headers or [])]
    components = plan_components(plan)
    missing = [h for h in (TICKET, NAME) if h not in headers]
    if missing:
        return [], [], [_("缺少列：%(cols)s。") % {"cols": "、".join(missing)}]
    present = [c for c in components if str(c.label) in headers]
    if not present:
        return [], [], [_("没有成绩列：请按模板使用科目名称作为列名。")]
    by_ticket = {
        c.ticket_number: c
        for c in Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED)
        .exclude(ticket_number=None)
        .select_related("application")
    }
    existing = {}
    for candidate in by_ticket.values():
        for score in candidate.scores.all():
            existing[(candidate.pk, score.component)] = score.display
    rows, cells, seen = [], [], set()
    for number, values in enumerate(data.dict, start=2):

        def get(key, values=values) -> str:
            value = values.get(key)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # XLSX numbers: 80.0 → "80"
            return "" if value is None else str(value).strip()

        row = Row(number, get(TICKET), get(NAME))
        candidate = by_ticket.get(row.ticket)
        if not row.ticket:
            row.errors.append(_("准考证号为空。"))
        elif candidate is None:
            row.errors.append(_("准考证号 %(t)s 不在本考试计划中。") % {"t": row.ticket})
        elif row.ticket in seen:
            row.errors.append(_("准考证号 %(t)s 重复出现。") % {"t": row.ticket})
        elif candidate.application.name != row.name:
            row.errors.append(
                _("姓名与准考证号不符（应为 %(n)s）。") % {"n": candidate.application.name}
            )
        seen.add(row.ticket)
        for component in present:
            try:
                value, mark = parse_cell(get(str(component.label)))
            except ResultsRefused as refused:
                row.errors.append(f"{component.label}：{refused.message}")
                continue
            if mark and not get(REASON):
                row.errors.append(_("%(c)s 为缺考或违纪，请填写原因。") % {"c": component.label})
            if candidate is None or row.errors:
                continue
            cell = ScoreInput(candidate, component.key, value, mark, get(REASON))
            old = existing.get((candidate.pk, component.key), "")
            if old != cell.display:
                row.changes.append(
                    f"{component.label}：{old or '（空）'} → {cell.display or '（空）'}"
                )
            cells.append(cell)
        rows.append(row)
    return rows, cells, []


@scoring_staff
def import_scores(request, plan_id: int):
    plan = plan_for(request, plan_id)
    if plan_scoring(plan).double_entry and not request.user.has_perm(REVIEW):
        # Two clerks enter a double-entry plan's scores in the grid; an import would bypass it.
        raise PermissionDenied
    context = {"plan": plan, "header_title": _("导入成绩：%(plan)s") % {"plan": plan}}
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY) or {}
        if stored.get("plan") != plan.pk:
            messages.error(request, _("导入已过期，请重新上传。"))
            return redirect("assessments_score_import", plan.pk)
        rows, cells, problems = check(plan, stored["name"], base64.b64decode(stored["content"]))
        if problems or any(row.errors for row in rows):
            context.update(form=ImportForm(), rows=rows, problems=problems, conflict=True)
            return TemplateResponse(
                request, "assessments/results/score_import.html", context, status=409
            )
        try:
            count = scores_enter(
                plan=plan, cells=cells, user=request.user, reason=request.POST.get("reason", "")
            )
        except ResultsRefused as refused:
            context.update(form=ImportForm(), rows=rows, problems=[refused.message])
            return TemplateResponse(
                request, "assessments/results/score_import.html", context, status=409
            )
        audit.record(
            "assessments.score_import", request=request, target=plan, row_count=len(rows),
            detail=stored["name"],
        )  # fmt: skip
        del request.session[SESSION_KEY]
        messages.success(request, _("已导入，%(n)s 项成绩有变化。") % {"n": count})
        return redirect("assessments_score_grid", plan.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("文件不能超过 2 MB。"))
            return TemplateResponse(
                request, "assessments/results/score_import.html", context, status=400
            )
        content = upload.read()
        rows, cells, problems = check(plan, upload.name, content)
        ok = not problems and rows and not any(row.errors for row in rows)
        if ok:
            request.session[SESSION_KEY] = {
                "plan": plan.pk, "name": upload.name, "content": base64.b64encode(content).decode()
            }  # fmt: skip
        context.update(rows=rows, problems=problems, ok=ok, file_name=upload.name,
                       changed=sum(len(row.changes) for row in rows))  # fmt: skip
        return TemplateResponse(
            request, "assessments/results/score_import.html", context, status=200 if ok else 400
        )
    return TemplateResponse(request, "assessments/results/score_import.html", context)


@scoring_staff
def import_template(request, plan_id: int):
    """An XLSX with the plan's candidates and a column per component, to fill in."""
    import openpyxl

    plan = plan_for(request, plan_id)
    components = plan_components(plan)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "成绩"
    sheet.append([TICKET, NAME, *[str(c.label) for c in components], REASON])
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
