"""What the applicant has done: 学历, 工作经历, 已取得证书, 正规培训, 学徒期满.

The four list types share one field: ``RepeatingField`` shows up to ``MAX_ROWS`` rows of small
inputs named ``<name>-<row>-<column>`` (three rows without JavaScript; the script
static/forms_app/js/repeating.js adds rows). Blank rows are ignored; errors name the row.
Answers are kept as JSON lists with ISO dates; each row also becomes an eligibility record
(EducationRecord, WorkPeriod, CertificateHeld, TrainingRecord) in ApplicantData.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms_app.fields.registry import FieldType, display_value, register_field_type
from occupations.choices import CertificateKind, EducationType, Level, Major, Relation, SkillTarget
from occupations.eligibility import CertificateHeld, EducationRecord, TrainingRecord, WorkPeriod
from occupations.services import today

MIN_ROWS = 3
MAX_ROWS = 10
EARLIEST = date(1950, 1, 1)
BLANK = [("", "—")]

Columns = list[tuple[str, forms.Field]]
RowCheck = Callable[[dict], list[str]]


def _blank(value) -> bool:
    return value in (None, "", False, [], ())


class RepeatingWidget(forms.Widget):
    """Rows of sub-inputs; the value is a list of rows, each a dict of raw column values."""

    template_name = "forms_app/widgets/repeating.html"

    class Media:
        css = {"all": ["forms_app/css/fields.css"]}
        js = ["forms_app/js/repeating.js"]

    def __init__(self, columns: Columns, *, max_rows: int = MAX_ROWS, attrs=None):
        super().__init__(attrs)
        self.columns = columns
        self.max_rows = max_rows

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.columns = [(name, field.__deepcopy__(memo)) for name, field in self.columns]
        return copy

    def _sub_name(self, name: str, row: int, column: str) -> str:
        return f"{name}-{row}-{column}"

    def value_from_datadict(self, data, files, name):
        pattern = re.compile(rf"^{re.escape(name)}-(\d{{1,3}})-([a-z_]+)$")
        columns = dict(self.columns)
        indexes = sorted(
            {int(m[1]) for key in data if (m := pattern.match(key)) and m[2] in columns}
        )
        return [
            {
                column: field.widget.value_from_datadict(
                    data, files, self._sub_name(name, index, column)
                )
                for column, field in self.columns
            }
            for index in indexes
        ]

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}-0-{self.columns[0][0]}" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [row for row in (value or []) if isinstance(row, dict)]
        while rows and all(_blank(v) for v in rows[-1].values()):
            rows.pop()
        count = max(MIN_ROWS, min(len(rows) + 1, self.max_rows), len(rows))
        base_id = (attrs or {}).get("id") or f"id_{name}"
        context["rows"] = [
            {
                "number": index + 1,
                "cells": [
                    self._cell(name, base_id, index, column, field, rows)
                    for column, field in self.columns
                ],
            }
            for index in range(count)
        ]
        context["max_rows"] = self.max_rows
        return context

    def _cell(self, name, base_id, index, column, field, rows):
        value = rows[index].get(column) if index < len(rows) else None
        sub_id = f"{base_id}-{index}-{column}"
        widget = field.widget
        return {
            "id": sub_id,
            "label": field.label,
            "help_text": field.help_text,
            "is_checkbox": isinstance(widget, forms.CheckboxInput),
            "html": widget.render(self._sub_name(name, index, column), value, {"id": sub_id}),
        }


class RepeatingField(forms.Field):
    """A list of rows, each cleaned by its columns' fields and then by ``row_check``."""

    def __init__(self, *, columns: Columns, row_check: RowCheck | None = None, **kwargs):
        self.columns = columns
        self.row_check = row_check
        kwargs["widget"] = RepeatingWidget(columns)
        kwargs["initial"] = None
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.columns = copy.widget.columns
        return copy

    def clean(self, value):
        rows = [row for row in (value or []) if isinstance(row, dict)]
        filled = [(n, row) for n, row in enumerate(rows, 1) if not all(map(_blank, row.values()))]
        if self.required and not filled:
            raise ValidationError(_("请至少填写一行。"), code="required")
        if len(filled) > MAX_ROWS:
            raise ValidationError(_("最多填写%(max)d行。") % {"max": MAX_ROWS}, code="max_rows")
        errors, cleaned = [], []
        for number, raw in filled:
            row, row_errors = {}, []
            for column, field in self.columns:
                try:
                    row[column] = field.clean(raw.get(column))
                except ValidationError as error:
                    row_errors += [
                        _("第%(number)s行 %(label)s：%(message)s")
                        % {"number": number, "label": field.label, "message": message}
                        for message in error.messages
                    ]
            if not row_errors and self.row_check:
                row_errors = [
                    _("第%(number)s行：%(message)s") % {"number": number, "message": message}
                    for message in self.row_check(row)
                ]
            errors += row_errors
            cleaned.append(row)
        if errors:
            raise ValidationError(errors, code="invalid_row")
        return cleaned


