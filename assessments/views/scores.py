"""成绩录入 in the admin: the plans one may score, the grid of a plan or one of its rooms (a value
or 缺考/违纪 with a reason per cell; all or nothing), double-entry rounds and the mismatch list."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.models import ExamPlan
from assessments.scoring import SCORE_COMPONENTS
from assessments.selectors import results as results_selectors
from assessments.selectors.results import may_score
from assessments.services.results import ResultsRefused, ScoreInput, parse_cell, scores_enter
from assessments.services.results.scores import mismatch_resolve, plan_scoring, score_entry_record

ENTER = "assessments.enter_scores"
REVIEW = "assessments.review_scores"


def scoring_staff(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.has_perm(ENTER) or request.user.has_perm(REVIEW)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def plan_for(request, plan_id: int) -> ExamPlan:
    plan = get_object_or_404(ExamPlan.objects.select_related("occupation"), pk=plan_id)
    if not may_score(request.user, plan):
        raise PermissionDenied
    return plan


@scoring_staff
def plan_index(request):
    plans = ExamPlan.objects.select_related("occupation").order_by("-created_at")
    if not request.user.has_perm(REVIEW):
        plans = plans.filter(scoring__clerks=request.user)
    rows = [
        (
            plan,
            results_selectors.plan_is_locked(plan),
            results_selectors.plan_certificate_blockers(plan),
        )
        for plan in plans
    ]
    return TemplateResponse(
        request,
        "assessments/results/score_plans.html",
        {"rows": rows, "header_title": _("成绩录入"), "is_reviewer": request.user.has_perm(REVIEW)},
    )


def _cells_from_post(request, rows, components) -> tuple[list[ScoreInput], dict]:
    """The grid's cells as typed, and the errors by cell name (Chinese)."""
    cells, errors = [], {}
    for row in rows:
        candidate = row.candidate
        reason = request.POST.get(f"r-{candidate.pk}", "").strip()
        for component in components:
            name = f"c-{candidate.pk}-{component.key}"
            if name not in request.POST:
                continue
            try:
                value, mark = parse_cell(request.POST[name])
            except ResultsRefused as refused:
                errors[name] = refused.message
                continue
            cells.append(ScoreInput(candidate, component.key, value, mark, reason))
    return cells, errors


@scoring_staff
def score_grid(request, plan_id: int):
    plan = plan_for(request, plan_id)
    scoring = plan_scoring(plan)
    room_id = request.GET.get("room") or None
    round_ = int(request.GET.get("round") or 0) if scoring.double_entry else 0
    components, rows = results_selectors.score_grid(plan, room_id=room_id)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        cells, errors = _cells_from_post(request, rows, components)
        reason = request.POST.get("reason", "")
        if scoring.double_entry and not round_ and not request.user.has_perm(REVIEW):
            errors["__all__"] = _("本计划使用双人录入：请先选择录入轮次（第一遍或第二遍）。")
        if not errors:
            try:
                if round_:
                    outcomes = [
                        score_entry_record(
                            cell=cell, round=round_, user=request.user, reason=reason
                        )
                        for cell in cells
                        if cell.display
                    ]
                    mismatches = outcomes.count("mismatch")
                    messages.success(
                        request,
                        _("已保存第 %(round)s 遍录入；%(n)s 处与另一遍不一致。")
                        % {"round": round_, "n": mismatches},
                    )
                else:
                    count = scores_enter(plan=plan, cells=cells, user=request.user, reason=reason)
                    messages.success(request, _("已保存 %(n)s 项成绩。") % {"n": count})
                return redirect(request.get_full_path())
            except ResultsRefused as refused:
                errors["__all__"] = refused.message
        status = 400
    grid = []
    for row in rows:
        cells = []
        for component in components:
            name = f"c-{row.candidate.pk}-{component.key}"
            if round_:
                entry = row.entries.get((component.key, round_))
                shown = entry.display if entry else ""
            else:
                score = row.cells.get(component.key)
                shown = score.display if score else ""
            if request.method == "POST":
                shown = request.POST.get(name, shown)
            cells.append({"name": name, "value": shown, "error": errors.get(name, "")})
        reasons = [s.mark_reason for s in row.cells.values() if s is not None and s.mark_reason]
        reason = request.POST.get(f"r-{row.candidate.pk}") if request.method == "POST" else None
        grid.append(
            {
                "row": row,
                "cells": cells,
                "reason": reason if reason is not None else "；".join(reasons),
            }
        )
    return TemplateResponse(
        request,
        "assessments/results/score_grid.html",
        {
            "plan": plan,
            "scoring": scoring,
            "components": components,
            "grid": grid,
            "rooms": plan.plan_rooms.select_related("room"),
            "room_id": int(room_id) if room_id else None,
            "round": round_,
            "locked": scoring.locked_at is not None,
            "form_error": errors.get("__all__", ""),
            "has_errors": bool(errors),
            "header_title": _("成绩录入：%(plan)s") % {"plan": plan},
        },
        status=status,
    )


@scoring_staff
def mismatches(request, plan_id: int):
    plan = plan_for(request, plan_id)
    if not request.user.has_perm(REVIEW):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        pairs = {
            f"{first.candidate_id}-{first.component}": first
            for first, _second in results_selectors.entry_mismatches(plan)
        }
        first = pairs.get(request.POST.get("pair", ""))
        if first is None:
            error = _("这一处已经处理过了。")
        else:
            try:
                value, mark = parse_cell(request.POST.get("value", ""))
                mismatch_resolve(
                    cell=ScoreInput(first.candidate, first.component, value, mark,
                                    request.POST.get("mark_reason", "")),
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )  # fmt: skip
                messages.success(request, _("已确定成绩。"))
                return redirect(request.get_full_path())
            except ResultsRefused as refused:
                error = refused.message
    pairs = [
        (first, second, SCORE_COMPONENTS[first.component].label)
        for first, second in results_selectors.entry_mismatches(plan)
    ]
    return TemplateResponse(
        request,
        "assessments/results/mismatches.html",
        {"plan": plan, "pairs": pairs, "error": error, "header_title": _("录入不一致")},
        status=400 if error else 200,
    )
