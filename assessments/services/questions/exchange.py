"""Questions in and out of spreadsheets (XLSX/CSV), on django-import-export.

Columns (the template, ``question_template``): 题型, 鉴定点, 题干, 选项A … 选项H, 答案, 解析,
分值, 难度. One file fills one occupation and level, chosen on the import page. Every row is
checked like a question typed in the admin; with ``rollback_on_validation_errors`` one bad row
rolls the whole file back, so nothing is written unless every row is right. Imported questions
are 草稿 until reviewed; knowledge points named by a path ("基础知识/职业道德") are made as
needed. Exports write the same columns (plus 编号, 版本, 状态), with formulas made inert.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

import tablib
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from hostsite import audit
from import_export import resources
from import_export.results import RowResult

from assessments.choices import QuestionKind, QuestionStatus
from assessments.models import Question
from assessments.services.questions import bank
from assessments.services.questions.audit import QUESTIONS_EXPORT, QUESTIONS_IMPORT
from assessments.services.questions.richtext import plain_to_richtext, richtext_plain
from forms_app.exchange.writers import FORMATS
from forms_app.formulas import is_formula

logger = logging.getLogger(__name__)

KIND, POINT, STEM, ANSWER, EXPLANATION, SCORE, DIFFICULTY = (
    "题型", "鉴定点", "题干", "答案", "解析", "分值", "难度",
)  # fmt: skip
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in "ABCDEFGH")
COLUMNS = (KIND, POINT, STEM, *OPTION_COLUMNS, ANSWER, EXPLANATION, SCORE, DIFFICULTY)
REQUIRED = (KIND, STEM, ANSWER)
KIND_WORDS = {
    **{str(label): value for value, label in QuestionKind.choices},
    **{str(label).removesuffix("题"): value for value, label in QuestionKind.choices},
    "实操": QuestionKind.PRACTICAL, "实操题": QuestionKind.PRACTICAL,
    "操作题": QuestionKind.PRACTICAL, "问答题": QuestionKind.SHORT,
    "单项选择题": QuestionKind.SINGLE, "多项选择题": QuestionKind.MULTIPLE,
}  # fmt: skip
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MAX_UNCOMPRESSED = 60 * 1024 * 1024


class ImportFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Reading --------------------------------------------------------------------------------


def read_table(content: bytes, file_name: str) -> tablib.Dataset:
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("文件太大（最大 10 MB），请拆分后分批导入。"))
    if content.startswith(b"PK\x03\x04"):
        dataset = _read_xlsx(content)
    elif file_name.lower().endswith((".xlsx", ".xls")):
        raise ImportFileError(_("文件不是有效的 XLSX 表格。旧版 .xls 请在 Excel 中另存为 .xlsx。"))
    else:
        dataset = _read_csv(content)
    headers = [cell_text(h).replace(" ", "").replace("*", "") for h in dataset.headers or []]
    if not any(headers):
        raise ImportFileError(_("文件是空的，或第一行不是表头。"))
    dataset.headers = headers
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise ImportFileError(
            _("缺少必需的列：%(names)s。请使用导入模板（第一行是表头）。")
            % {"names": "、".join(missing)}
        )
    rows = sum(1 for row in dataset if any(cell_text(v) for v in row))
    if rows == 0:
        raise ImportFileError(_("文件中除表头外没有数据。"))
    if rows > MAX_ROWS:
        raise ImportFileError(
            _("一次最多导入 %(max)s 道题，此文件有 %(rows)s 行。") % {"max": MAX_ROWS, "rows": rows}
        )
    return dataset


def _read_xlsx(content: bytes) -> tablib.Dataset:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(_("文件不是 Excel 表格（XLSX）。"))
            if sum(i.file_size for i in archive.infolist()) > XLSX_MAX_UNCOMPRESSED:
                raise ImportFileError(_("表格内容过大，请拆分后分批导入。"))
    except zipfile.BadZipFile:
        raise ImportFileError(_("文件已损坏，无法作为 XLSX 表格打开。")) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)
            dataset = tablib.Dataset(headers=list(next(rows, [])))
            width = len(dataset.headers)
            for row in rows:
                dataset.append((list(row) + [None] * width)[:width])
        finally:
            book.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("无法读取此 Excel 表格，请在 Excel 中重新保存后再试。")) from None
    return dataset


def _read_csv(content: bytes) -> tablib.Dataset:
    if b"\x00" in content:
        raise ImportFileError(_("文件不是 CSV 文本文件。请上传 CSV 或 XLSX 表格。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("无法识别文件的文字编码，请另存为“CSV UTF-8”后再试。"))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ImportFileError(_("CSV 文件格式有误（引号未闭合？），请检查后重新上传。")) from None
    if not rows:
        raise ImportFileError(_("文件是空的，或第一行不是表头。"))
    width = len(rows[0])
    dataset = tablib.Dataset(headers=rows[0])
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return dataset


# --- Import ---------------------------------------------------------------------------------


@dataclass
class ImportRow:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    kind: str = ""
    stem: str = ""
    point: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    new_points: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Moodle: what was left out, and why

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def created(self) -> int:
        return 0 if self.dry_run or not self.ok else len(self.rows)


class QuestionImportResource(resources.ModelResource):
    """One row → one new draft question of the chosen occupation and level."""

    class Meta:
        model = Question
        fields = ()
        force_init_instance = True
        skip_diff = True
        use_transactions = True
        report_skipped = False

    def __init__(self, *, occupation, level: int, actor, file_name: str, progress=None, total=0):
        super().__init__()
        self.progress, self.total = progress, total
        self.occupation, self.level, self.actor, self.file_name = (
            occupation,
            level,
            actor,
            file_name,
        )
        self.rows: list[ImportRow] = []
        self.points: dict = {}
        self.new_points: list[str] = []

    def after_import(self, dataset, result, **kwargs):
        """Primary keys come from the sequence; nothing to reset."""

    def import_row(self, row, instance_loader, **kwargs):
        if all(not cell_text(value) for value in row.values()):
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        preview = ImportRow(number=kwargs["row_number"] + 1)
        self.rows.append(preview)
        if self.progress is not None and len(self.rows) % 50 == 0:
            self.progress(len(self.rows), self.total)
        errors: list[str] = []
        for header, value in row.items():
            if isinstance(value, str) and value.startswith("=") and is_formula(value):
                errors.append(_("“%(column)s”是公式，请填写文字。") % {"column": header})
        kind_text = cell_text(row.get(KIND))
        kind = KIND_WORDS.get(kind_text)
        preview.kind = kind_text
        preview.stem = cell_text(row.get(STEM))[:60]
        preview.point = cell_text(row.get(POINT))
        if kind is None:
            errors.append(
                _("无法识别题型“%(value)s”，可填：%(kinds)s。")
                % {"value": kind_text, "kinds": "、".join(str(k) for k in QuestionKind.labels)}
            )
        score = self._decimal(row.get(SCORE), default=Decimal(1), errors=errors)
        difficulty = self._difficulty(row.get(DIFFICULTY), errors)
        options = [
            bank.OptionData(text=plain_to_richtext(cell_text(row.get(column))))
            for column in OPTION_COLUMNS
            if cell_text(row.get(column))
        ]
        instance.occupation, instance.level = self.occupation, self.level
        instance.kind = kind or QuestionKind.SHORT
        instance.stem = plain_to_richtext(cell_text(row.get(STEM)))
        instance.answer = cell_text(row.get(ANSWER))
        instance.explanation = plain_to_richtext(cell_text(row.get(EXPLANATION)))
        instance.score, instance.difficulty = score, difficulty
        instance.source = self.file_name[:200]
        if preview.point:
            known = bank.knowledge_point_for_path(
                occupation=self.occupation, level=self.level, path=preview.point,
                create=False, cache=self.points,
            )  # fmt: skip
            if known is None and preview.point not in self.new_points:
                self.new_points.append(preview.point)
        if kind is not None:
            errors.extend(bank.question_check(question=instance, options=options))
        if errors:
            preview.errors.extend(errors)
            raise ValidationError(errors)
        instance._options = options

    def do_instance_save(self, instance, is_create):
        preview = self.rows[-1]
        if preview.point:
            instance.knowledge_point = bank.knowledge_point_for_path(
                occupation=self.occupation, level=self.level, path=preview.point,
                create=True, cache=self.points,
            )  # fmt: skip
        try:
            bank.question_save(
                question=instance,
                options=instance._options,
                actor=self.actor,
                note=_("导入：%(file)s") % {"file": self.file_name},
            )
        except bank.QuestionRefused as error:
            preview.errors.append(error.message)
            raise ValidationError(error.message) from error

    @staticmethod
    def _decimal(value, *, default: Decimal, errors: list[str]) -> Decimal:
        text = cell_text(value)
        if not text:
            return default
        try:
            number = Decimal(text)
        except InvalidOperation:
            errors.append(_("分值“%(value)s”不是数字。") % {"value": text})
            return default
        return number

    @staticmethod
    def _difficulty(value, errors: list[str]) -> int:
        text = cell_text(value)
        if not text:
            return 3
        if not text.isdigit() or not 1 <= int(text) <= 5:
            errors.append(_("难度应为 1 到 5 的整数，而不是“%(value)s”。") % {"value": text})
            return 3
        return int(text)


def import_questions(
    *, occupation, level: int, content: bytes, file_name: str, actor, dry_run: bool, progress=None
) -> ImportReport:
    """Check (``dry_run``) or create the questions of an uploaded file: all or nothing."""
    if not actor.has_perm("assessments.add_question"):
        raise bank.QuestionRefused(_("您没有导入试题的权限。"))
    report = ImportReport(dry_run=dry_run)
    try:
        dataset = read_table(content, file_name)
    except ImportFileError as error:
        report.file_errors.append(error.message)
        return report
    resource = QuestionImportResource(
        occupation=occupation, level=level, actor=actor, file_name=file_name, progress=progress,
        total=len(dataset),
    )  # fmt: skip
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    report.rows = resource.rows
    report.new_points = resource.new_points
    for error in result.base_errors:
        logger.error("Question import of %s failed: %s", file_name, error.traceback)
        report.file_errors.append(_("导入时发生内部错误，未导入任何数据。"))
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Question import %s row %s failed: %s", file_name, number, error.traceback)
        report.file_errors.append(_("导入时发生内部错误，未导入任何数据。"))
    if not dry_run and report.ok:
        audit.record(
            QUESTIONS_IMPORT,
            actor=actor,
            row_count=len(report.rows),
            object_label=f"{occupation} {level}",
            detail=file_name,
        )
    return report


# --- Export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = ("编号", "版本", "状态", *COLUMNS)


def export_queryset(*, occupation, level: int | None, status: str | None) -> QuerySet:
    questions = Question.objects.filter(occupation=occupation)
    if level:
        questions = questions.filter(level=level)
    if status:
        questions = questions.filter(status=status)
    return questions.select_related("knowledge_point").prefetch_related("options").order_by("pk")


def export_questions(*, questions: QuerySet, actor, stream: BinaryIO, file_format: str) -> int:
    """Write the questions in the import template's columns; returns how many."""
    writer_class = FORMATS[file_format]
    writer = writer_class(
        stream, title=_("题库"), widths=[8, 6, 8, 8, 24, 50] + [24] * 8 + [12, 30, 6, 6]
    )
    writer.write_header(list(EXPORT_COLUMNS))
    kinds = dict(QuestionKind.choices)
    statuses = dict(QuestionStatus.choices)
    count = 0
    for question in questions:
        options = [richtext_plain(o.text) for o in question.options.all()]
        options = (options + [""] * len(OPTION_COLUMNS))[: len(OPTION_COLUMNS)]
        writer.write_row(
            [
                str(question.pk),
                str(question.version),
                str(statuses[question.status]),
                str(kinds[question.kind]),
                question.knowledge_point.path if question.knowledge_point else "",
                richtext_plain(question.stem),
                *options,
                question.answer,
                richtext_plain(question.explanation),
                format(question.score.normalize(), "f"),
                str(question.difficulty),
            ]
        )
        count += 1
    writer.close()
    audit.record(QUESTIONS_EXPORT, actor=actor, row_count=count, detail=file_format)
    return count


