"""django-import-export Resources of applicant lists: the export columns and the import rows.

Exports read ``Application.objects.values(...)`` dicts (import-export's Field.get_value reads
dicts), so no model instance is built and no personal data is decrypted unless the full ID
number or mobile column is asked for. Imports run through ``Resource.import_data`` without
transactions (import-export's dry run would wrap the file in one, holding SQLite's write lock
for as long as the checks take): every row is checked like an online submission, "saving" a row
only collects it in ``Resource.valid``, and forms_app.exchange.staging stages and publishes
what passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import RowResult

from forms_app import services
from forms_app.choices import LIVE_STATUSES, ApplicationStatus
from forms_app.crypto import lookup_hash, mask_id_number, mask_mobile
from forms_app.exchange import columns
from forms_app.fields import ApplicantData, FieldType
from forms_app.fields.identity import IdNumberField, MobileField, NameField
from forms_app.fields.registry import display_value
from forms_app.models import Application, RegistrationFormPage
from forms_app.selectors import live_application_count
from occupations.choices import Level

# --- Export -------------------------------------------------------------------------------------


class LabelWidget(widgets.Widget):
    """Renders a stored value by its Chinese label (choices, sources, yes/no)."""

    def __init__(self, labels):
        super().__init__()
        self.labels = labels
        self._resolved: dict | None = None

    def render(self, value, obj=None, **kwargs):
        if self._resolved is None:  # lazy labels resolved once per export, not per cell
            self._resolved = {key: str(label) for key, label in dict(self.labels).items()}
        return self._resolved.get(value, "" if value is None else str(value))


class AnswersWidget(widgets.Widget):
    """The other answers as one cell, each as the form's field type shows it to staff:
    "工作经历：2019-03 至 2021-06 本职业；工作单位：某公司". Answers of role fields (the
    specialty and level chosen) are left out: they have their own columns."""

    def __init__(self, fields: dict[str, tuple[str, FieldType | None]] | None = None):
        super().__init__()
        self.fields = fields or {}

    def render(self, value, obj=None, **kwargs):
        if not value or not isinstance(value, dict):
            return display_value(value) if value else ""
        parts = []
        for key, answer in value.items():
            label, kind = self.fields.get(key, (key, None))
            if kind is not None and kind.role is not None:
                continue
            parts.append(f"{label}：{kind.display(answer) if kind else display_value(answer)}")
        return "；".join(parts)


class LocalDateTimeWidget(widgets.DateTimeWidget):
    """ "2026-11-25 13:45" in the school's time zone; the zone is looked up once per export
    (``DateTimeWidget.render`` asks for the active zone on every cell)."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d %H:%M")
        self._zone = None

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        if self._zone is None:
            self._zone = timezone.get_current_timezone()
        return value.astimezone(self._zone).replace(tzinfo=None).isoformat(" ", "minutes")


YES_NO = {True: gettext_lazy("是"), False: gettext_lazy("否")}

#: Values the export reads that are not columns of the application itself.
EXPRESSIONS = {
    "occupation_title": F("occupation__title"),
    "exam_period_name": F("exam_period__name"),
    "form_page_title": F("form_page__title"),
    "eligibility_headline": KT("eligibility__headline"),
}
#: Personal columns shown in full only with forms_app.view_personal_data and an explicit choice.
FULL_PERSONAL = {"id_number_masked": "id_number", "mobile_masked": "mobile"}
DEFAULT_COLUMNS = (
    "number", "name", "id_number_masked", "mobile_masked", "occupation", "specialty", "level",
    "exam_period", "status", "eligibility", "submitted_at",
)  # fmt: skip


