"""The applicant's profile is defined once (occupations.profile): a new row kind is one
definition, and it appears in the checker form, the API schema and the registration field
types without touching any of them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils.translation import gettext_lazy as _

from forms_app.fields import ApplicantData, field_type_choices, get_field_type
from forms_app.models import Application
from occupations import api
from occupations.choices import Level
from occupations.forms import ProfileForm
from occupations.profile import (
    DateColumn,
    LevelColumn,
    RowKind,
    TextColumn,
    register_row_kind,
    row_kinds,
    unregister_row_kind,
)
from occupations.services import today
from tests.forms_app.factories import applicant, field, registration_page, standard_fields

TOMORROW = (today() + timedelta(days=1)).isoformat()


@pytest.fixture
def contests():
    """技能竞赛获奖: the one definition a new row kind needs."""
    kind = register_row_kind(
        RowKind(
            name="contests",
            field_type="contests",
            label=_("技能竞赛获奖"),
            add_label=_("再加一项获奖"),
            columns=(
                TextColumn("contest", _("竞赛名称"), max_length=40),
                LevelColumn("level", _("相当等级"), Level),
                DateColumn("awarded", _("获奖日期")),
            ),
            record=lambda row: (row["contest"], row["level"], row["awarded"]),
            describe=lambda row: f"{row['awarded']:%Y-%m} {row['contest']}",
        )
    )
    yield kind
    unregister_row_kind("contests")


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def test_the_new_kind_appears_in_the_checker_form(contests, loaded_site, client):
    html = client.get("/eligibility/").content.decode()

    assert "技能竞赛获奖" in html
    assert 'name="contests-0-contest"' in html and 'name="contests-0-awarded"' in html
    assert "再加一项获奖" in html

    data = {**management("contests", 1), "contests-0-contest": "全国职业技能大赛"}
    data |= {"contests-0-level": "3", "contests-0-awarded": "2024-09-20"}
    for kind in row_kinds():
        if kind is not contests:
            data |= management(kind.name, 0)
    form = ProfileForm(data)
    assert form.is_valid()
    assert form.to_profile().records("contests") == (("全国职业技能大赛", 3, date(2024, 9, 20)),)

    form = ProfileForm({**data, "contests-0-awarded": TOMORROW})
    assert not form.is_valid()
    assert form.formsets["contests"][0].errors == {"awarded": ["获奖日期不能晚于今天。"]}


def test_the_new_kind_appears_in_the_api_schema(contests):
    schema = api.profile_schema()

    properties = schema.model_json_schema()["properties"]
    assert properties["contests"]["maxItems"] == 20
    profile = schema.model_validate(
        {"contests": [{"contest": "省赛", "level": 4, "awarded": "2023-05-01"}]}
    ).to_profile()
    assert profile.records("contests") == (("省赛", 4, date(2023, 5, 1)),)
    with pytest.raises(ValueError, match="获奖日期不能晚于今天"):
        schema.model_validate({"contests": [{"contest": "省赛", "level": 4, "awarded": TOMORROW}]})


def test_the_new_kind_appears_in_the_registration_field_types(
    contests, client, occupation, exam_period
):
    assert ("contests", "技能竞赛获奖") in [(n, str(label)) for n, label in field_type_choices()]
    page = registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard_fields() + [field("contests", "contests", "技能竞赛获奖")],
        allow_ineligible=True,
    )
    row = {"contests-0-contest": "全国职业技能大赛", "contests-0-level": "4"}

    html = client.get(page.url).content.decode()
    refused = client.post(page.url, applicant() | row | {"contests-0-awarded": TOMORROW})
    accepted = applicant(confirm_review="1") | row | {"contests-0-awarded": "2024-09-20"}
    assert client.post(page.url, accepted).status_code == 302

    assert 'name="contests-0-awarded"' in html
    assert "第1行：获奖日期不能晚于今天。" in refused.content.decode()
    answers = Application.objects.get().answers
    assert answers["contests"] == [
        {"contest": "全国职业技能大赛", "level": 4, "awarded": "2024-09-20"}
    ]
    assert get_field_type("contests").display(answers["contests"]) == "2024-09 全国职业技能大赛"
    data = ApplicantData()
    get_field_type("contests").contribute(
        [{"contest": "市赛", "level": 5, "awarded": date(2022, 1, 1)}], data, field_def=None
    )
    assert data.profile().records("contests") == (("市赛", 5, date(2022, 1, 1)),)


def test_removing_the_kind_removes_its_field_type(contests):
    unregister_row_kind("contests")
    try:
        with pytest.raises(LookupError):
            get_field_type("contests")
        assert "contests" not in api.profile_schema().model_json_schema()["properties"]
    finally:
        register_row_kind(contests)


def test_every_surface_takes_the_same_kinds_and_columns():
    """The checker, the API and the registration form ask for the same thing."""
    schema = api.profile_schema().model_json_schema()
    checker = ProfileForm()

    for kind in row_kinds():
        registration = dict(get_field_type(kind.field_type).columns())
        checker_fields = checker.formsets[kind.name].empty_form.fields
        api_columns = schema["$defs"][schema["properties"][kind.name]["items"]["$ref"][8:]]
        for column in kind.columns:
            assert registration[column.name].label == column.title
            if column.checker:
                assert checker_fields[column.name].label == column.title
                assert column.name in api_columns["properties"]
        assert schema["properties"][kind.name]["maxItems"] == kind.max_rows


def test_the_api_answers_with_the_profile_of_the_form(loaded_site, client):
    """Same rows through the registration field type and the API → the same Profile."""
    rows = [{"relation": "same", "start": date(2019, 3, 1), "end": date(2021, 6, 30)}]
    data = ApplicantData()
    get_field_type("work_history").contribute(rows, data, field_def=None)
    body = {"work": [{key: day.isoformat() for key, day in rows[0].items() if key != "relation"}]}
    body["work"][0]["relation"] = "same"

    assert api.ProfileIn.model_validate(json.loads(json.dumps(body))).to_profile() == (
        data.profile()
    )
