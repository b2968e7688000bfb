"""forms_app's least-privilege staff groups:

- 报名审核 sees and decides applications, with ID numbers and mobiles masked;
- 报名管理 exports and imports applicant lists and sees full numbers (no decisions).
"""

from django.db import migrations
from hostsite.staff.groups import groups_operation

GROUPS = {
    "报名审核": ("view_application", "review_application"),
    "报名管理": ("view_application", "add_application", "view_personal_data"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0002_applicationdraft"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [groups_operation("forms_app", GROUPS)]
