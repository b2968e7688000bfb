"""The certificates' staff group 证书管理: issue, reissue, revoke and print certificates, export
the certificate list, and keep the issuer's number settings (证书编号第 1–13 位). Nothing of
scores, plans' seating or the question bank."""

from django.db import migrations
from hostsite.staff.groups import groups_operation

GROUPS = {
    "证书管理": (
        "issue_certificate",
        "view_certificate",
        "view_certificateissuer",
        "add_certificateissuer",
        "change_certificateissuer",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_plans_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [groups_operation("assessments", GROUPS)]
