"""The certificates' staff group 证书管理: issue, reissue, revoke and print certificates, export
the certificate list, and keep the issuer's number settings (证书编号第 1–13 位). Nothing of
scores, plans' seating or the question bank."""

from django.db import migrations

GROUP = "证书管理"
CODENAMES = (
    "issue_certificate",
    "view_certificate",
    "view_certificateissuer",
    "add_certificateissuer",
    "change_certificateissuer",
)


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        access,
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=CODENAMES),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_plans_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
