"""Admin wiring of the exam office (menus, viewsets, permissions); one block per area."""

from wagtail import hooks  # noqa: E402

from assessments.views.calendar import calendar_year_viewset  # noqa: E402


# --- calendar --------------------------------------------------------------------------------
@hooks.register("register_admin_viewset")
def register_working_calendar():
    return calendar_year_viewset


# --- questions: the question bank, blueprints and papers (题库、细目表、组卷) -----------------
from assessments.views.questions import hooks as question_hooks  # noqa: E402

for _viewset in question_hooks.viewsets():
    hooks.register("register_admin_viewset", lambda viewset=_viewset: viewset)
hooks.register("register_admin_urls", question_hooks.urls)
hooks.register("register_admin_menu_item", question_hooks.menu_item)
hooks.register("register_bulk_action", question_hooks.ReviewQuestionsBulkAction)


# --- plans: 考务 menu (plans, venues, rooms) and each plan's 考务 page ---------------------------
from assessments.views.plans import hooks as plan_hooks  # noqa: E402

hooks.register("register_admin_viewset", plan_hooks.viewset_group)
hooks.register("register_admin_urls", plan_hooks.urls)


# --- certificates: issue, print, revoke, reissue, export; issuers (证书管理) ------------------
from assessments.views.certificates_admin import hooks as certificate_hooks  # noqa: E402

hooks.register("register_admin_viewset", lambda: certificate_hooks.issuer_viewset)
hooks.register("register_admin_urls", certificate_hooks.urls)
hooks.register("register_admin_menu_item", certificate_hooks.menu_item)


# --- documents: tickets, room lists, seat map, check-in ------------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from hostsite.admin_menu import PermissionMenuItem  # noqa: E402


@hooks.register("register_admin_urls")
def register_documents_urls():
    from assessments.views.documents.urls import admin_urlpatterns

    return admin_urlpatterns


@hooks.register("register_admin_menu_item")
def register_documents_menu_item():
    return PermissionMenuItem(
        _("准考证与考场名单"),
        "assessments_plan_list",
        icon_name="doc-full",
        order=320,
        permissions="assessments.print_documents",
    )


@hooks.register("register_admin_menu_item")
def register_check_in_menu_item():
    return PermissionMenuItem(
        _("考场签到"),
        "assessments_my_rooms",
        icon_name="check",
        order=321,
        permissions="assessments.check_in_candidate",
    )


# --- results ---------------------------------------------------------------------------------
@hooks.register("before_publish_page")
def refuse_a_notice_without_an_end_date(request, page):
    """A notice is published only when the calendar gives its period's end (never a guess)."""
    from django.shortcuts import redirect
    from wagtail.admin import messages

    from assessments.models.notices import NoticePeriod, PublicityNoticePage
    from assessments.services.results import ResultsRefused, notice_end_date
    from assessments.services.results import notices as notice_services

    if not isinstance(page.specific, PublicityNoticePage):
        return None
    if NoticePeriod.objects.filter(notice_id=page.pk).exists():
        return None
    try:
        notice_end_date(start=notice_services.local_today())
    except ResultsRefused as refused:
        messages.error(request, refused.message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


from assessments.views.objections import objection_viewset  # noqa: E402


@hooks.register("register_admin_viewset")
def register_objections():
    return objection_viewset


@hooks.register("register_admin_urls")
def score_urls():
    from django.urls import path

    from assessments.views import score_import, scores

    return [
        path("scores/", scores.plan_index, name="assessments_score_plans"),
        path("scores/<int:plan_id>/", scores.score_grid, name="assessments_score_grid"),
        path(
            "scores/<int:plan_id>/mismatches/",
            scores.mismatches,
            name="assessments_score_mismatches",
        ),
        path(
            "scores/<int:plan_id>/import/",
            score_import.import_scores,
            name="assessments_score_import",
        ),
        path(
            "scores/<int:plan_id>/import/jobs/<uuid:job_id>/",
            score_import.import_job,
            name="assessments_score_import_job",
        ),
        path(
            "scores/<int:plan_id>/import/template/",
            score_import.import_template,
            name="assessments_score_import_template",
        ),
    ]


@hooks.register("register_admin_menu_item")
def score_menu_item():
    from django.utils.translation import gettext_lazy as _

    return PermissionMenuItem(
        _("成绩录入"),
        "assessments_score_plans",
        permissions=("assessments.enter_scores", "assessments.review_scores"),
        icon_name="table",
        order=310,
    )


@hooks.register("register_admin_viewset")
def register_plan_scoring():
    from assessments.views.scoring_settings import plan_scoring_viewset

    return plan_scoring_viewset


# --- statistics dashboard (统计) ---------------------------------------------------------------
hooks.register("register_admin_urls", certificate_hooks.statistics_urls)
hooks.register("register_admin_menu_item", certificate_hooks.statistics_menu_item)
