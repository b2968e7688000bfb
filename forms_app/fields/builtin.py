"""The 13 field types of wagtail.contrib.forms, built by Wagtail's own FormBuilder."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from forms_app.fields.registry import FieldType, register_instance

_BUILDER = FormBuilder([])

WAGTAIL_TYPES = {
    "singleline": _("单行文本"),
    "multiline": _("多行文本"),
    "email": _("电子邮箱"),
    "number": _("数字"),
    "url": _("网址"),
    "checkbox": _("勾选框"),
    "checkboxes": _("多个勾选框"),
    "dropdown": _("下拉选择"),
    "multiselect": _("多项选择"),
    "radio": _("单选按钮"),
    "date": _("日期"),
    "datetime": _("日期时间"),
    "hidden": _("隐藏字段"),
}


class WagtailFieldType(FieldType):
    def __init__(self, name: str, label: str):
        self.name = name
        self.label = label

    def create_field(self, field_def, options, *, page):
        return _BUILDER.get_create_field_function(self.name)(field_def, options)


class DateTimeFieldType(WagtailFieldType):
    def display(self, value):
        """"2026-11-25 13:45" in the school's time zone, not the ISO text kept."""
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return super().display(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")


#: Types whose stored answer needs its own display.
DISPLAY_TYPES = {"datetime": DateTimeFieldType}

for _name, _label in WAGTAIL_TYPES.items():
    register_instance(DISPLAY_TYPES.get(_name, WagtailFieldType)(_name, _label))
