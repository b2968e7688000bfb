"""Staff groups made by data migrations (the host's "staff groups" seam).

A plugin's data migration names its least-privilege groups and the permissions of its own app
each one holds; every group also gets access to the admin. The functions work on the models as
the migration sees them (``apps``) and are idempotent, so tests can run the migrations' code
again after a transactional test emptied the tables (tests/support.py).

    from hostsite.staff.groups import groups_operation

    GROUPS = {"报名审核": ("view_application", "review_application")}
    operations = [groups_operation("forms_app", GROUPS)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import migrations

Groups = Mapping[str, Sequence[str]]


def ensure_permissions(apps) -> None:
    """Django creates permissions after all migrations ran; a fresh database needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, app_label: str, groups: Groups) -> None:
    """Each group with admin access and the named permissions of ``app_label``."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, codenames in groups.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            access,
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames),
        )


def remove_groups(apps, names) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=list(names)).delete()


def groups_operation(app_label: str, groups: Groups) -> migrations.RunPython:
    """The migration operation that creates ``groups`` (and deletes them when unapplied)."""

    def forward(apps, schema_editor):
        create_groups(apps, app_label, groups)

    def backward(apps, schema_editor):
        remove_groups(apps, groups)

    return migrations.RunPython(forward, backward)

