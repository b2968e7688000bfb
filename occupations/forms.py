"""The eligibility checker's form: who the applicant is, as a plain HTML form (no JS needed).

Built from the profile schema (occupations.profile): one formset per row kind, one tick box
per yes/no fact. Blank rows are ignored.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from occupations.eligibility import Profile
from occupations.profile import RowKind, build_profile, flags, row_kinds


class RowForm(forms.Form):
    """One row; the kind's bounds and rules run once every column is valid."""

    row_kind: RowKind

    def clean(self):
        data = super().clean()
        if not self.errors:
            for column, message in self.row_kind.problems(data):
                self.add_error(column, message)
        return data


def row_form(kind: RowKind) -> type[RowForm]:
    fields = {column.name: column.form_field() for column in kind.checker_columns}
    return type(f"{kind.name.title()}RowForm", (RowForm,), {"row_kind": kind, **fields})


class RowFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": _("最多填写%(num)d行。")}


def row_formset(kind: RowKind):
    return forms.formset_factory(
        row_form(kind),
        formset=RowFormSet,
        extra=kind.checker_rows,
        max_num=kind.max_rows,
        validate_max=True,
        absolute_max=kind.max_rows,
    )


class ProfileForm:
    """The formsets of a profile together (``parts``: kind → formset) and its tick boxes."""

    def __init__(self, data=None):
        self.parts = {kind: row_formset(kind)(data, prefix=kind.name) for kind in row_kinds()}
        self.formsets = {kind.name: formset for kind, formset in self.parts.items()}
        self.flags = [(flag, bool(data and data.get(flag.name))) for flag in flags()]

    def is_valid(self) -> bool:
        return all(formset.is_valid() for formset in self.formsets.values())

    def _rows(self, formset):
        return [f.cleaned_data for f in formset if f.cleaned_data]

    def to_profile(self) -> Profile:
        return build_profile(
            {
                kind.name: [kind.record(row) for row in self._rows(fs)]
                for kind, fs in self.parts.items()
            },
            {flag.name: checked for flag, checked in self.flags},
        )
