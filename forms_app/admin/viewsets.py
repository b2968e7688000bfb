"""报名审核 in the admin menu: Wagtail's ModelViewSet, reduced to listing, detail and decision."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from forms_app.admin.filters import ApplicationFilterSet
from forms_app.admin.views import (
    ApplicationDecisionView,
    ApplicationDetailView,
    ApplicationIdentityView,
    ApplicationIndexView,
)
from forms_app.models import Application

#: Shown in the group editor (设置 → 用户组), row 报名.
PERMISSION_CODENAMES = ("view_application", "view_personal_data", "review_application")
#: Views an application never has here: it is not created, edited, copied or deleted by hand.
NO_VIEWS = ("add", "edit", "delete", "copy", "history", "usage")


class ApplicationURLFinder(ModelAdminURLFinder):
    """Links to an application from elsewhere in the admin go to its detail page, for anyone
    who may view it."""

    edit_url_name = "applications:inspect"

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and policy and not policy.user_has_permission(self.user, "view"):
            return None
        return self.construct_edit_url(instance)


class ApplicationReviewViewSet(ModelViewSet):
    model = Application
    name = "applications"  # /admin/applications/, URL names applications:index …
    icon = "clipboard-list"
    menu_label = _("报名审核")
    menu_name = "application-review"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False

    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationDetailView
    decision_view_class = ApplicationDecisionView
    identity_view_class = ApplicationIdentityView
    inspect_view_enabled = True
    copy_view_enabled = False
    index_template_name = "forms_app/admin/index.html"
    inspect_template_name = "forms_app/admin/detail.html"

    filterset_class = ApplicationFilterSet
    ordering = "-submitted_at"
    list_per_page = 30
    url_finder_class = ApplicationURLFinder

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in NO_VIEWS:
            view_kwargs[f"{view}_url_name"] = None
        view_kwargs["decision_url_name"] = self.get_url_name("decision")
        view_kwargs["identity_url_name"] = self.get_url_name("identity")
        return view_kwargs

    @property
    def decision_view(self):
        return self.construct_view(self.decision_view_class, **self.get_inspect_view_kwargs())

    @property
    def identity_view(self):
        return self.construct_view(self.identity_view_class, **self.get_inspect_view_kwargs())

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/decision/", self.decision_view, name="decision"),
            path("<int:pk>/identity/", self.identity_view, name="identity"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            codename__in=PERMISSION_CODENAMES,
        )


application_review_viewset = ApplicationReviewViewSet()
