"""The plans area's staff groups:

- 考务 runs the exam office: plans, venues and rooms, invigilators, enrolment, seating, sealing,
  seat releases and the plans' documents (tickets, sign-in sheets: ``print_documents``);
- 监考 invigilates: reaches the admin and checks candidates in (``check_in_candidate``; the
  check-in page limits it to the rooms the user is assigned to), nothing else.
"""

from django.db import migrations
from hostsite.staff.groups import groups_operation

GROUPS = {
    "考务": (
        "view_examplan", "add_examplan", "change_examplan",
        "seat_candidates", "seal_plan", "print_documents",
        "view_venue", "add_venue", "change_venue", "delete_venue",
        "view_room", "add_room", "change_room", "delete_room",
        "view_plancomponent", "view_planroom", "view_roomassignment", "view_reviewpanelmember",
        "view_candidate", "change_candidate", "release_seat", "view_seatlog",
    ),
    "监考": ("check_in_candidate",),
}  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_merge_certificates_papers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [groups_operation("assessments", GROUPS)]
