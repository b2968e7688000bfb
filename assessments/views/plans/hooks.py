"""Admin wiring of the plans area (registered in assessments/wagtail_hooks.py)."""

from __future__ import annotations

from django.urls import path

from assessments.views.plans import office
from assessments.views.plans.viewsets import ExamOfficeGroup


def viewset_group():
    return ExamOfficeGroup()


def urls():
    return [
        path("exam-office/<int:pk>/", office.plan_office, name="assessments_plan_office"),
        path(
            "exam-office/<int:pk>/seating/<uuid:job_id>/",
            office.seating_job,
            name="assessments_plan_seating_job",
        ),
        path(
            "exam-office/<int:pk>/<slug:name>/",
            office.plan_office_action,
            name="assessments_plan_office_action",
        ),
    ]
