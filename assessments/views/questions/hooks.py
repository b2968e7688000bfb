"""Admin wiring of the question bank: the 题库 menu, its viewsets and pages. Each menu entry is
shown only to staff with the permission its page checks."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from hostsite.admin_menu import PermissionMenuItem, PermissionSubmenuMenuItem
from wagtail.admin.menu import Menu

from assessments.views.questions import bank, exchange, papers
from assessments.views.questions.bulk import ReviewQuestionsBulkAction  # noqa: F401  (hook)

PREFIX = "question-bank/"


def viewsets():
    return [bank.question_viewset, bank.knowledge_point_viewset, papers.blueprint_viewset]


def urls():
    return [
        path(f"{PREFIX}import/", exchange.import_questions, name="assessments_questions_import"),
        path(
            f"{PREFIX}import/template/",
            exchange.import_template,
            name="assessments_questions_import_template",
        ),
        path(
            f"{PREFIX}import/jobs/<uuid:job_id>/",
            exchange.import_job,
            name="assessments_questions_import_job",
        ),
        path(f"{PREFIX}export/", exchange.export_questions, name="assessments_questions_export"),
        path(
            f"{PREFIX}questions/<int:pk>/<slug:action>/",
            bank.question_action,
            name="assessments_question_action",
        ),
        path(
            f"{PREFIX}blueprints/<int:pk>/draw/", papers.paper_draw, name="assessments_paper_draw"
        ),
        path(f"{PREFIX}papers/", papers.paper_index, name="assessments_paper_index"),
        path(f"{PREFIX}papers/<int:pk>/", papers.paper_detail, name="assessments_paper_detail"),
        path(f"{PREFIX}papers/<int:pk>/seal/", papers.paper_seal, name="assessments_paper_seal"),
        path(
            f"{PREFIX}papers/<int:pk>/distribution/",
            papers.paper_distribution,
            name="assessments_paper_distribution",
        ),
        path(
            f"{PREFIX}papers/<int:pk>/<str:label>/<slug:what>/",
            papers.paper_download,
            name="assessments_paper_download",
        ),
    ]


MENU_ENTRIES = [
    (_("试题"), "questions:index", "assessments.view_question", "help"),
    (_("鉴定点"), "knowledge-points:index", "assessments.view_knowledgepoint", "list-ul"),
    (_("细目表"), "blueprints:index", "assessments.view_blueprint", "table"),
    (_("试卷"), "assessments_paper_index", "assessments.access_paper", "doc-full"),
    (_("导入试题"), "assessments_questions_import", "assessments.add_question", "upload"),
    (_("导出试题"), "assessments_questions_export", "assessments.view_question", "download"),
]


def add_menu_entry(label, url_name: str, permission: str, icon: str) -> None:
    """Other parts of the bank (blueprints, papers) add their pages to the 题库 menu."""
    MENU_ENTRIES.append((label, url_name, permission, icon))


def menu_item():
    items = [
        PermissionMenuItem(label, url_name, permissions=permission, icon_name=icon, order=i * 10)
        for i, (label, url_name, permission, icon) in enumerate(MENU_ENTRIES)
    ]
    return PermissionSubmenuMenuItem(
        _("题库"),
        Menu(items=items),
        permissions=[permission for _label, _url, permission, _icon in MENU_ENTRIES],
        icon_name="help",
        order=330,
    )
