"""Admin wiring of the exam office (menus, viewsets, permissions); one block per area."""

from wagtail import hooks  # noqa: E402

from assessments.views.calendar import calendar_year_viewset  # noqa: E402


# --- calendar --------------------------------------------------------------------------------
@hooks.register("register_admin_viewset")
def register_working_calendar():
    return calendar_year_viewset