class ApplicationExportResource(resources.Resource):
    number = Field("number", column_name=gettext_lazy("报名号"))
    name = Field("name", column_name=gettext_lazy("姓名"))
    id_number_masked = Field("id_number_masked", column_name=gettext_lazy("身份证号（脱敏）"))
    id_number = Field("id_number", column_name=gettext_lazy("居民身份证号码"))
    mobile_masked = Field("mobile_masked", column_name=gettext_lazy("手机号（脱敏）"))
    mobile = Field("mobile", column_name=gettext_lazy("手机号码"))
    occupation = Field("occupation_title", column_name=gettext_lazy("职业"))
    specialty = Field("specialty", column_name=gettext_lazy("工种/方向"))
    level = Field("level", column_name=gettext_lazy("等级"), widget=LabelWidget(Level.choices))
    exam_period = Field("exam_period_name", column_name=gettext_lazy("考试批次"))
    form_page = Field("form_page_title", column_name=gettext_lazy("报名表"))
    status = Field(
        "status", column_name=gettext_lazy("状态"), widget=LabelWidget(ApplicationStatus.choices)
    )
    eligibility = Field("eligibility_headline", column_name=gettext_lazy("资格自动判断"))
    needs_review = Field(
        "needs_review", column_name=gettext_lazy("需人工判断"), widget=LabelWidget(YES_NO)
    )
    status_reason = Field("status_reason", column_name=gettext_lazy("审核意见"))
    source = Field("source", column_name=gettext_lazy("来源"), widget=LabelWidget(columns.SOURCES))
    submitted_at = Field(
        "submitted_at",
        column_name=gettext_lazy("提交时间"),
        widget=LocalDateTimeWidget(),
    )
    answers = Field("answers", column_name=gettext_lazy("其他填写内容"), widget=AnswersWidget())

    #: Rough column widths (characters) for XLSX.
    WIDTHS = {"number": 16, "id_number_masked": 21, "id_number": 21, "mobile_masked": 14,
              "mobile": 14, "occupation": 18, "specialty": 16, "level": 14, "exam_period": 16,
              "form_page": 28, "eligibility": 30, "status_reason": 30, "submitted_at": 17,
              "answers": 40}  # fmt: skip

    def __init__(self, *, answer_fields: dict[str, tuple[str, FieldType | None]] | None = None):
        """``answer_fields``: clean name → (label, field type) of the forms exported."""
        super().__init__()
        self.fields["answers"].widget = AnswersWidget(answer_fields)

    @classmethod
    def column_choices(cls) -> list[tuple[str, str]]:
        """Columns staff may tick (the full personal ones come with a separate choice)."""
        hidden = set(FULL_PERSONAL.values())
        return [(name, f.column_name) for name, f in cls.fields.items() if name not in hidden]

    def resolve_columns(self, names, *, full_personal_data: bool) -> list[str]:
        known = [name for name in self.fields if name in set(names)]  # declaration order
        if full_personal_data:
            known = [FULL_PERSONAL.get(name, name) for name in known]
        return known

    def query_values(self, names) -> tuple[list[str], dict]:
        """Arguments for ``QuerySet.values()`` that give every attribute these columns read."""
        plain, expressions = [], {}
        for name in names:
            attribute = self.fields[name].attribute
            if attribute in EXPRESSIONS:
                expressions[attribute] = EXPRESSIONS[attribute]
            else:
                plain.append(attribute)
        return plain, expressions

    def headers(self, names) -> list[str]:
        return [str(self.fields[name].column_name) for name in names]

    def renderer(self, names):
        """row dict → list of cells, each through its field's widget.

        Same result as import-export's ``Field.export`` per cell, without its generic attribute
        walk: the rows are flat dicts, and a plain text column needs no widget call at all.
        """
        columns = [
            (field.attribute, None if type(field.widget) is widgets.Widget else field.widget.render)
            for field in (self.fields[name] for name in names)
        ]

        def render(row) -> list:
            cells = []
            for attribute, render_value in columns:
                value = row[attribute]
                if render_value is not None:
                    cells.append(render_value(value))
                elif value is None:
                    cells.append("")
                else:
                    cells.append(value if type(value) is str else str(value))
            return cells

        return render


