"""The editor's form of a registration form page: a form without the fields every application
needs (name, ID number, mobile, target) cannot be published or submitted for moderation; a draft
may be saved (the page editor then warns, see forms_app.wagtail_hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from forms_app.fields import REQUIRED_ROLES, field_types, get_field_type


def role_labels(roles) -> str:
    """The field types' Chinese names of these roles, e.g. "姓名、手机号码"."""
    by_role = {kind.role: str(kind.label) for kind in field_types().values() if kind.role}
    return "、".join(by_role.get(role, role) for role in roles)


def missing_fields_message(roles) -> str:
    return _("报名表缺少每份报名都需要的字段：%(fields)s。请在“表单字段”中添加后再发布。") % {
        "fields": role_labels(roles)
    }


class RegistrationFormPageForm(WagtailAdminFormPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None or self.is_deferred_validation:  # saving a draft: warned, not refused
            return cleaned
        roles = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("field_type"):
                continue
            try:
                roles.add(get_field_type(data["field_type"]).role)
            except LookupError:
                continue
        missing = [role for role in REQUIRED_ROLES if role not in roles]
        if missing:
            self.add_error(None, missing_fields_message(missing))
        return cleaned
