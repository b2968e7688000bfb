"""Forms of the editor's "粘贴申报条件" and "按文字重新识别条款" screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from occupations.choices import Level
from occupations.condition_edits import Decision

DECISIONS = [
    (Decision.ACCEPT, _("采用文字和识别出的条款")),
    (Decision.TEXT_ONLY, _("只采用文字，条款稍后手工填写")),
    (Decision.REJECT, _("不采用")),
]


class PasteForm(forms.Form):
    specialty = forms.TypedChoiceField(label=_("工种/方向"), coerce=int)
    level = forms.TypedChoiceField(
        label=_("等级"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("按原文标题（如“可申报四级/中级工”）"))] + list(Level.choices),
    )
    passage = forms.CharField(
        label=_("申报条件原文"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "粘贴一个等级的全部申报条件，如“具备以下条件之一者，可申报四级/中级工：（1）…（2）…”。"
            "繁体字会自动转换为简体。"
        ),
    )

    def __init__(self, *args, specialties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [(i, s.display_name) for i, s in enumerate(specialties)]


class ProposalForm(forms.Form):
    number = forms.IntegerField(label=_("序号"), min_value=1, max_value=99)
    text = forms.CharField(
        label=_("公布文字"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    shown_text = forms.CharField(max_length=2000, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("是否采用"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否采用这一条。")},
    )

    def clean(self):
        cleaned = super().clean()
        text = " ".join((cleaned.get("text") or "").split())
        cleaned["text"] = text
        if text and cleaned.get("shown_text") is not None:
            if text != " ".join(cleaned["shown_text"].split()):
                raise forms.ValidationError(
                    _("这一条的文字已修改：请先点击“重新识别”，查看新的识别结果后再保存。")
                )
        return cleaned


ProposalFormSet = forms.formset_factory(
    ProposalForm, extra=0, max_num=50, validate_max=True, absolute_max=50
)


class RederiveForm(forms.Form):
    specialty = forms.IntegerField(min_value=0, max_value=99, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(coerce=int, choices=Level.choices, widget=forms.HiddenInput)
    number = forms.IntegerField(min_value=1, max_value=99, widget=forms.HiddenInput)
    shown_text = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
