"""forms_app's least-privilege staff groups:

- 报名审核 sees and decides applications, with ID numbers and mobiles masked;
- 报名管理 exports and imports applicant lists and sees full numbers (no decisions).
"""

from django.db import migrations

GROUPS = {
    "报名审核": ("view_application", "review_application"),
    "报名管理": ("view_application", "add_application", "view_personal_data"),
}


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
                content_type__app_label="forms_app", codename__in=codenames
            ),
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0002_applicationdraft"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
