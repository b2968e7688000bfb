"""题库 in the admin: questions, knowledge points (Wagtail ModelViewSets) and the review and
retire actions. Saving a question goes through services.questions.bank.question_save, so a
question on a sealed paper gets a new version instead of being changed."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from assessments.choices import QuestionStatus
from assessments.models import KnowledgePoint, Question
from assessments.services.questions import bank
from assessments.services.questions.papers import ACCESS as PAPER_ACCESS
from assessments.views.questions.common import require_permission


def _options(form) -> list[bank.OptionData]:
    formset = form.formsets["options"]
    kept = [
        f for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
        and (f.cleaned_data.get("text") or "").strip()
    ]  # fmt: skip
    kept.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
    return [
        bank.OptionData(f.cleaned_data["text"], bool(f.cleaned_data.get("is_correct")))
        for f in kept
    ]


class QuestionSaveMixin:
    """Save through the service; a refusal shows on the form (400), never a 500."""

    def form_valid(self, form):
        self.form = form
        question = form.save(commit=False)
        try:
            with transaction.atomic():
                self.object = bank.question_save(
                    question=question, options=_options(form), actor=self.request.user
                )
        except bank.QuestionRefused as error:
            form.add_error(None, error.message)
            response = self.form_invalid(form)
            response.status_code = 400
            return response
        original = getattr(self, "_original_pk", None)
        if original is not None and self.object.pk != original:
            messages.warning(
                self.request,
                _("该题已用于封存的试卷，已生成第 %(v)s 版（草稿，待审核），原题已停用。")
                % {"v": self.object.version},
            )
        return self.save_action()


class QuestionCreateView(QuestionSaveMixin, generic.CreateView):
    pass


class QuestionEditView(QuestionSaveMixin, generic.EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self._original_pk = obj.pk
        return obj


class QuestionIndexView(generic.IndexView):
    """The list; reviewers get checkboxes for 批量审核通过 and a 审核 button on each draft."""

    template_name = "assessments/questions/question_index.html"

    @cached_property
    def can_review(self) -> bool:
        return self.request.user.has_perm(bank.REVIEW)

    @cached_property
    def columns(self):
        columns = super().columns
        if self.can_review:
            return [BulkActionsCheckboxColumn("bulk_actions", obj_type="question"), *columns]
        return columns

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if self.can_review and instance.status == QuestionStatus.DRAFT:
            url = reverse("questions:inspect", args=[instance.pk]) + "#review"
            buttons.insert(0, ListingButton(_("审核"), url, icon_name="check", priority=5))
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_review"] = self.can_review
        return context


class QuestionInspectView(generic.InspectView):
    template_name = "assessments/questions/question_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.object
        context["events"] = self.object.events.select_related("actor")
        # Only those who may see papers learn that a sealed paper uses this question: for the
        # question's authors (命题) the banner would list the exam's questions one by one.
        sees_papers = self.request.user.has_perm(PAPER_ACCESS)
        context["locked"] = sees_papers and bank.question_locked(self.object)
        context["can_review"] = self.request.user.has_perm(bank.REVIEW)
        return context


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "questions"
    icon = "help"
    menu_label = gettext_lazy("试题")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    inspect_view_class = QuestionInspectView
    list_display = [
        "__str__",
        "kind",
        "level",
        "knowledge_point",
        "difficulty",
        "status",
        "version",
    ]
    list_filter = ["occupation", "level", "kind", "status", "difficulty"]
    search_fields = ["stem", "answer"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("occupation"), FieldPanel("level"), FieldPanel("kind")]),
            FieldRowPanel(
                [FieldPanel("knowledge_point"), FieldPanel("difficulty"), FieldPanel("score")]
            ),
            FieldPanel("stem"),
            InlinePanel(
                "options",
                label=gettext_lazy("选项（单选、多选题）"),
                panels=[FieldPanel("text"), FieldPanel("is_correct")],
            ),  # fmt: skip
            FieldPanel(
                "answer",
                help_text=gettext_lazy(
                    "判断题填“对”或“错”；选择题勾选正确选项或填字母；填空题多个空用“|”分隔；"
                    "简答、实操填参考答案。"
                ),
            ),  # fmt: skip
            FieldPanel("explanation"),
        ]
    )


class KnowledgePointViewSet(ModelViewSet):
    model = KnowledgePoint
    name = "knowledge-points"
    icon = "list-ul"
    menu_label = gettext_lazy("鉴定点")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["__str__", "occupation", "level", "code"]
    list_filter = ["occupation", "level"]
    search_fields = ["name", "path", "code"]
    search_backend_name = None
    form_fields = ["occupation", "level", "parent", "code", "name", "sort_order"]


question_viewset = QuestionViewSet()
knowledge_point_viewset = KnowledgePointViewSet()


@require_permission(bank.REVIEW)
@require_POST
def question_action(request, pk: int, action: str):
    """审核通过 / 退回 / 停用 from the question's page."""
    question = get_object_or_404(Question, pk=pk)
    services = {"review": bank.question_review, "retire": bank.question_retire}
    service = services.get(action)
    if service is None:
        return redirect(reverse("questions:inspect", args=[pk]))
    try:
        service(question=question, actor=request.user, note=request.POST.get("note", "")[:500])
    except bank.QuestionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已保存。"))
    return redirect(reverse("questions:inspect", args=[pk]))