# --- columns ----------------------------------------------------------------------------------

DATE_ERRORS = {
    "required": gettext_lazy("请填写。"),
    "invalid": gettext_lazy("请填写有效的日期（年-月-日）。"),
}
CHOICE_ERRORS = {
    "required": gettext_lazy("请选择。"),
    "invalid_choice": gettext_lazy("请从列表中选择。"),
}


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )


def choice_field(label, choices, *, required=True, level=False):
    if level:
        return forms.TypedChoiceField(
            label=label,
            choices=BLANK + list(choices),
            coerce=int,
            empty_value=None,
            required=required,
            error_messages=CHOICE_ERRORS,
        )
    return forms.ChoiceField(
        label=label, choices=BLANK + list(choices), required=required, error_messages=CHOICE_ERRORS
    )


# --- the list types ---------------------------------------------------------------------------


class RepeatingType(FieldType):
    """A list of rows that become eligibility records in ``ApplicantData.<target>``."""

    target: str = ""

    def columns(self) -> Columns:
        raise NotImplementedError

    def check_row(self, row: dict) -> list[str]:
        return []

    def record(self, row: dict):
        raise NotImplementedError

    @cached_property
    def labels(self) -> dict[str, str]:
        return {name: field.label for name, field in self.columns()}

    def check_dates(self, row: dict, *names: str, latest: date | None = None) -> list[str]:
        """Dates between 1950 and today (or ``latest``)."""
        now = today()
        latest = latest or now
        messages = []
        for name in names:
            value, label = row.get(name), self.labels[name]
            if value and value < EARLIEST:
                messages.append(_("%(label)s不能早于1950年。") % {"label": label})
            elif value and value > latest and latest == now:
                messages.append(_("%(label)s不能晚于今天。") % {"label": label})
            elif value and value > latest:
                messages.append(
                    _("%(label)s不能晚于%(date)s。") % {"label": label, "date": latest.isoformat()}
                )
        return messages

    def create_field(self, field_def, options, *, page):
        return RepeatingField(columns=self.columns(), row_check=self.check_row, **options)

    def answer(self, value):
        return [
            {key: v.isoformat() if isinstance(v, date) else v for key, v in row.items()}
            for row in value or []
        ]

    def contribute(self, value, data, *, field_def):
        getattr(data, self.target).extend(self.record(row) for row in value or [])

    def display(self, value) -> str:
        """One line per row, each cell with its column label and choice label (本职业, not same)."""
        if not value:
            return "—"
        columns = dict(self.columns())
        lines = []
        for row in value:
            cells = []
            # In the form's column order (a JSON column may return keys sorted), extras last.
            keys = [key for key in columns if key in row] + [k for k in row if k not in columns]
            for key in keys:
                cell = row[key]
                column = columns.get(key)
                choices = dict(getattr(column, "choices", []) or [])
                shown = choices.get(cell, cell) if cell not in (None, "") else None
                label = column.label if column is not None else key
                cells.append(f"{label}：{display_value(shown)}")
            lines.append("；".join(cells))
        return "\n".join(lines)


