"""The review listing, the detail page and the reviewer's decision on one application."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from hostsite import audit
from wagtail.admin import messages
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView

from forms_app import ratelimit, selectors, services
from forms_app.admin.access import can_review, can_view_personal_data
from forms_app.admin.filters import Eligibility
from forms_app.admin.forms import DecisionForm, IdentityDecisionForm, decisions_for
from forms_app.audit import LIST_PERSONAL_DATA, SEARCH_ID_NUMBER, VIEW_PERSONAL_DATA
from forms_app.choices import ApplicationStatus, FileKind
from forms_app.fields.citizen_id import region_hint
from forms_app.models import Application

SEARCH_PLACEHOLDER = gettext_lazy("姓名、报名号或完整身份证号")


# Presentation ----------------------------------------------------------------------------------


def target_label(application: Application) -> str:
    """电子商务师 · 网商 · 四级/中级工"""
    parts = [application.occupation.title, application.specialty, application.level_label]
    return " · ".join(part for part in parts if part)


def submitted_label(application: Application) -> str:
    return f"{timezone.localtime(application.submitted_at):%Y-%m-%d %H:%M}"


def file_url(file) -> str:
    """Where forms_app serves a private file to staff: /applications/files/<pk>/."""
    prefix = apps.get_app_config("forms_app").url_prefix
    return f"/{prefix}files/{file.pk}/"


def eligibility_conditions(application: Application) -> list[dict]:
    """The stored verdict's conditions, each with a Chinese word for met / missing / unknown."""
    conditions = []
    for condition in application.eligibility.get("conditions", []):
        met = condition.get("met")
        if met is True:
            state, word = "met", _("满足")
        elif met is None:
            state, word = "unknown", _("需人工判断")
        else:
            state, word = "missing", _("不满足")
        conditions.append({**condition, "state": state, "state_label": word})
    return conditions


# Listing ---------------------------------------------------------------------------------------


class ApplicationIndexView(IndexView):
    any_permission_required = ["view"]
    is_searchable = True
    page_title = gettext_lazy("报名审核")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False  # exports (masked, formula-safe) belong to forms_app.exchange

    def get_base_queryset(self):
        return selectors.applications_for_review()

    def get_search_form(self):
        if self.search_kwarg in self.request.GET:
            return SearchForm(self.request.GET, placeholder=SEARCH_PLACEHOLDER)
        return SearchForm(placeholder=SEARCH_PLACEHOLDER)

    search_refusal = ""
    search_refusal_status = 200

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        if selectors.is_id_number_query(self.search_query) and not self._may_search_id_number():
            return queryset.none()
        return selectors.application_search(queryset, query=self.search_query)

    def _may_search_id_number(self) -> bool:
        """A full ID number finds its application through the keyed hash: an oracle for anyone
        who may only see masked numbers. Only staff allowed full numbers may ask it, at most
        FORMS_APP_ID_SEARCH_LIMIT times an hour, and every question is recorded."""
        user = self.request.user
        if not can_view_personal_data(user):
            self.search_refusal = _("按完整身份证号搜索需要“可查看完整身份证号和手机号”权限。")
            self.search_refusal_status = 403
            return False
        limit = getattr(settings, "FORMS_APP_ID_SEARCH_LIMIT", 30)
        if not ratelimit.hit("id-search", str(user.pk), limit=limit, window=3600):
            self.search_refusal = _("按身份证号搜索过于频繁，请一小时后再试。")
            self.search_refusal_status = 429
            return False
        audit.record(SEARCH_ID_NUMBER, request=self.request, detail=self.search_query)
        return True

    @property
    def no_results_message(self):
        return self.search_refusal or super().no_results_message

    def render_to_response(self, context, **response_kwargs):
        if self.search_refusal and not self.results_only:
            # The listing's own search box swaps results in place and shows nothing of a
            # refused answer: that request gets the message with a 200 (above), a page a 4xx.
            response_kwargs["status"] = self.search_refusal_status
        if context.get("object_list") and can_view_personal_data(self.request.user):
            audit.record(
                LIST_PERSONAL_DATA,
                request=self.request,
                row_count=len(context["object_list"]),
                masked=False,
            )
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def can_review(self) -> bool:
        return can_review(self.request.user)

    @cached_property
    def columns(self):
        personal = can_view_personal_data(self.request.user)
        columns = [
            self._get_title_column(
                "number",
                get_title_id=lambda application: f"application_{application.pk}_title",
                classname="review-nowrap",
            ),
            Column("name", label=_("姓名"), sort_key="name"),
            Column(
                "id_number" if personal else "id_number_masked",
                label=_("身份证号") if personal else _("身份证号（脱敏）"),
            ),
            Column("target", label=_("职业 · 工种 · 等级"), accessor=target_label),
            Column("exam_period", label=_("考试批次"), sort_key="exam_period__name"),
            Column(
                "identity_check",
                label=_("身份"),
                accessor=lambda application: _("身份待核") if application.identity_check else "",
                classname="review-nowrap",
            ),
            StatusTagColumn(
                "get_status_display",
                label=_("状态"),
                sort_key="status",
                classname="review-nowrap",
                primary=lambda application: application.status == ApplicationStatus.SUBMITTED,
            ),
            Column(
                "eligibility",
                label=_("资格判断"),
                accessor=lambda application: Eligibility.of(application).label,
            ),
            Column(
                "submitted_at",
                label=_("提交时间"),
                sort_key="submitted_at",
                accessor=submitted_label,
                classname="review-nowrap",
            ),
        ]
        if self.can_review:
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="application"))
        return columns

    def get_list_more_buttons(self, instance):
        return []  # the number links to the detail page; nothing here is edited or deleted

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_review"] = self.can_review
        return context


