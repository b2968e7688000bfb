"""The documents area's admin URLs (mounted by wagtail_hooks.py under /admin/exams/)."""

from django.urls import path

from assessments.views.documents import checkin, staff
from assessments.views.questions import signing

PREFIX = "exams/"

admin_urlpatterns = [
    path(f"{PREFIX}documents/", staff.plan_list, name="assessments_plan_list"),
    path(
        f"{PREFIX}documents/<int:plan_id>/", staff.plan_documents, name="assessments_plan_documents"
    ),
    path(
        f"{PREFIX}documents/<int:plan_id>/tickets/",
        staff.tickets_batch,
        name="assessments_tickets_batch",
    ),
    path(
        f"{PREFIX}documents/jobs/<uuid:job_id>/",
        staff.batch_job,
        name="assessments_tickets_batch_job",
    ),
    path(
        f"{PREFIX}documents/jobs/<uuid:job_id>/download/",
        staff.batch_download,
        name="assessments_tickets_batch_download",
    ),
    path(
        f"{PREFIX}documents/candidates/<int:candidate_id>/ticket.pdf",
        staff.candidate_ticket,
        name="assessments_candidate_ticket",
    ),
    path(
        f"{PREFIX}documents/rooms/<int:plan_room_id>/<slug:kind>.<str:fmt>",
        staff.room_sheet,
        name="assessments_room_sheet",
    ),
    path(
        f"{PREFIX}documents/rooms/<int:plan_room_id>/seats/",
        staff.seat_map,
        name="assessments_seat_map",
    ),
    path(f"{PREFIX}check-in/", checkin.my_rooms, name="assessments_my_rooms"),
    path(
        f"{PREFIX}check-in/rooms/<int:plan_room_id>/",
        checkin.room_status,
        name="assessments_room_status",
    ),
    path(
        f"{PREFIX}check-in/rooms/<int:plan_room_id>/papers/<int:record_id>/<slug:stage>/sign/",
        signing.distribution_sign,
        name="assessments_distribution_sign",
    ),
    path(f"{PREFIX}check-in/<str:token>/", checkin.check_in, name="assessments_check_in"),
    path(
        f"{PREFIX}check-in/<str:token>/photo/",
        checkin.check_in_photo,
        name="assessments_check_in_photo",
    ),
]
