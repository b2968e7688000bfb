"""The export and import forms of the admin pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app.choices import ApplicationStatus
from forms_app.exchange import readers
from forms_app.exchange.resources import DEFAULT_COLUMNS, ApplicationExportResource
from forms_app.exchange.services import VIEW_PERSONAL_DATA, ExportOptions
from forms_app.exchange.writers import format_choices
from forms_app.models import ExamPeriod, RegistrationFormPage
from occupations.choices import Level
from occupations.models import OccupationPage

IMPORT_EXTENSIONS = (".csv", ".xlsx")


class ExportForm(forms.Form):
    form_page = forms.ModelChoiceField(
        RegistrationFormPage.objects.order_by("-first_published_at", "title"),
        label=_("报名表"),
        required=False,
        empty_label=_("全部"),
    )
    occupation = forms.ModelChoiceField(
        OccupationPage.objects.order_by("path"),
        label=_("职业"),
        required=False,
        empty_label=_("全部"),
    )
    level = forms.TypedChoiceField(
        label=_("等级"),
        choices=[("", _("全部")), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *ApplicationStatus.choices], required=False
    )
    exam_period = forms.ModelChoiceField(
        ExamPeriod.objects.all(), label=_("考试批次"), required=False, empty_label=_("全部")
    )
    columns = forms.MultipleChoiceField(
        label=_("导出的列"),
        choices=ApplicationExportResource.column_choices,
        initial=DEFAULT_COLUMNS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一列。")},
    )
    file_format = forms.ChoiceField(
        label=_("文件格式"), choices=format_choices, initial="xlsx", widget=forms.RadioSelect
    )
    full_personal_data = forms.BooleanField(
        label=_("包含完整身份证号和手机号"),
        required=False,
        help_text=_(
            "默认只导出脱敏的身份证号和手机号。勾选后导出完整号码，请妥善保管文件。"
            "CSV 中的完整身份证号前有一个制表符，防止 Excel 把它显示成科学计数法。"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm(VIEW_PERSONAL_DATA):
            del self.fields["full_personal_data"]

    def options(self) -> ExportOptions:
        data = self.cleaned_data
        return ExportOptions(
            form_page_id=data["form_page"].pk if data["form_page"] else None,
            occupation_id=data["occupation"].pk if data["occupation"] else None,
            level=data["level"],
            status=data["status"] or None,
            exam_period_id=data["exam_period"].pk if data["exam_period"] else None,
            columns=tuple(data["columns"]),
            file_format=data["file_format"],
            full_personal_data=bool(data.get("full_personal_data")),
        )


class ImportForm(forms.Form):
    form_page = forms.ModelChoiceField(
        RegistrationFormPage.objects.order_by("-first_published_at", "title"),
        label=_("导入到报名表"),
        error_messages={"required": _("请选择报名表。"), "invalid_choice": _("请选择报名表。")},
    )
    file = forms.FileField(
        label=_("名单文件（CSV 或 XLSX）"),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("文件是空的。")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
            raise forms.ValidationError(_("只能上传 CSV 或 XLSX 文件。"))
        if upload.size > readers.max_bytes():
            raise forms.ValidationError(
                _("文件太大（最大 %(size)s MB）。请拆分后分批导入。")
                % {"size": readers.max_bytes() // (1024 * 1024)}
            )
        return upload
