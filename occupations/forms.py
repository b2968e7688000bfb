"""The eligibility checker's form: who the applicant is, as a plain HTML form (no JS needed)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from occupations.choices import CertificateKind, EducationType, Level, Major, Relation, SkillTarget
from occupations.eligibility import (
    CertificateHeld,
    EducationRecord,
    Profile,
    TrainingRecord,
    WorkPeriod,
)

DATE = forms.DateInput(attrs={"type": "date"})
BLANK = [("", "—")]


class WorkForm(forms.Form):
    relation = forms.ChoiceField(label=_("从事的职业"), choices=BLANK + Relation.choices)
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(
        label=_("结束日期"), widget=DATE, required=False, help_text=_("至今仍在从事请留空")
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


class CertificateForm(forms.Form):
    relation = forms.ChoiceField(label=_("证书职业"), choices=BLANK + Relation.choices)
    kind = forms.ChoiceField(label=_("证书类型"), choices=BLANK + CertificateKind.choices)
    level = forms.TypedChoiceField(
        label=_("等级"),
        choices=BLANK + Level.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    issued = forms.DateField(label=_("发证日期"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("kind") == CertificateKind.LEVEL and not data.get("level"):
            self.add_error("level", _("请选择证书等级。"))
        return data


class EducationForm(forms.Form):
    type = forms.ChoiceField(label=_("学历/学校类型"), choices=BLANK + EducationType.choices)
    major = forms.ChoiceField(label=_("所学专业与本职业"), choices=BLANK + Major.choices)
    skill_target = forms.ChoiceField(
        label=_("培养目标"), choices=BLANK + SkillTarget.choices, required=False
    )
    graduated = forms.DateField(label=_("毕业日期"), widget=DATE, required=False)
    final_year_student = forms.BooleanField(label=_("在校应届毕业生（尚未毕业）"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("graduated") and not data.get("final_year_student"):
            self.add_error("graduated", _("请填写毕业日期，或勾选“在校应届毕业生”。"))
        return data


class TrainingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("培训等级"), choices=BLANK + Level.choices, coerce=int, empty_value=None
    )
    completed = forms.DateField(label=_("结业日期"), widget=DATE)


def _formset(form, prefix_extra):
    return forms.formset_factory(form, extra=prefix_extra, max_num=10, validate_max=True)


WorkFormSet = _formset(WorkForm, 2)
CertificateFormSet = _formset(CertificateForm, 1)
EducationFormSet = _formset(EducationForm, 1)
TrainingFormSet = _formset(TrainingForm, 1)


class ProfileForm:
    """The formsets of a profile together; blank rows are ignored."""

    parts = {
        "work": WorkFormSet,
        "certificates": CertificateFormSet,
        "education": EducationFormSet,
        "training": TrainingFormSet,
    }

    def __init__(self, data=None):
        self.formsets = {name: cls(data, prefix=name) for name, cls in self.parts.items()}
        self.apprenticeship = forms.BooleanField(label=_("已学徒期满"), required=False)
        self.apprenticeship_completed = bool(data and data.get("apprenticeship_completed"))

    def is_valid(self) -> bool:
        return all(formset.is_valid() for formset in self.formsets.values())

    def _rows(self, name):
        return [f.cleaned_data for f in self.formsets[name] if f.cleaned_data]

    def to_profile(self) -> Profile:
        return Profile(
            work=tuple(WorkPeriod(r["relation"], r["start"], r["end"]) for r in self._rows("work")),
            certificates=tuple(
                CertificateHeld(r["relation"], r["level"], r["issued"], r["kind"])
                for r in self._rows("certificates")
            ),
            education=tuple(
                EducationRecord(
                    r["type"],
                    r["major"],
                    r["skill_target"] or None,
                    r["graduated"],
                    r["final_year_student"],
                )
                for r in self._rows("education")
            ),
            training=tuple(
                TrainingRecord(r["level"], r["completed"]) for r in self._rows("training")
            ),
            apprenticeship_completed=self.apprenticeship_completed,
        )
