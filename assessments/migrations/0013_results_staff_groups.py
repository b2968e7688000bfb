"""The results area's least-privilege staff groups:

- 成绩录入 enters and imports scores for the plans it is assigned to (PlanScoring.clerks);
  it cannot publish a notice, settle mismatches, change locked scores or see objections;
- 成绩审核 also settles double-entry mismatches, sets plans' scoring (pass rule, double entry,
  clerks), changes published scores (with a reason; the notice restarts), keeps the working-day
  calendar, resolves objections, and adds and publishes notices in 成绩公示 (page permissions
  granted here when the section exists, else by the content loader that creates it).
"""

from django.db import migrations
from hostsite.staff import groups

GROUPS = {
    "成绩录入": ("enter_scores",),
    "成绩审核": (
        "enter_scores",
        "review_scores",
        "change_locked_score",
        "view_planscoring",
        "add_planscoring",
        "change_planscoring",
        "view_objection",
        "change_objection",
        "resolve_objection",
        "view_calendaryear",
        "add_calendaryear",
        "change_calendaryear",
    ),
}


def create_groups(apps, schema_editor):
    from assessments.services.results.groups import grant_notice_pages

    groups.create_groups(apps, "assessments", GROUPS)
    index = apps.get_model("assessments", "PublicityIndexPage").objects.first()
    if index is not None:
        grant_notice_pages(index, apps=apps)


def remove_groups(apps, schema_editor):
    groups.remove_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0012_results_and_notices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
