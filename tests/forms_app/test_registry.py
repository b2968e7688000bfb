"""The field-type registry: what an editor can put on a registration form."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from forms_app.fields import get_field_type, registry
from forms_app.fields.registry import FieldType, register_field_type
from forms_app.models import Application, FormField
from tests.forms_app.test_support import applicant, form_fields, make_form_page

WAGTAIL_TYPES = {
    "singleline",
    "multiline",
    "email",
    "number",
    "url",
    "checkbox",
    "checkboxes",
    "dropdown",
    "multiselect",
    "radio",
    "date",
    "datetime",
    "hidden",
}
IDENTITY_TYPES = {"full_name", "id_number", "mobile", "target"}


def offered_types() -> dict[str, str]:
    choices = FormField._meta.get_field("field_type").choices
    return {value: str(label) for value, label in choices}


@pytest.fixture
def scratch_registry(monkeypatch):
    """A copy of the registry for one test: registrations made in the test are forgotten."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    return registry._REGISTRY


def test_the_editor_is_offered_every_wagtail_type_and_the_identity_types():
    offered = offered_types()

    assert WAGTAIL_TYPES | IDENTITY_TYPES <= set(offered)
    assert offered["full_name"] == "姓名"
    assert offered["id_number"] == "居民身份证号码"
    assert offered["target"] == "申报工种与等级"
    assert offered["singleline"] == "单行文本"
    for name, label in offered.items():
        assert not label.isascii(), f"{name} has no Chinese label: {label!r}"


def test_get_field_type_finds_registered_types_and_names_unknown_ones():
    assert get_field_type("id_number").role == "id_number"
    assert get_field_type("mobile").personal is True
    with pytest.raises(LookupError, match="no_such_type"):
        get_field_type("no_such_type")


def test_registering_a_name_twice_is_an_error(scratch_registry):
    class Another(FieldType):
        name = "mobile"
        label = "手机"

    with pytest.raises(ValueError, match="'mobile' is registered twice"):
        register_field_type(Another)
    assert get_field_type("mobile").__class__.__name__ == "MobileType"


def test_a_new_type_is_offered_to_editors_and_builds_its_field(
    scratch_registry, client, occupation, exam_period
):
    @register_field_type
    class PoliticalStatus(FieldType):
        name = "political_status"
        label = "政治面貌"

        def create_field(self, field_def, options, *, page):
            return forms.ChoiceField(
                choices=[("", "请选择"), ("masses", "群众"), ("member", "党员")], **options
            )

    assert offered_types()["political_status"] == "政治面貌"
    page = make_form_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=[
            *form_fields(),
            FormField(label="政治面貌", field_type="political_status", clean_name="politics"),
        ],
    )
    field = page.form_fields.get(clean_name="politics")
    field.full_clean(exclude=["page"])  # the model accepts the new type as a choice

    html = client.get(page.url).content.decode()
    assert '<option value="member">党员</option>' in html
    assert client.post(page.url, applicant(politics="member")).status_code == 302
    assert Application.objects.get().answers["politics"] == "member"


def test_a_type_that_is_not_registered_is_refused_by_the_model(db):
    field = FormField(label="奇怪", field_type="no_such_type", clean_name="odd")

    with pytest.raises(ValidationError) as error:
        field.full_clean(exclude=["page"])
    assert "field_type" in error.value.message_dict


@pytest.mark.parametrize("name", sorted(registry.field_types()))
def test_every_registered_type_builds_a_form_field_on_a_page(name, client, occupation, exam_period):
    from forms_app.forms import RegistrationFormBuilder

    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=[])
    field_def = FormField(
        page=page, label="字段", field_type=name, clean_name="x", choices="甲,乙", required=False
    )

    built = RegistrationFormBuilder([field_def], page=page).formfields["x"]

    assert isinstance(built, forms.Field)
    assert built.label == "字段"


def test_personal_and_role_fields_are_never_copied_into_the_answers(
    client, occupation, exam_period
):
    page = make_form_page(occupation=occupation, exam_period=exam_period)

    client.post(page.url, applicant(employer="某公司"))

    answers = Application.objects.get().answers
    assert answers["employer"] == "某公司"
    assert not {"name", "id_number", "mobile"} & set(answers)
