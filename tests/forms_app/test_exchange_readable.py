"""Exports read like the form: every field type's answer, filled in through the real form, is
written to the export as its field type displays it, never as Python data ("{'relation': …}",
"['甲', '乙']", "True") or stored codes ("same", "|4"). The table covers every registered field
type, so a new type without a row here fails the test."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_app.exchange import services
from forms_app.fields import field_types, get_field_type
from tests.forms_app.exchange_support import make_application, staff
from tests.forms_app.factories import (
    applicant,
    field,
    image_bytes,
    registration_page,
    standard_fields,
)

CHOICES = "甲\n乙\n丙"

#: field type → (POST data of a field named after the type, what the export cell must say;
#: None: the answer is not in the answers cell — personal data, uploads and roles have their own
#: columns or files).
SAMPLES = {
    "singleline": ("某公司", "某公司"),
    "multiline": ("第一行\n第二行", "第一行\n第二行"),
    "email": ("zhang@example.com", "zhang@example.com"),
    "number": ("3.5", "3.5"),
    "url": ("https://example.com/a", "https://example.com/a"),
    "checkbox": ("on", "是"),
    "checkboxes": (["甲", "丙"], "甲、丙"),
    "dropdown": ("乙", "乙"),
    "multiselect": (["甲", "乙"], "甲、乙"),
    "radio": ("丙", "丙"),
    "date": ("2024-05-06", "2024-05-06"),
    "datetime": ("2024-05-06 13:45", "2024-05-06 13:45"),
    "hidden": ("来源A", "来源A"),
    "full_name": (None, None),
    "id_number": (None, None),
    "mobile": (None, None),
    "target": (None, None),
    "photo": ("photo", None),
    "document": ("document", None),
    "education": (
        {"type": "secondary_vocational", "major": "same", "skill_target": "intermediate",
         "graduated": "2018-07-01"},
        "中等职业学校 本专业 培养目标中级技能，2018-07-01 毕业",
    ),
    "work_history": (
        {"relation": "same", "start": "2019-03-01", "end": "2021-06-30", "employer": "某网店"},
        "2019-03 至 2021-06 本职业（某网店）",
    ),
    "certificates": (
        {"relation": "related", "kind": "level", "level": "5", "issued": "2020-06-30"},
        "相关职业 五级/初级工 职业资格证书/职业技能等级证书，2020-06-30 发证",
    ),
    "training": (
        {"level": "4", "completed": "2024-01-15"}, "四级/中级工 正规培训，2024-01-15 结业"
    ),
    "apprenticeship": ("on", "是"),
}  # fmt: skip
PYTHON_DATA = ("{", "}", "[", "]", "'", "True", "False", "None", "same", "|", "T13")


def test_the_table_covers_every_field_type():
    assert set(SAMPLES) == set(field_types())


def post_value(type_name: str, sample) -> dict:
    name = f"f_{type_name}"
    if isinstance(sample, dict):
        return {f"{name}-0-{column}": value for column, value in sample.items()}
    if type_name == "photo":
        return {name: SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")}
    if type_name == "document":
        return {name: SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")}
    return {name: sample}


@pytest.fixture
def answers(occupation, exam_period, private_media):
    """The answers the real form keeps for one applicant who filled every field."""
    own = {"full_name", "id_number", "mobile", "target"}
    fields = standard_fields() + [
        field(name, f"f_{name}", f"字段{name}", choices=CHOICES)
        for name in SAMPLES
        if name not in own
    ]
    page = registration_page(occupation=occupation, exam_period=exam_period, fields=fields)
    data = applicant()
    for name, (sample, _text) in SAMPLES.items():
        if name not in own:
            data |= post_value(name, sample)
    form = page.get_form_class()(data, {k: v for k, v in data.items() if hasattr(v, "read")})
    assert form.is_valid(), form.errors
    return page, form.answers()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exports_of_every_field_type_read_like_the_form(answers, file_format):
    page, kept = answers
    make_application(page, answers=kept)
    options = services.ExportOptions(
        form_page_id=page.pk, columns=("name", "answers"), file_format=file_format
    )
    stream = io.BytesIO()

    services.export_applications(
        options=options, user=staff("v", "view_application"), stream=stream
    )

    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
        cell = sheet.cell(row=2, column=2).value
    else:
        import csv

        rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"), newline="")))
        cell = rows[1][1]
    parts = dict(part.split("：", 1) for part in cell.split("；"))
    for name, (_sample, text) in SAMPLES.items():
        label = f"字段{name}"
        if text is None:
            assert label not in parts, name
            continue
        assert parts[label] == text, name
        assert parts[label] == get_field_type(name).display(kept[f"f_{name}"])
        assert not any(marker in parts[label] for marker in PYTHON_DATA), (name, parts[label])