@register_field_type
class EducationListType(RepeatingType):
    name = "education"
    label = gettext_lazy("学历")
    target = "education"

    def columns(self):
        return [
            ("type", choice_field(gettext_lazy("学历/学校类型"), EducationType.choices)),
            ("major", choice_field(gettext_lazy("所学专业与本职业"), Major.choices)),
            (
                "skill_target",
                choice_field(gettext_lazy("培养目标"), SkillTarget.choices, required=False),
            ),
            ("graduated", date_field(gettext_lazy("毕业日期"), required=False)),
            (
                "final_year_student",
                forms.BooleanField(
                    label=gettext_lazy("在校应届毕业生（尚未毕业）"), required=False
                ),
            ),
        ]

    def check_row(self, row):
        if not row["graduated"] and not row["final_year_student"]:
            return [_("请填写毕业日期，或勾选“在校应届毕业生”。")]
        # A final-year student may give the expected graduation date.
        return self.check_dates(row, "graduated", latest=today() + timedelta(days=3 * 366))

    def record(self, row):
        return EducationRecord(
            type=row["type"],
            major=row["major"],
            skill_target=row["skill_target"] or None,
            graduated=row["graduated"],
            final_year_student=bool(row["final_year_student"]),
        )


@register_field_type
class WorkHistoryType(RepeatingType):
    name = "work_history"
    label = gettext_lazy("工作经历")
    target = "work"

    def columns(self):
        return [
            ("relation", choice_field(gettext_lazy("从事的职业"), Relation.choices)),
            ("start", date_field(gettext_lazy("开始日期"))),
            (
                "end",
                date_field(
                    gettext_lazy("结束日期"),
                    required=False,
                    help_text=gettext_lazy("至今仍在从事请留空"),
                ),
            ),
            (
                "employer",
                forms.CharField(label=gettext_lazy("工作单位"), required=False, max_length=60),
            ),
        ]

    def check_row(self, row):
        messages = self.check_dates(row, "start", "end")
        if not messages and row["end"] and row["end"] < row["start"]:
            messages.append(_("结束日期不能早于开始日期。"))
        return messages

    def record(self, row):
        return WorkPeriod(relation=row["relation"], start=row["start"], end=row["end"])


@register_field_type
class CertificatesType(RepeatingType):
    name = "certificates"
    label = gettext_lazy("已取得证书")
    target = "certificates"

    def columns(self):
        return [
            ("relation", choice_field(gettext_lazy("证书职业"), Relation.choices)),
            ("kind", choice_field(gettext_lazy("证书类型"), CertificateKind.choices)),
            (
                "level",
                choice_field(gettext_lazy("等级"), Level.choices, required=False, level=True),
            ),
            ("issued", date_field(gettext_lazy("发证日期"))),
        ]

    def check_row(self, row):
        if row["kind"] == CertificateKind.LEVEL and not row["level"]:
            return [_("请选择证书等级。")]
        return self.check_dates(row, "issued")

    def record(self, row):
        level = row["level"] if row["kind"] == CertificateKind.LEVEL else None
        return CertificateHeld(
            relation=row["relation"], level=level, issued=row["issued"], kind=row["kind"]
        )


@register_field_type
class TrainingType(RepeatingType):
    name = "training"
    label = gettext_lazy("正规培训")
    target = "training"

    def columns(self):
        return [
            ("level", choice_field(gettext_lazy("培训等级"), Level.choices, level=True)),
            ("completed", date_field(gettext_lazy("结业日期"))),
        ]

    def check_row(self, row):
        return self.check_dates(row, "completed")

    def record(self, row):
        return TrainingRecord(level=row["level"], completed=row["completed"])


@register_field_type
class ApprenticeshipType(FieldType):
    name = "apprenticeship"
    label = gettext_lazy("学徒期满")

    def create_field(self, field_def, options, *, page):
        return forms.BooleanField(**{**options, "required": False, "initial": False})

    def answer(self, value):
        return bool(value)

    def contribute(self, value, data, *, field_def):
        data.apprenticeship_completed = bool(value)
