"""The forms_app plugin in the Wagtail admin: 报名审核 (listing, detail, decisions, bulk decisions).

The screens live in forms_app/admin/ (see its docstring for why they use Wagtail's ModelViewSet
and how to give staff the permissions).
"""

from wagtail import hooks

from forms_app.admin.bulk_actions import ApproveBulkAction, NeedsInfoBulkAction, RejectBulkAction
from forms_app.admin.viewsets import application_review_viewset


@hooks.register("register_admin_viewset")
def register_application_review():
    return application_review_viewset


for bulk_action in (ApproveBulkAction, RejectBulkAction, NeedsInfoBulkAction):
    hooks.register("register_bulk_action", bulk_action)
