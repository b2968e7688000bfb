"""The occupation editor's "粘贴申报条件" and "按文字重新识别条款" screens: thin views over
``condition_edits`` (proposals change nothing; saving needs the editor's decision on each)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from occupations import condition_edits as edits
from occupations.choices import Level
from occupations.condition_forms import PasteForm, ProposalFormSet, RederiveForm
from occupations.eligibility import describe_condition
from occupations.eligibility.reading import same_clauses
from occupations.models import OccupationPage

PREFIX = "c"


def _editable_page(request, page_id: int) -> OccupationPage:
    page = get_object_or_404(OccupationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def _edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _rows(formset, proposals):
    return list(zip(formset.forms, proposals, strict=True))


def _initial(proposals, decisions=None):
    decisions = decisions or {}
    return [
        {
            "number": p.number,
            "text": p.text,
            "shown_text": p.text,
            "decision": decisions.get(index),
        }
        for index, p in enumerate(proposals)
    ]


def _render_paste(request, page, draft, form, formset=None, proposals=(), status=200, **extra):
    context = {
        "page": page,
        "form": form,
        "formset": formset,
        "rows": _rows(formset, proposals) if formset is not None else [],
        "edit_url": _edit_url(page),
        "header_title": _("粘贴申报条件：%(title)s") % {"title": page.title},
        **extra,
    }
    return render(request, "occupations/admin/conditions_paste.html", context, status=status)


def _submitted_rows(request) -> list[dict]:
    """Each row's number, text and decision as submitted (before validation)."""
    formset = ProposalFormSet(request.POST, prefix=PREFIX)
    rows = []
    for form in formset.forms:
        number = form["number"].value()
        rows.append(
            {
                "number": int(number) if str(number or "").isdigit() else 0,
                "text": " ".join(str(form["text"].value() or "").split()),
                "decision": form["decision"].value(),
            }
        )
    return rows


@permission_required("wagtailadmin.access_admin")
def conditions_paste(request, page_id: int):
    """Paste a level's whole 申报条件 passage; see each numbered condition's proposed clauses
    and unread words; accept, edit or reject each; save them as a draft."""
    page = _editable_page(request, page_id)
    draft = edits.draft_of(page)
    specialties = list(draft.specialties.all())
    if request.method != "POST":
        initial = {"specialty": request.GET.get("specialty", 0)}
        return _render_paste(
            request, page, draft, PasteForm(initial=initial, specialties=specialties)
        )
    form = PasteForm(request.POST, specialties=specialties)
    action = request.POST.get("action", "read")
    if not form.is_valid():
        return _render_paste(request, page, draft, form, status=400)
    split, proposals = edits.passage_propose(page=page, passage=form.cleaned_data["passage"])
    level = form.cleaned_data["level"] or split.level
    if action == "read":
        if not proposals:
            form.add_error("passage", _("没有找到条件。请粘贴带编号的条件，如“（1）…（2）…”。"))
            return _render_paste(request, page, draft, form, status=400)
        formset = ProposalFormSet(initial=_initial(proposals), prefix=PREFIX)
        return _render_paste(request, page, draft, form, formset, proposals, level=level)
    rows = _submitted_rows(request)
    proposals = [
        edits.condition_propose(page=page, number=r["number"], text=r["text"]) for r in rows
    ]
    if action == "reread":
        decisions = {i: r["decision"] for i, r in enumerate(rows)}
        formset = ProposalFormSet(initial=_initial(proposals, decisions), prefix=PREFIX)
        return _render_paste(request, page, draft, form, formset, proposals, level=level)
    formset = ProposalFormSet(request.POST, prefix=PREFIX)
    if level is None:
        form.add_error("level", _("请选择等级（原文标题中没有写明等级）。"))
    if not formset.is_valid() or form.errors:
        return _render_paste(
            request, page, draft, form, formset, proposals, status=400, level=level
        )
    try:
        edits.level_conditions_replace(
            page=page,
            specialty=form.cleaned_data["specialty"],
            level=level,
            accepted=edits.accepted_from(f.cleaned_data for f in formset.forms),
            user=request.user,
            request=request,
        )
    except edits.ConditionEditError as error:
        messages.error(request, error.message)
        return _render_paste(
            request, page, draft, form, formset, proposals, status=400, level=level
        )
    messages.success(
        request,
        _("已将采用的条件保存为草稿（%(level)s），请在编辑页核对后发布。")
        % {"level": Level(level).label},
    )
    return redirect(_edit_url(page))


@permission_required("wagtailadmin.access_admin")
def condition_rederive(request, page_id: int):
    """One condition: its text, its clauses now, the clauses read from its text; the editor
    accepts the reading (replacing the clauses) or keeps the clauses."""
    page = _editable_page(request, page_id)
    form = RederiveForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render(
            request,
            "occupations/admin/condition_rederive.html",
            {
                "page": page,
                "error": _("链接不完整，请从“条件核对”页重新进入。"),
                "edit_url": _edit_url(page),
                "header_title": _("按文字重新识别条款"),
            },
            status=400,
        )
    where = form.cleaned_data
    try:
        if request.method == "POST":
            edits.condition_clauses_rederive(
                page=page,
                specialty=where["specialty"],
                level=where["level"],
                number=where["number"],
                shown_text=where["shown_text"],
                user=request.user,
                request=request,
            )
            messages.success(request, _("已按文字更新第%(number)s条的条款并保存为草稿。") % where)
            return redirect(_edit_url(page))
        draft = edits.draft_of(page)
        specialty = edits.specialty_of(draft, where["specialty"])
        condition = edits.find_condition(
            edits.levels_data(specialty), level=where["level"], number=where["number"]
        )
    except edits.ConditionEditError as error:
        messages.error(request, error.message)
        if request.method == "POST":
            query = urlencode({k: where[k] for k in ("specialty", "level", "number")})
            return redirect(f"{request.path}?{query}")
        return redirect(_edit_url(page))
    proposal = edits.condition_propose(
        page=page, number=condition["number"], text=condition["text"]
    )
    current = [a["clauses"] for a in condition["alternatives"]]
    accept = RederiveForm(initial={**where, "shown_text": condition["text"]})
    return render(
        request,
        "occupations/admin/condition_rederive.html",
        {
            "page": page,
            "specialty": specialty.display_name,
            "level_label": Level(where["level"]).label,
            "condition": condition,
            "current_meaning": describe_condition(current) if any(current) else "",
            "proposal": proposal,
            "unchanged": proposal.reading.complete
            and same_clauses(proposal.reading.alternatives, current),
            "form": accept,
            "edit_url": _edit_url(page),
            "header_title": _("按文字重新识别条款：%(title)s") % {"title": page.title},
        },
    )
