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


def requested_target(page, params) -> dict[str, str]:
    """Initial form data choosing the specialty and level a link asked for (the eligibility
    checker's "去报名": ``?level=4&specialty=online-merchant``, ASCII only), when the form offers
    it; {} otherwise."""
    level, slug = params.get("level", ""), params.get("specialty", "")
    if not level.isdigit():
        return {}
    names = {s.slug: s.name for s in page.occupation.specialties.all() if s.slug} if slug else {}
    specialty = names.get(slug, "") if slug else ""
    if slug and not specialty:
        return {}
    value = f"{specialty}|{int(level)}"
    if value not in {v for v, _label, _s, _l in page.target_choices()}:
        return {}
    return {
        field.clean_name: value for field in page.form_fields.all() if field.field_type == "target"
    }


def target_link(page, *, specialty_slug: str, level: int) -> str:
    """The form's URL choosing this specialty (by its slug) and level."""
    query = f"level={level}" + (f"&specialty={specialty_slug}" if specialty_slug else "")
    return f"{page.url}?{query}"
