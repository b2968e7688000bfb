"""Who the applicant is: name, citizen ID number, mainland mobile number."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_app.fields.citizen_id import check_id_number
from forms_app.fields.registry import FieldType, register_field_type
from forms_app.formulas import is_formula

# Han characters of every CJK block (rare ones such as 𠮷 are in Extension B and later), 〇,
# Latin letters, and the middle dots of transliterated names (阿拉坦·其木格).
NAME = re.compile(
    r"^[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"A-Za-z·•・\s]{2,30}$"
)


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and is_formula(value):
            raise ValidationError(
                _("姓名不能以 =、+、-、@ 开头（那是表格公式），请填写身份证上的姓名。"),
                code="formula",
            )
        value = " ".join(value.split())
        if value and not NAME.match(value):
            raise ValidationError(_("请填写身份证上的姓名（2-30个汉字或字母）。"), code="invalid")
        return value


class IdNumberField(forms.CharField):
    """居民身份证号码: 18 characters, GB 11643 check digit, a real birth date not in the future and
    a province code (see forms_app.fields.citizen_id: the county code is never checked)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return check_id_number(value)


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "type": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        # phonenumbers (~2 MB, ~60 ms to import) only in processes that check a form.
        import phonenumbers

        value = super().clean(value)
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, "CN")
        except phonenumbers.NumberParseException:
            number = None
        valid = (
            number is not None
            and number.country_code == 86
            and phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number)
            in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
        )
        if not valid:
            raise ValidationError(_("请填写有效的11位中国大陆手机号码。"), code="invalid")
        return str(number.national_number)


@register_field_type
class FullNameType(FieldType):
    name = "full_name"
    label = _("姓名")
    role = "name"

    def create_field(self, field_def, options, *, page):
        return NameField(**options)

    def contribute(self, value, data, *, field_def):
        data.name = value


@register_field_type
class IdNumberType(FieldType):
    name = "id_number"
    label = _("居民身份证号码")
    role = "id_number"
    personal = True

    def create_field(self, field_def, options, *, page):
        return IdNumberField(**options)

    def contribute(self, value, data, *, field_def):
        data.id_number = value


@register_field_type
class MobileType(FieldType):
    name = "mobile"
    label = _("手机号码")
    role = "mobile"
    personal = True

    def create_field(self, field_def, options, *, page):
        return MobileField(**options)

    def contribute(self, value, data, *, field_def):
        data.mobile = value
