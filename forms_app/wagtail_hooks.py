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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_an_incomplete_registration_form(request, page):
    """A draft may lack required fields; say so (publishing it is refused by its form)."""
    from wagtail.admin import messages

    from forms_app.admin.page_form import missing_fields_message
    from forms_app.models import RegistrationFormPage

    if isinstance(page.specific, RegistrationFormPage):
        missing = page.specific.missing_roles()
        if missing:
            messages.warning(request, missing_fields_message(missing))


@hooks.register("filter_form_submissions_for_user")
def leave_registration_forms_out_of_form_submissions(user, editable_forms):
    """Wagtail's 表单 screen counts its own FormSubmission rows; applications to registration
    forms are kept and reviewed in 报名审核, so listing those forms there ("没有已提交的内容")
    would mislead."""
    from django.contrib.contenttypes.models import ContentType

    from forms_app.models import RegistrationFormPage

    return editable_forms.exclude(
        content_type=ContentType.objects.get_for_model(RegistrationFormPage)
    )
