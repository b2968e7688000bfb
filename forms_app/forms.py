"""The applicant's form, built from the page's fields through the field-type registry."""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.utils.translation import gettext_lazy as _
from hostsite.versions import Remembered
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from forms_app import privacy
from forms_app.fields import ApplicantData, get_field_type
from forms_app.fields.registry import form_checks

HONEYPOT = "website"
#: The SMS code that proves the mobile (forms_app.verification), shown under the mobile field.
CODE_FIELD = "sms_code"


class SmsCodeInput(forms.TextInput):
    """The SMS code: the phone's number pad, the code offered from the message (iOS/Android),
    and the script of the "获取验证码" button (forms_app/js/sms_code.js)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
                "pattern": "[0-9]*",
                "class": "sms-code",
                **(attrs or {}),
            }
        )

    class Media:
        css = {"all": ["forms_app/css/fields.css"]}
        js = ["forms_app/js/sms_code.js"]


def sms_code_field() -> forms.CharField:
    """The form field of an SMS code (registration form, status page)."""
    return forms.CharField(
        label=_("短信验证码"),
        max_length=20,
        error_messages={
            "required": _("请填写短信验证码：点“获取验证码”，验证码会发到上面的手机。")
        },
        widget=SmsCodeInput(),
    )


class RegistrationForm(BaseForm):
    """A registration form; ``field_defs`` are the page's FormField rows by clean name."""

    field_defs: dict = {}
    #: Ask for consent to the privacy notice (forms_app.privacy); not when amending.
    asks_consent = True
    #: Ask for the SMS code proving the mobile (forms_app.verification); not when amending.
    asks_mobile_code = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.asks_consent:
            privacy.add_consent_fields(self)
        # Honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label=_("网站（请勿填写）"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if self.asks_mobile_code:
            self.fields[CODE_FIELD] = sms_code_field()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def _shown(self, field_def) -> bool:
        """A conditional field counts only when the field it depends on has the value."""
        if not field_def.show_when_field:
            return True
        other = self.cleaned_data.get(field_def.show_when_key)
        wanted = field_def.show_when_value.strip()
        if isinstance(other, bool):
            return other == (wanted.lower() in {"true", "1", "是", "yes", "on"})
        if isinstance(other, list | tuple):
            return wanted in [str(item) for item in other]
        return str(other or "") == wanted

    def clean(self):
        cleaned = super().clean()
        for name, field_def in self.field_defs.items():
            if not field_def.show_when_field:
                continue
            if not self._shown(field_def):
                cleaned.pop(name, None)
                self.errors.pop(name, None)
            elif field_def.required and cleaned.get(name) in (None, "", [], ()):
                self.add_error(name, _("此项为必填项。"))
        for check in form_checks():
            check(self)
        return cleaned

    def applicant_data(self) -> ApplicantData:
        data = ApplicantData()
        for name, field_def in self.field_defs.items():
            if name in self.cleaned_data:
                kind = get_field_type(field_def.field_type)
                kind.contribute(self.cleaned_data[name], data, field_def=field_def)
        return data

    def answers(self) -> dict:
        answers = {}
        for name, field_def in self.field_defs.items():
            if name in self.cleaned_data:
                value = get_field_type(field_def.field_type).answer(self.cleaned_data[name])
                if value is not None:
                    answers[name] = value
        return answers

    def sections(self):
        """Bound fields grouped by their section title, in order (for fieldsets). The SMS code
        follows the mobile field, as (bound field, None)."""
        groups: list[tuple[str, list]] = []
        for name, field_def in self.field_defs.items():
            if not groups or groups[-1][0] != field_def.section:
                groups.append((field_def.section, []))
            groups[-1][1].append((self[name], field_def))
            if get_field_type(field_def.field_type).role == "mobile" and CODE_FIELD in self.fields:
                groups[-1][1].append((self[CODE_FIELD], None))
        return groups

    def name_of_role(self, role: str) -> str:
        """The name of the field of ``role`` ("mobile", "id_number") in the POST data."""
        for name, field_def in self.field_defs.items():
            if get_field_type(field_def.field_type).role == role:
                return self.add_prefix(name)
        return ""

    def value_of_role(self, role: str) -> str:
        """What was typed into the field of ``role``, uncleaned."""
        name = self.name_of_role(role)
        return self.data.get(name, "") if name else ""

    @property
    def mobile_name(self) -> str:
        return self.name_of_role("mobile")

    @property
    def id_number_name(self) -> str:
        return self.name_of_role("id_number")


class RegistrationFormBuilder(FormBuilder):
    def __init__(self, fields, *, page):
        super().__init__(fields)
        self.page = page

    @property
    def formfields(self):
        formfields = OrderedDict()
        for field_def in self.fields:
            options = self.get_field_options(field_def)
            if field_def.show_when_field:
                options["required"] = False  # enforced in RegistrationForm.clean when shown
            kind = get_field_type(field_def.field_type)
            name = field_def.clean_name or field_def.get_field_clean_name()
            formfields[name] = kind.create_field(field_def, options, page=self.page)
        return formfields

    def get_form_class(self):
        defs = OrderedDict((f.clean_name or f.get_field_clean_name(), f) for f in self.fields)
        return type(
            "RegistrationForm", (RegistrationForm,), {**self.formfields, "field_defs": defs}
        )


_form_classes = Remembered()


def form_class_for(page) -> type[RegistrationForm]:
    """The form class of a registration page, built once per published state and kept
    in-process: building it (field types, the occupation's specialties and levels) costs more
    than checking a submission.

    The key changes when the page is published (its fields are rows rewritten then); a field
    row changed any other way renews every kept class (hostsite.versions). The occupation's
    levels are read whenever the form is shown or checked (see TargetType). A page whose fields
    are held in memory (a preview, an unsaved page) is built afresh.
    """

    def build() -> type[RegistrationForm]:
        return RegistrationFormBuilder(page.get_form_fields(), page=page).get_form_class()

    if page.pk is None or "form_fields" in getattr(page, "_cluster_related_objects", {}):
        return build()
    key = (
        page.pk,
        page.live_revision_id,
        page.last_published_at,
        page.specialties,
        page.levels,
        page.occupation_id,
    )
    return _form_classes.get(key, build)


class StatusLookupForm(forms.Form):
    id_number = forms.CharField(label=_("居民身份证号码"), required=False, max_length=20)
    number = forms.CharField(label=_("或：报名号"), required=False, max_length=20)
    mobile = forms.CharField(
        label=_("报名时填写的手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean(self):
        from forms_app.fields.identity import IdNumberField, MobileField

        data = super().clean()
        if not data.get("id_number") and not data.get("number"):
            raise forms.ValidationError(_("请填写身份证号码或报名号。"))
        try:
            if data.get("id_number"):
                data["id_number"] = IdNumberField().clean(data["id_number"])
            if data.get("mobile"):
                data["mobile"] = MobileField().clean(data["mobile"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return data
