"""The question bank's staff groups:

- 题库管理 keeps the bank (questions, knowledge points, blueprints), reviews questions, draws,
  sees, downloads and seals papers (the confidential paper permission);
- 命题 writes and imports questions (drafts) and knowledge points; never sees a paper and never
  reviews.
"""

from django.db import migrations

GROUPS = {
    "题库管理": (
        "view_question", "add_question", "change_question", "review_question",
        "view_knowledgepoint", "add_knowledgepoint", "change_knowledgepoint",
        "delete_knowledgepoint", "view_blueprint", "add_blueprint", "change_blueprint",
        "delete_blueprint", "view_paper", "add_paper", "change_paper", "access_paper",
    ),
    "命题": (
        "view_question", "add_question", "change_question",
        "view_knowledgepoint", "add_knowledgepoint", "change_knowledgepoint",
    ),
}  # fmt: skip


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            access,
            *Permission.objects.filter(
                content_type__app_label="assessments", codename__in=codenames
            ),
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_questions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
