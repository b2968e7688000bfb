"""Services of the plans area: plans, components, rooms and staff (rules), enrolment, seating.

Every function is keyword-only and runs in one transaction; refusals raise PlanRefused with a
Chinese message."""

from django.utils.translation import gettext_lazy as _
from hostsite import audit

from assessments.services.plans.enrolment import (  # noqa: F401
    EnrolmentResult,
    candidate_enrol,
    candidate_release,
    candidate_update,
    candidates_enrol,
    candidates_enrol_from_forms,
    enrol_on_approval,
    plan_enrolable_applications,
    release_unseated_on_status_change,
    seated_candidates_keep_their_approval,
)
from assessments.services.plans.errors import PlanRefused, SeatTaken  # noqa: F401
from assessments.services.plans.rules import (  # noqa: F401
    component_set,
    open_problems,
    plan_create,
    plan_forms_set,
    plan_room_add,
    plan_room_remove,
    plan_transition,
    review_panel_add,
    review_panel_remove,
    room_staff_assign,
    room_staff_remove,
    seal_problems,
)
from assessments.services.plans.seating import (  # noqa: F401
    SeatingResult,
    candidate_seat,
    plan_seat,
)

audit.register_action("assessments.plan_create", _("创建考试计划"))
audit.register_action("assessments.plan_status", _("变更考试计划状态"))
audit.register_action("assessments.enrol", _("编入考生"))
audit.register_action("assessments.plan_seat", _("编排考场座位"))
audit.register_action("assessments.seat_move", _("调整考生座位"))
audit.register_action("assessments.seat_release", _("释放考生座位"))
