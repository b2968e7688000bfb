"""The staff groups of the results area (created by the migration *_results_staff_groups) and
their page permissions on 成绩公示, which exists only once the content is loaded."""

from __future__ import annotations

SCORE_CLERKS = "成绩录入"
SCORE_REVIEWERS = "成绩审核"
#: Wagtail page permissions 成绩审核 has on the 成绩公示 section (adding, editing, publishing
#: notices; nothing elsewhere in the page tree).
NOTICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_notice_pages(index, *, apps=None) -> None:
    """Give 成绩审核 the notice page permissions on ``index`` (idempotent)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = Group.objects.filter(name=SCORE_REVIEWERS).first()
    if group is None:
        return
    for codename in NOTICE_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=index.pk,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
