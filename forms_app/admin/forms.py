"""The reviewer's decision: approve, reject or ask for more information, with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app.choices import TRANSITIONS, ApplicationStatus

#: What staff may decide, in the order the buttons appear. Submitting and withdrawing are the
#: applicant's own actions.
DECISIONS = {
    ApplicationStatus.APPROVED: _("审核通过"),
    ApplicationStatus.REJECTED: _("审核不通过"),
    ApplicationStatus.NEEDS_INFO: _("需补充材料"),
}
#: Decisions the applicant must be told the reason for.
REASON_REQUIRED = {ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO}
REASON_MISSING = _("请填写原因，申请人会看到这段说明。")


def decisions_for(status: str) -> list[tuple[str, str]]:
    """(status, button label) of every decision possible from ``status``."""
    allowed = TRANSITIONS[ApplicationStatus(status)]
    return [(decision.value, label) for decision, label in DECISIONS.items() if decision in allowed]


def reason_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("审核意见"),
        required=required,
        max_length=1000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不通过或需补充材料时必须填写，申请人会看到这段说明。"),
        error_messages={"required": REASON_MISSING},
    )


class DecisionForm(forms.Form):
    """One application's decision, from its detail page."""

    decision = forms.ChoiceField(
        label=_("审核结果"), choices=[(status.value, label) for status, label in DECISIONS.items()]
    )
    reason = reason_field(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in REASON_REQUIRED and not cleaned.get("reason"):
            self.add_error("reason", REASON_MISSING)
        return cleaned


class BulkDecisionForm(forms.Form):
    """The reason given once for every selected application."""

    def __init__(self, *args, decision: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field(required=decision in REASON_REQUIRED)


#: Staff's answer to 身份待核 on one application.
IDENTITY_DECISIONS = {
    "genuine": _("确认为本人"),
    "not_genuine": _("非本人，不予通过"),
}


class IdentityDecisionForm(forms.Form):
    """Which of the applications of one ID number is the holder's, and why (e.g. compared with
    the uploaded ID photo); the reason is recorded, and told to an applicant found not to be
    the holder."""

    identity = forms.ChoiceField(label=_("身份核实结果"), choices=list(IDENTITY_DECISIONS.items()))
    identity_reason = forms.CharField(
        label=_("核实依据"),
        max_length=1000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "例如：与身份证照片比对一致 / 电话联系本人确认。“非本人”时申请人会看到这段说明。"
        ),
        error_messages={"required": _("请填写核实依据（例如与身份证照片比对的结果）。")},
    )
