"""The exam office's pages created by ``manage.py load_school_content`` (idempotent): one
function per area, called in order."""

from __future__ import annotations

from django.utils.translation import gettext as _
from hostsite.content.sync import SyncReport, sync_page


def load_results_pages(*, home, force: bool, report: SyncReport) -> None:
    """成绩公示 under the home page, in the menu; 成绩审核 may add and publish notices there."""
    from assessments.models.notices import PublicityIndexPage
    from assessments.services.results.groups import grant_notice_pages

    index = sync_page(
        parent=home,
        model=PublicityIndexPage,
        key="assessments:publicity-index",
        slug="results",
        fields={
            "title": _("成绩公示"),
            "introduction": _("职业技能等级认定考核合格人员名单公示。公示期内可在线提出异议。"),
            "show_in_menus": True,
        },
        force=force,
        report=report,
    )
    if index is not None:
        grant_notice_pages(index)


def load(*, home, force: bool, report: SyncReport) -> None:
    load_results_pages(home=home, force=force, report=report)
