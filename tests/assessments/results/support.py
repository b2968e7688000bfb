"""Helpers of the results tests: a notice page listing plans, published the way Wagtail does."""

from __future__ import annotations

from assessments.models.notices import PublicityIndexPage, PublicityNoticePage


def notice_for(*plans, title: str = "2026年第四批考核合格人员公示", publish: bool = True):
    index = PublicityIndexPage.objects.get()
    notice = PublicityNoticePage(
        title=title,
        slug=f"notice-{PublicityNoticePage.objects.count() + 1}",
        objection_contact="0479-8200000，学校办公室",
        live=False,
    )
    index.add_child(instance=notice)
    notice.plans.set(plans)
    revision = notice.save_revision()
    if publish:
        revision.publish()
    return PublicityNoticePage.objects.get(pk=notice.pk)
