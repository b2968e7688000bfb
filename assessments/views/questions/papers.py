"""细目表 and 试卷 in the admin. Papers are confidential: every page and file of a paper needs
the paper permission (assessments.access_paper), and every view and download is written to
the audit trail (who, when, which paper and form)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from hostsite import audit
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models import Blueprint, ExamPlan, Paper, PaperDistribution, PlanRoom
from assessments.selectors.questions import (
    blueprint_shortage,
    form_sections,
    papers_for,
    signed_records,
)
from assessments.services.questions import assembly, output
from assessments.services.questions import papers as paper_services
from assessments.services.questions.audit import PAPER_DOWNLOAD, PAPER_VIEW
from assessments.views.questions.common import render, require_permission

ACCESS = "assessments.access_paper"


class DrawForm(forms.Form):
    form_count = forms.TypedChoiceField(
        label=gettext_lazy("卷别"), coerce=int, initial=2,
        choices=[(1, gettext_lazy("一套（A卷）")), (2, gettext_lazy("A/B 两套"))],
    )  # fmt: skip
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子"), required=False, min_value=0, max_value=2**62,
        help_text=gettext_lazy("留空则随机生成；填写以前的种子可重现同一套试卷。"),
    )  # fmt: skip
    title = forms.CharField(label=gettext_lazy("试卷名称"), required=False, max_length=200)


class BlueprintInspectView(generic.InspectView):
    template_name = "assessments/questions/blueprint_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blueprint"] = self.object
        context["shortage"] = blueprint_shortage(self.object)
        context["can_draw"] = self.request.user.has_perm(assembly.DRAW)
        context["draw_form"] = DrawForm(initial={"title": self.object.name})
        return context


class BlueprintViewSet(ModelViewSet):
    model = Blueprint
    name = "blueprints"
    icon = "table"
    menu_label = gettext_lazy("细目表")
    add_to_admin_menu = False
    copy_view_enabled = True
    inspect_view_enabled = True
    inspect_view_class = BlueprintInspectView
    list_display = ["name", "occupation", "level", "total_score", "duration_minutes"]
    list_filter = ["occupation", "level"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("occupation"), FieldPanel("level"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("total_score"), FieldPanel("duration_minutes")]),
            FieldRowPanel([FieldPanel("avoid_recent"), FieldPanel("shuffle_options")]),
            InlinePanel(
                "items",
                label=gettext_lazy("细目表行（题型、鉴定点、难度、题数、每题分值）"),
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("kind"),
                            FieldPanel("knowledge_point"),
                            FieldPanel("difficulty"),
                        ]
                    ),  # fmt: skip
                    FieldRowPanel([FieldPanel("count"), FieldPanel("score_each")]),
                ],
            ),
        ]
    )


blueprint_viewset = BlueprintViewSet()


@require_permission(assembly.DRAW)
@require_POST
def paper_draw(request, pk: int):
    blueprint = get_object_or_404(Blueprint, pk=pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查组卷选项。"))
        return redirect("blueprints:inspect", pk)
    try:
        paper = assembly.paper_draw(
            blueprint=blueprint, actor=request.user, forms=form.cleaned_data["form_count"],
            seed=form.cleaned_data["seed"], title=form.cleaned_data["title"],
        )  # fmt: skip
    except assembly.AssemblyRefused as error:
        messages.error(request, error.message)
        return redirect("blueprints:inspect", pk)
    messages.success(request, _("已组卷。"))
    if request.user.has_perm(ACCESS):
        return redirect("assessments_paper_detail", paper.pk)
    return redirect("blueprints:inspect", pk)


@require_permission(ACCESS)
@require_GET
def paper_index(request):
    return render(request, "paper_index.html", {
        "header_title": _("试卷"), "papers": papers_for(request.user)[:200]})  # fmt: skip


def _paper(request, pk: int) -> Paper:
    paper = papers_for(request.user).filter(pk=pk).first()
    if paper is None:
        raise Http404
    return paper


class SealForm(forms.Form):
    plan = forms.ModelChoiceField(label=gettext_lazy("考试计划"), queryset=ExamPlan.objects.none())

    def __init__(self, *args, paper: Paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ExamPlan.objects.filter(
            occupation_id=paper.occupation_id, level=paper.level
        ).order_by("-pk")


@require_permission(ACCESS)
@require_GET
def paper_detail(request, pk: int):
    paper = _paper(request, pk)
    audit.record(PAPER_VIEW, request=request, target=paper)
    redrawn = assembly.paper_redraw(paper) if request.GET.get("verify") else None
    forms_ = list(paper.forms.all())
    context = {
        "header_title": str(paper),
        "paper": paper,
        "forms": [(form, form_sections(form)) for form in forms_],
        "seal_form": SealForm(paper=paper),
        "can_change": request.user.has_perm(paper_services.CHANGE),
        "distributions": signed_records(paper.distributions.all()),
        "plan_rooms": (
            PlanRoom.objects.filter(plan=paper.plan).select_related("room") if paper.plan_id else []
        ),
    }
    context["room_rows"] = [
        (room, paper_services.room_invigilators(room)) for room in context["plan_rooms"]
    ]
    if redrawn is not None:
        stored = {f.label: list(f.items.order_by("number").values_list("question_id", flat=True))
                  for f in forms_}  # fmt: skip
        context["verified"] = redrawn == stored
    return render(request, "paper_detail.html", context)


DOWNLOADS = {
    "paper": (output.paper_pdf, "pdf", "application/pdf", gettext_lazy("试卷")),
    "key": (output.key_pdf, "pdf", "application/pdf", gettext_lazy("答案")),
    "json": (
        lambda form: json.dumps(output.paper_json(form), ensure_ascii=False, indent=1).encode(),
        "json", "application/json", gettext_lazy("机考"),
    ),
}  # fmt: skip


@require_permission(ACCESS)
@require_GET
def paper_download(request, pk: int, label: str, what: str):
    paper = _paper(request, pk)
    form = paper.forms.filter(label=label).first()
    if form is None or what not in DOWNLOADS:
        raise Http404
    make, extension, content_type, name = DOWNLOADS[what]
    content = make(form)
    audit.record(PAPER_DOWNLOAD, request=request, target=paper, detail=f"{label} {what}")
    response = HttpResponse(content, content_type=content_type)
    filename = f"{paper.title}-{label}-{name}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_permission(paper_services.CHANGE)
@require_POST
def paper_seal(request, pk: int):
    paper = _paper(request, pk)
    form = SealForm(request.POST, paper=paper)
    if not form.is_valid():
        messages.error(request, _("请选择同职业、同等级的考试计划。"))
        return redirect("assessments_paper_detail", pk)
    try:
        paper_services.paper_seal(paper=paper, plan=form.cleaned_data["plan"], actor=request.user)
    except paper_services.PaperRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("试卷已封存。"))
    return redirect("assessments_paper_detail", pk)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@require_permission(paper_services.CHANGE)
@require_POST
def paper_distribution(request, pk: int):
    """发卷 (plan_room, form, copies) or 回收 (record, copies, note); the room's invigilators
    then sign the counts themselves from their room page."""
    paper = _paper(request, pk)
    try:
        if request.POST.get("record"):
            record = get_object_or_404(PaperDistribution, pk=_int(request.POST["record"]),
                                       paper=paper)  # fmt: skip
            paper_services.distribution_back(
                record=record, copies=_int(request.POST.get("copies")), actor=request.user,
                note=request.POST.get("note", ""),
            )  # fmt: skip
        else:
            plan_room = get_object_or_404(PlanRoom, pk=_int(request.POST.get("plan_room")))
            paper_services.distribution_out(
                paper=paper, plan_room=plan_room, form_label=request.POST.get("form", ""),
                copies=_int(request.POST.get("copies")), actor=request.user,
            )  # fmt: skip
    except paper_services.PaperRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已登记。"))
    return redirect("assessments_paper_detail", pk)
