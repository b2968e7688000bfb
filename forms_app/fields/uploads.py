"""证件照 and 证明材料: file fields checked by content (see forms_app.uploads).

A document field's 默认值 (default value) is its size limit in MB (blank: the site-wide
FORMS_APP_DOCUMENT_MAX_SIZE); the checked files go to ApplicantData.files and are stored by
services.application_submit as ApplicationFile rows in private storage.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app import uploads
from forms_app.choices import FileKind
from forms_app.fields.registry import FieldType, register_field_type, register_form_check

FILE_ERRORS = {
    "required": _("请选择要上传的文件。"),
    "empty": _("上传的文件是空的，请重新选择。"),
    "invalid": _("没有收到文件，请重新选择（表单需以文件方式提交）。"),
    "missing": _("没有收到文件，请重新选择。"),
}


class UploadInput(forms.FileInput):
    """A file input that, once a checked file is kept (forms_app.held_uploads), shows
    "已上传：<name>（可更换）" and carries the kept file's token; choosing a file replaces it."""

    template_name = "forms_app/widgets/upload.html"
    kept = None  # a held_uploads.Kept, set on the bound form's own copy of the widget

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kept"] = self.kept
        return context

    class Media:
        css = {"all": ["forms_app/css/fields.css"]}  # keeps the input inside a phone's width


class PhotoField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", FILE_ERRORS)
        kwargs.setdefault("widget", UploadInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if hasattr(upload, "clean_upload"):  # a kept file, checked when it was uploaded
            return upload.clean_upload()
        return uploads.clean_photo(upload) if upload else None


class DocumentField(forms.FileField):
    def __init__(self, *, max_size: int, **kwargs):
        self.max_size = max_size
        kwargs.setdefault("error_messages", FILE_ERRORS)
        kwargs.setdefault(
            "widget",
            UploadInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if hasattr(upload, "clean_upload"):  # a kept file, checked when it was uploaded
            return upload.clean_upload()
        return uploads.clean_document(upload, max_size=self.max_size) if upload else None


class UploadType(FieldType):
    kind: str = ""

    def answer(self, value):
        return None  # kept as an ApplicationFile, not in the answers

    def contribute(self, value, data, *, field_def):
        if value:
            data.files.append((field_def.clean_name, self.kind, value))


def _help(options: dict, extra: str) -> dict:
    help_text = str(options.get("help_text") or "")
    return {**options, "initial": None, "help_text": f"{help_text} {extra}".strip()}


@register_field_type
class PhotoType(UploadType):
    name = "photo"
    label = _("证件照")
    kind = FileKind.PHOTO
    personal = True

    def create_field(self, field_def, options, *, page):
        note = _("JPG 或 PNG，不超过 %(size)s，至少 %(w)d×%(h)d 像素。") % {
            "size": uploads.format_size(uploads.photo_max_size()),
            "w": uploads.PHOTO_MIN_SIZE[0],
            "h": uploads.PHOTO_MIN_SIZE[1],
        }
        return PhotoField(**_help(options, note))


@register_field_type
class DocumentType(UploadType):
    name = "document"
    label = _("证明材料")
    kind = FileKind.DOCUMENT

    def create_field(self, field_def, options, *, page):
        max_size = uploads.document_max_size(field_def.default_value)
        note = _("PDF、JPG 或 PNG，不超过 %(size)s。") % {"size": uploads.format_size(max_size)}
        return DocumentField(max_size=max_size, **_help(options, note))


register_form_check(uploads.check_total_size)