# Detail and decision ---------------------------------------------------------------------------


class ApplicationDetailView(InspectView):
    any_permission_required = ["view"]
    page_title = gettext_lazy("报名详情")

    def get_object(self, queryset=None):
        application = selectors.application_for_review(pk=self.pk)
        if application is None:
            raise Http404
        return application

    def get_fields(self):
        return []  # the template lays the application out itself

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("报名审核")},
            {"url": "", "label": _("报名详情"), "sublabel": str(self.object)},
        ]

    def get_context_data(self, form=None, identity_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        personal = can_view_personal_data(self.request.user)
        reviewer = can_review(self.request.user)
        files = list(application.files.all())
        if personal:
            audit.record(VIEW_PERSONAL_DATA, request=self.request, target=application, masked=False)
        context.update(
            application=application,
            personal=personal,
            id_number=application.id_number if personal else application.id_number_masked,
            # the county the number's first six digits name (a hint only; digits 5-6 are masked)
            region_hint=region_hint(application.id_number) if personal else "",
            mobile=application.mobile if personal else application.mobile_masked,
            target=target_label(application),
            eligibility=Eligibility.of(application),
            conditions=eligibility_conditions(application),
            answers=[
                (answer.label, answer.text, answer.section)
                for answer in selectors.application_answers(application)
            ],
            photos=[(f, file_url(f)) for f in files if f.kind == FileKind.PHOTO],
            documents=[(f, file_url(f)) for f in files if f.kind != FileKind.PHOTO],
            events=application.events.all(),
            can_review=reviewer,
            decisions=decisions_for(application.status) if reviewer else [],
            form=form or DecisionForm(),
            decision_url=reverse(self.decision_url_name, args=(quote(application.pk),)),
            identity_others=[
                (other, [file_url(f) for f in other.files.all() if f.kind == FileKind.PHOTO])
                for other in selectors.identity_conflicts(application)
            ],
            identity_form=identity_form or IdentityDecisionForm(),
            identity_url=reverse(self.identity_url_name, args=(quote(application.pk),)),
        )
        return context

    decision_url_name = None
    identity_url_name = None


class _StaffDecisionView(ApplicationDetailView):
    """POST only: a staff decision on the application through a service, then back to the
    detail page; a refused one shows the page again with the reason and changes nothing."""

    http_method_names = ["post"]
    form_class = DecisionForm
    context_name = "form"  # the detail page's context name of this form

    def decide(self, data: dict) -> str:
        """Make the decision through its service; the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        form = self.form_class(request.POST)
        if not form.is_valid():
            context = self.get_context_data(**{self.context_name: form})
            return self.render_to_response(context, status=400)
        try:
            message = self.decide(form.cleaned_data)
        except services.ApplicationRefused as error:
            form.add_error(None, error.message)
            self.object = self.get_object()  # as it is now, had someone else just changed it
            context = self.get_context_data(**{self.context_name: form})
            return self.render_to_response(context, status=409)
        messages.success(request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    inspect_url_name = None


class ApplicationDecisionView(_StaffDecisionView):
    """Approve, reject or ask for more information (the lifecycle service)."""

    def decide(self, data: dict) -> str:
        services.application_transition(
            application=self.object, to=data["decision"], actor=self.request.user,
            reason=data["reason"],
        )  # fmt: skip
        return _("报名 %(number)s（%(name)s）已改为“%(status)s”。") % {
            "number": self.object.number,
            "name": self.object.name,
            "status": ApplicationStatus(data["decision"]).label,
        }


class ApplicationIdentityView(_StaffDecisionView):
    """Staff's decision on 身份待核 (services.identity_resolve)."""

    form_class = IdentityDecisionForm
    context_name = "identity_form"

    def decide(self, data: dict) -> str:
        genuine = data["identity"] == "genuine"
        services.identity_resolve(
            application=self.object, genuine=genuine, actor=self.request.user,
            reason=data["identity_reason"],
        )  # fmt: skip
        message = (
            _("已确认报名 %(number)s 为本人。")
            if genuine
            else _("报名 %(number)s 已核实为非本人，不予通过。")
        )
        return message % {"number": self.object.number}
