"""学历, 工作经历, 证书, 培训 and 学徒期满 on a registration form, as an applicant fills them in:
rows of inputs, blank rows ignored, errors naming the row, and the eligibility verdict they
lead to (电子商务师 · 网商 · 四级: 1 year of continuous work, a vocational diploma or training)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from forms_app.fields import ApplicantData, get_field_type
from forms_app.models import Application
from occupations.eligibility import CertificateHeld, EducationRecord, TrainingRecord, WorkPeriod
from occupations.services import today
from tests.forms_app.factories import applicant, profile_fields, registration_page, standard_fields

TODAY = today()  # the school's date (Asia/Shanghai)


@pytest.fixture
def form_page(occupation, exam_period):
    return registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard_fields() + profile_fields(),
        allow_ineligible=False,  # an applicant who does not qualify cannot submit
    )


def rows(prefix: str, *items: dict) -> dict:
    """POST data of table rows: ``rows("work", {"relation": "same"})`` → work-0-relation."""
    return {
        f"{prefix}-{i}-{key}": value for i, item in enumerate(items) for key, value in item.items()
    }


def years_ago(years: float) -> str:
    return (TODAY - timedelta(days=round(365.25 * years))).isoformat()


def html_of(response) -> str:
    return response.content.decode()


# --- rendering ----------------------------------------------------------------------------------


def test_each_table_shows_three_rows_of_labelled_inputs(client, form_page):
    html = client.get(form_page.url).content.decode()

    for prefix, first, last in [
        ("education", "type", "final_year_student"),
        ("work", "relation", "employer"),
        ("certificates", "relation", "issued"),
        ("training", "level", "completed"),
    ]:
        for i in range(3):
            assert f'name="{prefix}-{i}-{first}"' in html
            assert f'name="{prefix}-{i}-{last}"' in html
        assert f'name="{prefix}-3-{first}"' not in html
    assert "第1行" in html and "第3行" in html
    assert '<label for="id_education-0-type">学历/学校类型</label>' in html
    assert '<option value="technical_school">技工学校</option>' in html
    assert 'type="date" name="work-0-start"' in html
    assert "最后工作日（在职可不填）" in html
    assert 'type="checkbox" name="apprenticeship"' in html
    # the script that adds rows and the stylesheet that lays them out in one column
    assert "forms_app/js/repeating.js" in html and "forms_app/css/fields.css" in html
    assert 'data-add-label="添加一行"' in html


def test_the_rows_an_applicant_filled_come_back_after_an_error(client, form_page):
    data = applicant(mobile="1")
    data |= rows("work", {"relation": "", "start": ""}, {"relation": "same", "start": "2019-03-01"})

    html = html_of(client.post(form_page.url, data))

    assert re.search(r'name="work-1-start" value="2019-03-01"', html)
    assert re.search(r'<option value="same" selected>本职业</option>', html)
    assert 'name="work-2-start"' in html  # a blank row after the filled ones


# --- eligibility ------------------------------------------------------------------------------


def test_without_any_record_the_applicant_does_not_qualify(client, form_page):
    response = client.post(form_page.url, applicant())

    assert response.status_code == 422
    assert "暂不符合报名条件，不能提交" in html_of(response)
    assert Application.objects.count() == 0


def test_one_year_of_continuous_work_qualifies_for_level_4(client, form_page):
    data = applicant() | rows(
        "work", {"relation": "same", "start": years_ago(1.5), "end": "", "employer": "某网店"}
    )

    response = client.post(form_page.url, data)

    assert response.status_code == 302, html_of(response)
    application = Application.objects.get()
    assert application.eligible
    assert application.eligibility["met"] == [1]
    assert application.answers["work"] == [
        {"relation": "same", "start": years_ago(1.5), "end": None, "employer": "某网店"}
    ]


def test_half_a_year_of_work_is_not_enough(client, form_page):
    data = applicant() | rows("work", {"relation": "same", "start": years_ago(0.5)})

    response = client.post(form_page.url, data)

    assert response.status_code == 422
    assert "暂不符合" in html_of(response)


def test_a_vocational_diploma_in_the_same_major_qualifies(client, form_page):
    diploma = {
        "type": "secondary_vocational",
        "major": "same",
        "skill_target": "intermediate",
        "graduated": "2018-07-01",
    }

    response = client.post(form_page.url, applicant() | rows("education", diploma))

    assert response.status_code == 302, html_of(response)
    application = Application.objects.get()
    assert application.eligibility["met"] == [2]
    assert application.answers["education"] == [{**diploma, "final_year_student": False}]


def test_formal_training_for_the_level_qualifies(client, form_page):
    data = applicant() | rows("training", {"level": "4", "completed": "2024-06-30"})

    response = client.post(form_page.url, data)

    assert response.status_code == 302, html_of(response)
    application = Application.objects.get()
    assert application.eligibility["met"] == [3]
    assert application.answers["training"] == [{"level": 4, "completed": "2024-06-30"}]


def test_blank_rows_are_ignored_wherever_they_are(client, form_page):
    blank = {"relation": "", "start": "", "end": "", "employer": ""}
    data = applicant() | rows(
        "work",
        blank,
        {"relation": "related", "start": "2015-01-01", "end": "2016-01-01"},
        blank,
        {"relation": "same", "start": years_ago(2)},
    )

    response = client.post(form_page.url, data)

    assert response.status_code == 302, html_of(response)
    work = Application.objects.get().answers["work"]
    assert [row["start"] for row in work] == ["2015-01-01", years_ago(2)]


# --- errors name the row --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (
            rows("work", {"relation": "same", "start": "2020-05-01", "end": "2019-01-01"}),
            "第1行：最后工作日不能早于开始日期。",
        ),
        (
            rows("work", {"relation": "same", "start": "2020-01-01"}, {"relation": "same"}),
            "第2行 开始日期：请填写。",
        ),
        (
            rows("work", {"relation": "same", "start": "2020-13-45"}),
            "第1行 开始日期：请填写有效的日期（年-月-日）。",
        ),
        (
            rows("work", {"relation": "same", "start": (TODAY + timedelta(days=10)).isoformat()}),
            "第1行：开始日期不能晚于今天。",
        ),
        (
            rows("work", {"relation": "boss", "start": "2020-01-01"}),
            "第1行 从事的职业：请从列表中选择。",
        ),
        (
            rows("education", {"type": "bachelor", "major": "same"}),
            "第1行：请填写毕业日期，或勾选“在校应届毕业生”。",
        ),
        (
            rows("certificates", {"relation": "same", "kind": "level", "issued": "2020-01-01"}),
            "第1行：请选择证书等级。",
        ),
        (
            rows("training", {"level": "9", "completed": "2020-01-01"}),
            "第1行 培训等级：请从列表中选择。",
        ),
        (
            rows("education", {"type": "bachelor", "major": "same", "graduated": "1949-07-01"}),
            "第1行：毕业日期不能早于1950年。",
        ),
    ],
    ids=[
        "end-before-start",
        "missing-start",
        "bad-date",
        "future",
        "tampered-choice",
        "no-graduation",
        "certificate-level",
        "training-level",
        "too-early",
    ],
)
def test_a_wrong_row_gets_a_chinese_error_naming_the_row(client, form_page, data, message):
    response = client.post(form_page.url, applicant() | data)

    assert response.status_code == 400
    assert message in html_of(response)
    assert Application.objects.count() == 0


def test_at_most_twenty_rows(client, form_page):
    rows_ = [{"relation": "related", "start": f"{2000 + i}-01-01"} for i in range(21)]

    too_many = client.post(form_page.url, applicant() | rows("work", *rows_))
    twenty = client.post(form_page.url, applicant() | rows("work", *rows_[:20]))

    assert too_many.status_code == 400
    assert "最多填写20行。" in html_of(too_many)
    assert "最多填写" not in html_of(twenty)


def test_a_final_year_student_needs_no_graduation_date(client, form_page):
    student = {"type": "technical_school", "major": "same", "final_year_student": "on"}
    data = applicant() | rows("education", student)

    response = client.post(form_page.url, data)

    # Accepted by the form; 网商 四级 does not admit students, so the engine says no.
    assert response.status_code == 422
    assert "暂不符合报名条件，不能提交" in html_of(response)
    assert "第1行：" not in html_of(response) and "第1行 " not in html_of(response)


# --- what the fields tell the engine ----------------------------------------------------------


def test_each_type_contributes_its_records():
    data = ApplicantData()
    kinds = {
        name: get_field_type(name)
        for name in ("education", "work_history", "certificates", "training", "apprenticeship")
    }

    kinds["education"].contribute(
        [
            {
                "type": "bachelor",
                "major": "related",
                "skill_target": "",
                "graduated": date(2015, 7, 1),
                "final_year_student": False,
            }
        ],
        data,
        field_def=None,
    )
    kinds["work_history"].contribute(
        [{"relation": "same", "start": date(2016, 1, 1), "end": None, "employer": ""}],
        data,
        field_def=None,
    )
    kinds["certificates"].contribute(
        [
            {"relation": "same", "kind": "level", "level": 4, "issued": date(2019, 5, 1)},
            {
                "relation": "same",
                "kind": "preparatory_technician",
                "level": 3,
                "issued": date(2020, 5, 1),
            },
        ],
        data,
        field_def=None,
    )
    kinds["training"].contribute(
        [{"level": 3, "completed": date(2021, 1, 1)}], data, field_def=None
    )
    kinds["apprenticeship"].contribute(True, data, field_def=None)

    profile = data.profile()
    assert profile.education == (EducationRecord("bachelor", "related", None, date(2015, 7, 1)),)
    assert profile.work == (WorkPeriod("same", date(2016, 1, 1), None),)
    assert profile.certificates == (
        CertificateHeld("same", 4, date(2019, 5, 1), "level"),
        CertificateHeld("same", None, date(2020, 5, 1), "preparatory_technician"),
    )
    assert profile.training == (TrainingRecord(3, date(2021, 1, 1)),)
    assert profile.apprenticeship_completed is True


def test_answers_are_json_with_iso_dates(client, form_page):
    data = (
        applicant()
        | rows(
            "certificates",
            {"relation": "related", "kind": "level", "level": "5", "issued": "2021-03-04"},
        )
        | rows("work", {"relation": "same", "start": years_ago(3)})
        | {"apprenticeship": "on"}
    )

    response = client.post(form_page.url, data)

    assert response.status_code == 302, html_of(response)
    answers = Application.objects.get().answers
    assert answers["certificates"] == [
        {"relation": "related", "kind": "level", "level": 5, "issued": "2021-03-04"}
    ]
    assert answers["apprenticeship"] is True
    assert "education" in answers and answers["education"] == []


def test_staff_read_row_answers_with_column_and_choice_labels():
    work = get_field_type("work_history").display(
        [{"end": None, "relation": "same", "start": "2019-05-01"}]  # keys as jsonb sorts them
    )
    education = get_field_type("education").display(
        [{"type": "bachelor", "major": "related", "graduated": "2015-07-01"}]
    )

    assert work == "2019-05 至今 本职业"
    assert education == "大学本科 相关专业，2015-07-01 毕业"
    assert "bachelor" not in education and "related" not in education
    assert get_field_type("work_history").display([]) == "—"
