"""批量审核通过 from the question list: Wagtail's bulk-action framework (checkboxes, footer,
confirmation page) with every selected question going through the same service as the single
review. Drafts the reviewer wrote and questions that are not drafts are skipped and counted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from assessments.choices import QuestionStatus
from assessments.models import Question
from assessments.services.questions import bank

#: At most this many questions in one confirmation (the page lists them).
MAX_ROWS = 1000


class ReviewQuestionsBulkAction(BulkAction):
    display_name = gettext_lazy("审核通过")
    action_type = "review"
    aria_label = gettext_lazy("将选中的草稿试题审核通过")
    action_priority = 10
    models = [Question]
    template_name = "assessments/questions/bulk_review.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(bank.REVIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def listing_drafts(self):
        """“Select all in listing”: the drafts the list shows with its filters and search
        (bulk-actions.js passes the list's query string on)."""
        queryset = Question.objects.filter(status=QuestionStatus.DRAFT)
        for field in ("occupation", "level", "kind", "difficulty"):
            values = [v for v in self.request.GET.getlist(field) if v]
            if values:
                queryset = queryset.filter(**{f"{field}__in": values})
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(stem__icontains=query) | Q(answer__icontains=query))
        return queryset

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        queryset = Question.objects.select_related("author", "occupation")
        if "all" in ids:
            queryset = queryset.filter(pk__in=self.listing_drafts().values("pk"))
        else:
            queryset = queryset.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        return list(queryset.order_by("pk")[: MAX_ROWS + 1]), {"items_with_no_access": []}

    def object_context(self, question):
        user = self.request.user
        if question.status != QuestionStatus.DRAFT:
            skip = _("不是草稿，将跳过")
        elif question.author_id == user.pk and not user.is_superuser:
            skip = _("您编写的试题，将跳过")
        else:
            skip = ""
        return {"item": question, "skip": skip}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = context["items"]
        context.update(
            too_many=len(items) > MAX_ROWS,
            max_rows=MAX_ROWS,
            items=items[:MAX_ROWS],
            to_review=sum(1 for item in items if not item["skip"]),
            header_icon="help",
        )
        return context

    def form_valid(self, form):
        questions, _no_access = self.get_actionable_objects()
        if len(questions) > MAX_ROWS:
            messages.error(self.request, _("一次最多审核 %(n)s 道试题。") % {"n": MAX_ROWS})
            return self.render_to_response(self.get_context_data(form=form), status=400)
        outcome = bank.question_review_many(questions=questions, actor=self.request.user)
        self.report(outcome)
        return redirect(self.next_url)

    def report(self, outcome: bank.ReviewOutcome) -> None:
        text = _("已审核通过 %(n)s 道试题。") % {"n": outcome.reviewed}
        if outcome.own:
            text += _("跳过 %(n)s 道您本人编写的试题（须由其他审核人审核）。") % {"n": outcome.own}
        if outcome.not_draft:
            text += _("跳过 %(n)s 道非草稿试题。") % {"n": outcome.not_draft}
        (messages.success if outcome.reviewed else messages.warning)(self.request, text)
