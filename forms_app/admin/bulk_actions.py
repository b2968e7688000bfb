"""Bulk decisions from the listing: select rows → action → reason → confirm.

Wagtail's bulk-action framework (the same as for pages, snippets and images) provides the
checkboxes, the footer with the action buttons and the confirmation page. Every selected
application then goes through ``application_transition`` in its own transaction: one refused
(e.g. a rejected application cannot be approved) is reported by number, in Chinese, and left as
it was, while the others change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from forms_app import selectors, services
from forms_app.admin.access import can_review
from forms_app.admin.filters import ApplicationFilterSet
from forms_app.admin.forms import DECISIONS, BulkDecisionForm, decisions_for
from forms_app.admin.viewsets import application_review_viewset
from forms_app.choices import ApplicationStatus
from forms_app.models import Application

#: At most this many applications in one bulk decision (the confirmation page lists them all).
MAX_ROWS = 500
#: Refusals reported one by one; beyond that, a count.
MAX_REPORTED = 20


class ReviewBulkAction(BulkAction):
    decision: str = ""
    models = [Application]
    form_class = BulkDecisionForm
    template_name = "forms_app/admin/bulk_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.decision}

    # Which applications -------------------------------------------------------------------------

    def listing_queryset(self, queryset):
        """“Select all in listing”: the listing's own filters and search, from the query string."""
        filters = ApplicationFilterSet(self.request.GET, queryset=queryset, request=self.request)
        if filters.is_valid():
            queryset = filters.qs
        return selectors.application_search(queryset, query=self.request.GET.get("q", ""))

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        queryset = selectors.applications_for_review()
        if "all" in ids:
            queryset = self.listing_queryset(queryset)
        else:
            queryset = queryset.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        objects = list(queryset.order_by("-submitted_at", "-pk")[: MAX_ROWS + 1])
        return objects, {"items_with_no_access": []}

    def object_context(self, application):
        return {
            "item": application,
            "allowed": self.decision in dict(decisions_for(application.status)),
            "url": reverse(
                application_review_viewset.get_url_name("inspect"), args=(application.pk,)
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = context["items"]
        context.update(
            action_label=DECISIONS[ApplicationStatus(self.decision)],
            status_label=ApplicationStatus(self.decision).label,
            too_many=len(items) > MAX_ROWS,
            max_rows=MAX_ROWS,
            items=items[:MAX_ROWS],
            skipped=sum(1 for item in items if not item["allowed"]),
            header_icon="clipboard-list",
        )
        return context

    # Doing it ---------------------------------------------------------------------------------

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        applications, _no_access = self.get_actionable_objects()
        if not applications:
            form.add_error(None, _("没有选中任何报名。"))
            return self.form_invalid(form)
        if len(applications) > MAX_ROWS:
            form.add_error(
                None, _("一次最多处理 %(count)s 份报名，请缩小筛选范围。") % {"count": MAX_ROWS}
            )
            return self.form_invalid(form)
        changed, refused = 0, []
        for application in applications:
            try:
                services.application_transition(
                    application=application,
                    to=self.decision,
                    actor=self.request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.ApplicationRefused as error:
                refused.append((application, error.message))
            else:
                changed += 1
        self.report(changed, refused)
        return redirect(self.next_url)

    def report(self, changed: int, refused: list[tuple[Application, str]]) -> None:
        status = ApplicationStatus(self.decision).label
        if changed:
            messages.success(
                self.request,
                _("已将 %(count)s 份报名改为“%(status)s”。") % {"count": changed, "status": status},
            )
        if refused:
            messages.error(
                self.request,
                _("%(count)s 份报名未能改为“%(status)s”，保持原状态：")
                % {"count": len(refused), "status": status},
            )
        for application, reason in refused[:MAX_REPORTED]:
            messages.error(
                self.request,
                _("%(number)s（%(name)s）：%(reason)s")
                % {"number": application.number, "name": application.name, "reason": reason},
            )
        if len(refused) > MAX_REPORTED:
            messages.error(
                self.request,
                _("另有 %(count)s 份未能处理。") % {"count": len(refused) - MAX_REPORTED},
            )


class ApproveBulkAction(ReviewBulkAction):
    decision = ApplicationStatus.APPROVED
    action_type = "approve"
    display_name = gettext_lazy("审核通过")
    aria_label = gettext_lazy("将选中的报名审核通过")
    action_priority = 10


class RejectBulkAction(ReviewBulkAction):
    decision = ApplicationStatus.REJECTED
    action_type = "reject"
    display_name = gettext_lazy("审核不通过")
    aria_label = gettext_lazy("将选中的报名审核不通过")
    action_priority = 20


class NeedsInfoBulkAction(ReviewBulkAction):
    decision = ApplicationStatus.NEEDS_INFO
    action_type = "needs-info"
    display_name = gettext_lazy("需补充材料")
    aria_label = gettext_lazy("要求选中的报名补充材料")
    action_priority = 30
