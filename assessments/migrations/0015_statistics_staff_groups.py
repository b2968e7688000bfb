"""统计 (``view_statistics``) for the groups that run the work it counts:

- 报名管理 (forms_app: manages the applicant lists): applications per occupation, level and month;
- 考务 (the exam office): all of it, per batch;
- 成绩审核 (results): the pass rates per plan and component;
- 证书管理 (certificates): the certificates issued.

Not for 报名审核, 成绩录入, 监考, 题库管理, 命题 or 编辑: their work needs no figures across
batches. The dashboard holds counts and rates only, no personal data. A group missing here
(deleted by an administrator) is not made again."""

from django.db import migrations
from hostsite.staff.groups import ensure_permissions

GROUPS = ("报名管理", "考务", "成绩审核", "证书管理")
CODENAME = "view_statistics"


def _permission(apps):
    ensure_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="assessments", codename=CODENAME)


def grant(apps, schema_editor):
    permission = _permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = _permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0014_statistics_permission"),
        ("forms_app", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
