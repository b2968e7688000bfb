"""Admin screens of the plans area: venues, rooms and plans (viewsets), a plan's 考务 page with
its actions (components, rooms, staff, enrolment, seating, status, seat moves and releases)."""
