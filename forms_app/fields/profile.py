"""What the applicant has done: 学历, 工作经历, 已取得的证书, 正规培训, 学徒期满.

The field types are derived from the profile schema (occupations.profile): one list type per
registered row kind, one tick box per yes/no fact, so a kind added there appears here too.
A list type shows its rows as ``RepeatingField``: up to the kind's ``max_rows`` rows of small
inputs named ``<name>-<row>-<column>`` (three rows without JavaScript; the script
static/forms_app/js/repeating.js adds rows). Blank rows are ignored; errors name the row.
Answers are kept as JSON lists with ISO dates; each row also becomes the kind's eligibility
record in ApplicantData.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forms_app.fields.registry import FieldType, field_types, register_instance, unregister
from occupations.profile import MAX_ROWS, ProfileFlag, RowKind, flags, on_row_kinds

MIN_ROWS = 3
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
        attrs = {"id": sub_id}
        if field.help_text:  # the hint under the cell (widgets/repeating.html) describes it
            attrs["aria-describedby"] = f"{sub_id}_helptext"
        return {
            "id": sub_id,
            "label": field.label,
            "help_text": field.help_text,
            "is_checkbox": isinstance(widget, forms.CheckboxInput),
            "html": widget.render(self._sub_name(name, index, column), value, attrs),
        }


class RepeatingField(forms.Field):
    """A list of rows, each cleaned by its columns' fields and then by ``row_check``."""

    def __init__(
        self,
        *,
        columns: Columns,
        row_check: RowCheck | None = None,
        max_rows: int = MAX_ROWS,
        **kwargs,
    ):
        self.columns = columns
        self.row_check = row_check
        self.max_rows = max_rows
        kwargs["widget"] = RepeatingWidget(columns, max_rows=max_rows)
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
        if len(filled) > self.max_rows:
            raise ValidationError(
                _("最多填写%(max)d行。") % {"max": self.max_rows}, code="max_rows"
            )
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


# --- the types, derived from the profile schema -----------------------------------------------


class RowListType(FieldType):
    """The rows of one profile row kind; each becomes a record in ``ApplicantData``."""

    def __init__(self, kind: RowKind):
        self.kind = kind
        self.name = kind.field_type
        self.label = kind.label

    def columns(self) -> Columns:
        return [(column.name, column.form_field()) for column in self.kind.columns]

    def check_row(self, row: dict) -> list[str]:
        return [message for _column, message in self.kind.problems(row)]

    def create_field(self, field_def, options, *, page):
        return RepeatingField(
            columns=self.columns(), row_check=self.check_row, max_rows=self.kind.max_rows, **options
        )

    def answer(self, value):
        return [self.kind.to_json(row) for row in value or []]

    def contribute(self, value, data, *, field_def):
        data.add_records(self.kind.name, [self.kind.record(row) for row in value or []])

    def display(self, value) -> str:
        """One line per row as the applicant would say it: "2019-03 至 2021-06 本职业"."""
        if isinstance(value, list):
            return self.kind.display(value)
        return super().display(value)


class FlagType(FieldType):
    """A yes/no fact of the profile (学徒期满) as a tick box."""

    def __init__(self, flag: ProfileFlag):
        self.flag = flag
        self.name = flag.field_type
        self.label = flag.label

    def create_field(self, field_def, options, *, page):
        return forms.BooleanField(**{**options, "required": False, "initial": False})

    def answer(self, value):
        return bool(value)

    def contribute(self, value, data, *, field_def):
        data.set_fact(self.flag.name, bool(value))


def _follow(kind: RowKind, registered: bool) -> None:
    if registered:
        existing = field_types().get(kind.field_type)
        if existing is not None and not isinstance(existing, RowListType):
            raise ValueError(f"Field type {kind.field_type!r} is registered twice")
        register_instance(RowListType(kind))
    else:
        unregister(kind.field_type)


on_row_kinds(_follow)
for _flag in flags():
    register_instance(FlagType(_flag))
