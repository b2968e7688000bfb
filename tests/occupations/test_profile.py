"""The profile schema (occupations.profile) as the checker form shows and checks it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from occupations.forms import ProfileForm
from occupations.profile import get_row_kind, row_kinds
from occupations.services import today


def post_data(**rows) -> dict:
    """Checker POST data: ``work=[{...}]`` → management forms and ``work-0-start`` …"""
    data = {}
    for kind in row_kinds():
        items = rows.get(kind.name, [])
        data |= {
            f"{kind.name}-TOTAL_FORMS": str(len(items)),
            f"{kind.name}-INITIAL_FORMS": "0",
        }
        for index, item in enumerate(items):
            data |= {f"{kind.name}-{index}-{key}": value for key, value in item.items()}
    return data


def test_a_certificate_issued_in_the_future_is_refused_not_counted():
    tomorrow = (today() + timedelta(days=1)).isoformat()
    certificate = {"relation": "same", "kind": "level", "level": "4", "issued": tomorrow}

    form = ProfileForm(post_data(certificates=[certificate]))

    assert not form.is_valid()
    assert form.formsets["certificates"][0].errors == {"issued": ["发证日期不能晚于今天。"]}


def test_a_certificate_issued_today_counts():
    certificate = {"relation": "same", "kind": "level", "level": "4", "issued": today().isoformat()}

    form = ProfileForm(post_data(certificates=[certificate]))

    assert form.is_valid()
    assert form.to_profile().certificates[0].issued == today()


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        ("work", {"relation": "same", "start": "1949-12-31"}, "开始日期不能早于1950年。"),
        (
            "education",
            {"type": "bachelor", "major": "same", "graduated": "2099-07-01"},
            "毕业日期不能晚于",
        ),
        ("training", {"level": "4", "completed": "1900-01-01"}, "结业日期不能早于1950年。"),
    ],
)
def test_dates_outside_1950_to_today_are_refused(kind, row, message):
    form = ProfileForm(post_data(**{kind: [row]}))

    assert not form.is_valid()
    errors = [m for messages in form.formsets[kind][0].errors.values() for m in messages]
    assert any(m.startswith(message) for m in errors), errors


def test_at_most_twenty_rows_of_a_kind():
    row = {"relation": "same", "start": "2001-01-01", "end": "2001-01-31"}

    assert ProfileForm(post_data(work=[row] * 20)).is_valid()
    form = ProfileForm(post_data(work=[row] * 21))
    assert not form.is_valid()
    assert form.formsets["work"].non_form_errors() == ["最多填写20行。"]


def test_the_end_of_a_work_period_is_the_last_day_worked(loaded_site, client):
    html = client.get("/eligibility/").content.decode()

    assert "最后工作日（在职可不填）" in html
    assert "这一天也算工作时间" in html
    assert "本职业或相关职业学徒期满" in html


@pytest.mark.parametrize(
    ("kind", "row", "line"),
    [
        (
            "work",
            {"relation": "same", "start": "2019-03-01", "end": "2021-06-30"},
            "2019-03 至 2021-06 本职业",
        ),
        (
            "work",
            {"relation": "related", "start": "2019-03-01", "end": None, "employer": "某网店"},
            "2019-03 至今 相关职业（某网店）",
        ),
        (
            "certificates",
            {"relation": "same", "kind": "level", "level": 4, "issued": "2020-06-30"},
            "本职业 四级/中级工 职业资格证书/职业技能等级证书，2020-06-30 发证",
        ),
        (
            "certificates",
            {"relation": "same", "kind": "preparatory_technician", "issued": "2020-06-30"},
            "本职业 预备技师证书，2020-06-30 发证",
        ),
        (
            "education",
            {
                "type": "technical_school",
                "major": "same",
                "skill_target": "intermediate",
                "graduated": None,
                "final_year_student": True,
            },
            "技工学校 本专业 培养目标中级技能，在校应届毕业生",
        ),
        (
            "training",
            {"level": 3, "completed": "2024-01-15"},
            "三级/高级工 正规培训，2024-01-15 结业",
        ),
    ],
)
def test_each_row_reads_as_one_line(kind, row, line):
    assert get_row_kind(kind).display([row]) == line


def test_a_row_kept_in_an_old_shape_is_still_shown():
    assert get_row_kind("work").display([{"relation": "same"}]) == "relation：same"
    assert get_row_kind("work").display([]) == "—"


def test_the_profile_records_the_rows_as_the_engine_reads_them():
    form = ProfileForm(
        post_data(
            work=[{"relation": "same", "start": "2019-03-01", "end": "2021-06-30"}],
            education=[{"type": "bachelor", "major": "same", "final_year_student": "on"}],
        )
        | {"apprenticeship_completed": "1"}
    )

    assert form.is_valid()
    profile = form.to_profile()
    assert profile.work[0].end == date(2021, 6, 30)
    assert profile.education[0].final_year_student is True
    assert profile.apprenticeship_completed is True