def question_template(stream: BinaryIO) -> None:
    """The documented XLSX template: the columns, one example of each type, and a sheet of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("试题")
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_EXAMPLES:
        sheet.append([row.get(column, "") for column in COLUMNS])
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP", [8, 24, 50] + [18] * 8 + [10, 30, 6, 6], strict=False
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("填写说明"))
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 90
    for name, text in TEMPLATE_NOTES:
        notes.append([name, str(text)])
        notes.cell(row=notes.max_row, column=2).alignment = Alignment(wrap_text=True)
    book.save(stream)


TEMPLATE_EXAMPLES = [
    {
        KIND: "判断题",
        POINT: "基础知识/职业道德",
        STEM: "职业道德是从业人员在职业活动中应遵循的行为准则。",
        ANSWER: "对",
        SCORE: 1,
        DIFFICULTY: 1,
    },  # noqa: E501
    {
        KIND: "单选题",
        POINT: "基础知识/法律法规",
        STEM: "《劳动法》规定，劳动者每日工作时间不超过（　）小时。",
        "选项A": "6",
        "选项B": "8",
        "选项C": "10",
        "选项D": "12",
        ANSWER: "B",
        EXPLANATION: "《劳动法》第三十六条。",
        SCORE: 1,
        DIFFICULTY: 2,
    },  # noqa: E501
    {
        KIND: "多选题",
        POINT: "相关知识/网店运营",
        STEM: "下列属于网店推广方式的有（　）。",
        "选项A": "搜索引擎优化",
        "选项B": "直通车",
        "选项C": "关闭店铺",
        "选项D": "社交媒体营销",
        ANSWER: "ABD",
        SCORE: 2,
        DIFFICULTY: 3,
    },  # noqa: E501
    {
        KIND: "填空题",
        POINT: "相关知识/网店运营",
        STEM: "网店的转化率等于成交人数除以（　）人数。",
        ANSWER: "访客",
        SCORE: 2,
        DIFFICULTY: 2,
    },  # noqa: E501
    {
        KIND: "简答题",
        POINT: "相关知识/客户服务",
        STEM: "简述处理客户投诉的基本步骤。",
        ANSWER: "倾听、致歉、核实、处理、回访。",
        SCORE: 10,
        DIFFICULTY: 4,
    },  # noqa: E501
    {
        KIND: "实操任务",
        POINT: "操作技能/商品发布",
        STEM: "在模拟平台上发布一件商品，填写标题、主图、价格和库存。",
        ANSWER: "标题规范、主图清晰、价格库存正确，各项按评分表给分。",
        SCORE: 20,
        DIFFICULTY: 3,
    },  # noqa: E501
]
TEMPLATE_NOTES = [
    (
        KIND,
        _("必填。判断题、单选题、多选题、填空题、简答题、实操任务（也可写“判断”“单选”“实操”等）。"),
    ),
    (
        POINT,
        _(
            "鉴定点（细目表中的鉴定要素），用“/”分隔上下级，如“基础知识/职业道德”；不存在时导入时自动建立。可留空。"
        ),
    ),  # noqa: E501
    (STEM, _("必填。题干文字；换行会成为分段。图片请在后台编辑试题时插入，或用 Moodle XML 导入。")),
    (_("选项A–H"), _("单选、多选题的选项，至少两个，从选项A开始连续填写；其他题型留空。")),
    (
        ANSWER,
        _(
            "必填。判断题填“对”或“错”（√/×）；单选填一个字母，如 B；多选填全部正确字母，"
            "如 ABD；填空题有多个空时用“|”分隔；简答、实操填参考答案或评分要点。"
        ),
    ),  # noqa: E501
    (EXPLANATION, _("可留空。答案解析。")),
    (SCORE, _("可留空（默认 1 分）。组卷时按细目表的每题分值计分。")),
    (DIFFICULTY, _("可留空（默认 3）。1 最易，5 最难。")),
    (
        _("规则"),
        _(
            "导入前先检查（不写入）；任何一行有错时一道题也不导入，请按提示修改后重新上传。"
            "导入的试题为“草稿”，须审核后才能组卷。每次最多 5000 道题，文件不超过 10 MB。"
        ),
    ),  # noqa: E501
]