# --- Import -------------------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One data row of an uploaded list, as the preview shows it."""

    number: int  # the row number in the spreadsheet (the header is row 1)
    name: str = ""
    id_number_masked: str = ""
    mobile_masked: str = ""
    specialty: str = ""
    level_label: str = ""
    headline: str = ""
    answers: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    application_number: str = ""


@dataclass
class ValidRow:
    """A row that passed every check: what staging needs to store it."""

    data: ApplicantData
    answers: dict
    check: object  # occupations' LevelCheck
    preview: ImportRow


class ApplicationImportResource(resources.ModelResource):
    """Rows of 姓名, 身份证号码, 手机号码, 工种, 等级 (and extra columns) for one form."""

    name = Field("name", column_name=columns.NAME)
    id_number = Field("id_number", column_name=columns.ID_NUMBER)
    mobile = Field("mobile", column_name=columns.MOBILE)
    specialty = Field("specialty", column_name=columns.SPECIALTY)
    level = Field("level", column_name=columns.LEVEL)

    class Meta:
        model = Application
        fields = ("name", "id_number", "mobile", "specialty", "level")
        force_init_instance = True  # always new applications, never updates
        skip_diff = True
        use_transactions = True
        report_skipped = False

    def __init__(self, *, page: RegistrationFormPage, actor, file_name: str = "", progress=None):
        super().__init__()
        self.page = page
        self.actor = actor
        self.file_name = file_name
        self.progress = progress  # progress(done_rows, total_rows) now and then, or None
        self.total = 0
        self.rows: list[ImportRow] = []
        self.valid: list[ValidRow] = []
        self.targets = {(spec, level) for _v, _l, spec, level in page.target_choices()}
        self.specialties = sorted({spec for spec, _level in self.targets})
        self.seen: dict[tuple, int] = {}
        self.remaining: int | None = None

    def before_import(self, dataset, **kwargs):
        self.total = len(dataset)
        # Checked again when the rows are published (staging), in the transaction that does it.
        if self.page.max_applications is not None:
            self.remaining = self.page.max_applications - live_application_count(page=self.page)

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress is not None and len(self.rows) % 100 == 0:
            self.progress(len(self.rows), self.total)

    def after_import(self, dataset, result, **kwargs):
        """Primary keys come from the sequence; nothing to reset (ModelResource would)."""

    def import_row(self, row, instance_loader, **kwargs):
        if all(not columns.cell_text(value) for value in row.values()):
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        preview = ImportRow(number=kwargs["row_number"] + 1)
        self.rows.append(preview)
        errors: dict[str, list[str]] = {}
        data = ApplicantData()
        data.name = self._clean(NameField(), row.get(columns.NAME), columns.NAME, errors)
        data.id_number = self._clean_id_number(row.get(columns.ID_NUMBER), errors)
        data.mobile = self._clean(MobileField(), row.get(columns.MOBILE), columns.MOBILE, errors)
        data.specialty, data.level = self._clean_target(row, errors)
        preview.name = data.name or columns.cell_text(row.get(columns.NAME))
        preview.id_number_masked = mask_id_number(data.id_number) if data.id_number else ""
        preview.mobile_masked = mask_mobile(data.mobile) if data.mobile else ""
        preview.specialty = data.specialty or ""
        preview.level_label = str(Level(data.level).label) if data.level else ""
        preview.answers = {
            header: columns.cell_text(value)
            for header, value in row.items()
            if header and header not in columns.IMPORT_COLUMNS and columns.cell_text(value)
        }
        if not errors:
            self._check_duplicates(data, preview.number, errors)
        if not errors:
            check = services.check_applicant(page=self.page, data=data)
            preview.headline = check.headline
            instance.name = data.name
            self._check_admissible(check, errors)
        if errors:
            for column, messages in errors.items():
                prefix = "" if column == NON_FIELD_ERRORS else f"{column}："
                preview.errors.extend(prefix + message for message in messages)
            raise ValidationError(errors)
        self.valid.append(
            ValidRow(data=data, answers=preview.answers, check=check, preview=preview)
        )

    def do_instance_save(self, instance, is_create):
        """Nothing to write here: the row was collected by import_instance (see module doc)."""

    # Row checks -------------------------------------------------------------------------------

    def _check_admissible(self, check, errors) -> None:
        """The form takes this applicant (eligibility gate) and has room left (maximum)."""
        try:
            services.eligibility_gate(page=self.page, check=check, confirmed=True)
        except services.IneligibleRefused:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("系统判断暂不符合报名条件（%(headline)s），本报名表不接受不符合条件者的报名。")
                % {"headline": check.headline}
            )
            return
        if self.remaining is not None:
            if self.remaining <= 0:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    _("超出本报名表的报名人数上限（%(max)s 人）。")
                    % {"max": self.page.max_applications}
                )
                return
            self.remaining -= 1

    @staticmethod
    def _clean(form_field, value, column: str, errors) -> str:
        text = columns.cell_text(value)
        if not text:
            errors.setdefault(column, []).append(_("请填写%(column)s。") % {"column": column})
            return ""
        try:
            return form_field.clean(text)
        except ValidationError as error:
            errors.setdefault(column, []).extend(str(m) for m in error.messages)
            return ""

    def _clean_id_number(self, value, errors) -> str:
        if isinstance(value, float):  # Excel kept only 15 significant digits
            errors.setdefault(columns.ID_NUMBER, []).append(
                _(
                    "身份证号码被 Excel 存成了数字，后几位已经丢失；"
                    "请把这一列设为“文本”格式后重新填写。"
                )
            )
            return ""
        return self._clean(IdNumberField(), value, columns.ID_NUMBER, errors)

    def _clean_target(self, row, errors) -> tuple[str, int | None]:
        specialty = columns.cell_text(row.get(columns.SPECIALTY))
        raw_level = row.get(columns.LEVEL)
        level = columns.parse_level(raw_level)
        names = "、".join(s for s in self.specialties if s)
        if specialty not in self.specialties:
            if specialty:
                message = _("“%(name)s”不是本报名表可报的工种，可选：%(names)s。")
            else:
                message = _("请填写工种，可选：%(names)s。")
            errors.setdefault(columns.SPECIALTY, []).append(
                message % {"name": specialty, "names": names}
            )
            return specialty, None
        if level is None:
            text = columns.cell_text(raw_level)
            errors.setdefault(columns.LEVEL, []).append(
                _("无法识别等级“%(value)s”，请填写如“四级”或“4”。") % {"value": text}
                if text
                else _("请填写等级。")
            )
            return specialty, None
        if (specialty, level) not in self.targets:
            offered = "、".join(
                str(Level(lv).label) for spec, lv in sorted(self.targets) if spec == specialty
            )
            errors.setdefault(columns.LEVEL, []).append(
                _("本报名表的“%(name)s”不可报%(level)s，可报：%(offered)s。")
                % {
                    "name": specialty or self.page.occupation.title,
                    "level": Level(level).label,
                    "offered": offered,
                }
            )
            return specialty, None
        return specialty, level

    def _check_duplicates(self, data: ApplicantData, number: int, errors) -> None:
        key = (data.id_number, data.specialty, data.level)
        if key in self.seen:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("与第 %(row)s 行是同一人、同一工种和等级，重复。") % {"row": self.seen[key]}
            )
            return
        self.seen[key] = number
        existing = (
            Application.objects.filter(
                id_number_hash=lookup_hash(data.id_number),
                occupation_id=self.page.occupation_id,
                specialty_slug=services.specialty_slug(page=self.page, name=data.specialty or ""),
                level=data.level,
                exam_period_id=self.page.exam_period_id,
                status__in=LIVE_STATUSES,
            )
            .only("number", "status")
            .first()
        )
        if existing:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _(
                    "该申请人已有本批次同一职业、工种和等级的有效报名（报名号 %(number)s，"
                    "状态：%(status)s），不能重复导入。"
                )
                % {"number": existing.number, "status": existing.get_status_display()}
            )
