"""The question bank's staff groups:

- 题库管理 keeps the bank (questions, knowledge points, blueprints), reviews questions, draws,
  sees, downloads and seals papers (the confidential paper permission);
- 命题 writes and imports questions (drafts) and knowledge points; never sees a paper and never
  reviews.
"""

from django.db import migrations
from hostsite.staff.groups import groups_operation

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


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_questions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [groups_operation("assessments", GROUPS)]
