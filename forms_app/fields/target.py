"""申报工种与等级: the specialty and level applied for, limited to what the form offers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app.fields.registry import FieldType, register_field_type


@register_field_type
class TargetType(FieldType):
    name = "target"
    label = _("申报工种与等级")
    role = "target"

    def create_field(self, field_def, options, *, page):
        options = {**options, "initial": None}

        def choices():
            """Read when the form is shown or checked: the occupation's offered levels may
            change without the form page changing (its class is kept between requests)."""
            offered = page.target_choices()
            return [("", _("请选择")), *((value, label) for value, label, _s, _l in offered)]

        return forms.ChoiceField(choices=choices, **options)

    def answer(self, value):
        return value

    def contribute(self, value, data, *, field_def):
        specialty, _sep, level = value.rpartition("|")
        data.specialty = specialty
        data.level = int(level)
