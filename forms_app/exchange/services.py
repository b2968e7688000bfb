"""Export and import of applicant lists: the work behind the admin pages and the export task."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from forms_app.audit import EXPORT
from forms_app.exchange import readers
from forms_app.exchange.resources import (
    DEFAULT_COLUMNS,
    ApplicationExportResource,
    ApplicationImportResource,
    ImportRow,
    ValidRow,
)
from forms_app.exchange.writers import FORMATS
from forms_app.fields import FieldType, get_field_type
from forms_app.models import Application, FormField, RegistrationFormPage
from forms_app.storage import private_storage
from occupations.choices import Level

logger = logging.getLogger(__name__)

VIEW = "forms_app.view_application"
VIEW_PERSONAL_DATA = "forms_app.view_personal_data"
ADD = "forms_app.add_application"
EXPORTS_DIR = "exports"
EXPORTS_KEPT = timedelta(days=7)


class ExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def inline_max_rows() -> int:
    """Exports up to this many rows download at once; larger ones run as a background job."""
    return getattr(settings, "FORMS_APP_EXPORT_INLINE_MAX_ROWS", 2000)


def progress_every() -> int:
    return getattr(settings, "FORMS_APP_EXPORT_PROGRESS_EVERY", 2000)


# --- Export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportOptions:
    """What to export; plain values so a background task can take them as JSON."""

    form_page_id: int | None = None
    occupation_id: int | None = None
    level: int | None = None
    status: str | None = None
    exam_period_id: int | None = None
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    file_format: str = "xlsx"
    full_personal_data: bool = False

    def as_json(self) -> dict:
        return {**asdict(self), "columns": list(self.columns)}

    @classmethod
    def from_json(cls, data: dict) -> ExportOptions:
        return cls(**{**data, "columns": tuple(data["columns"])})


def export_queryset(options: ExportOptions) -> QuerySet:
    filters = {
        "form_page_id": options.form_page_id,
        "occupation_id": options.occupation_id,
        "level": options.level,
        "status": options.status,
        "exam_period_id": options.exam_period_id,
    }
    return Application.objects.filter(**{k: v for k, v in filters.items() if v not in (None, "")})


def export_count(options: ExportOptions) -> int:
    return export_queryset(options).count()


def _answer_fields(options: ExportOptions) -> dict[str, tuple[str, FieldType | None]]:
    """Clean name → (label, field type) of the exported forms' fields, so each answer is
    written as its field type displays it (a field type whose plugin was removed: None)."""
    fields = FormField.objects.all()
    if options.form_page_id:
        fields = fields.filter(page_id=options.form_page_id)
    found = {}
    for clean_name, label, type_name in fields.values_list("clean_name", "label", "field_type"):
        try:
            kind = get_field_type(type_name)
        except LookupError:
            kind = None
        found.setdefault(clean_name, (label, kind))
    return found


def export_applications(
    *,
    options: ExportOptions,
    user,
    stream: BinaryIO,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> int:
    """Write the applications ``options`` select to ``stream``; returns the number of rows.

    Rows are read in chunks (``iterator``) as plain values and written one by one, so memory
    stays flat however many there are. ``progress(done, total)`` is called every
    ``FORMS_APP_EXPORT_PROGRESS_EVERY`` rows and at the end.
    """
    if not user.has_perm(VIEW):
        raise ExportRefused(_("您没有导出报名的权限。"))
    if options.full_personal_data and not user.has_perm(VIEW_PERSONAL_DATA):
        raise ExportRefused(_("您没有查看完整身份证号和手机号的权限。"))
    writer_class = FORMATS.get(options.file_format)
    if writer_class is None:
        raise ExportRefused(_("不支持的文件格式。"))
    resource = ApplicationExportResource(answer_fields=_answer_fields(options))
    names = resource.resolve_columns(options.columns, full_personal_data=options.full_personal_data)
    if not names:
        raise ExportRefused(_("请至少选择一列。"))
    plain, expressions = resource.query_values(names)
    queryset = export_queryset(options).order_by("submitted_at", "pk").values(*plain, **expressions)
    render = resource.renderer(names)
    text_at = [i for i, name in enumerate(names) if name == "id_number"]
    writer = writer_class(
        stream, title=_("报名名单"), widths=[resource.WIDTHS.get(n, 10) for n in names]
    )
    writer.write_header(resource.headers(names))
    if total is None and progress is not None:
        total = export_count(options)
    every = progress_every()
    done = 0
    for row in queryset.iterator(chunk_size=2000):
        cells = render(row)
        for index in text_at:
            cells[index] = writer.excel_text(cells[index])
        writer.write_row(cells)
        done += 1
        if progress is not None and done % every == 0:
            progress(done, total)
    writer.close()
    if progress is not None:
        progress(done, total)
    audit.record(
        EXPORT,
        actor=user,
        row_count=done,
        masked=not options.full_personal_data,
        detail=options.file_format,
    )
    logger.info(
        "Export by %s: %s rows, %s, full personal data: %s",
        user.get_username(),
        done,
        options.file_format,
        options.full_personal_data,
    )
    return done


def export_file_name(job_id: str, options: ExportOptions) -> str:
    """Where a job's export is kept; '-full' marks one with full personal data."""
    suffix = "-full" if options.full_personal_data else ""
    return f"{EXPORTS_DIR}/{job_id}{suffix}.{FORMATS[options.file_format].extension}"


def export_to_storage(
    *, job_id: str, options: ExportOptions, user, progress=None, total: int | None = None
) -> int:
    """The background half of a large export: write the file into private storage."""
    exports_prune()
    with tempfile.TemporaryFile() as spool:
        rows = export_applications(
            options=options, user=user, stream=spool, progress=progress, total=total
        )
        spool.seek(0)
        private_storage().save(export_file_name(job_id, options), File(spool))
    return rows


@dataclass(frozen=True)
class StoredExport:
    name: str
    extension: str
    content_type: str
    full_personal_data: bool


def stored_export(job_id: str) -> StoredExport | None:
    storage = private_storage()
    for writer in FORMATS.values():
        for suffix, full in (("", False), ("-full", True)):
            name = f"{EXPORTS_DIR}/{job_id}{suffix}.{writer.extension}"
            if storage.exists(name):
                return StoredExport(name, writer.extension, writer.content_type, full)
    return None


def _prune_folder(folder: str, *, kept, now, dry_run: bool) -> int:
    """Delete (or count) the files in ``folder`` of private storage older than ``kept``, a
    timedelta or a function of the file name giving one."""
    storage = private_storage()
    if not storage.exists(folder):
        return 0
    now = now or timezone.now()
    removed = 0
    for name in storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        age = kept(name) if callable(kept) else kept
        if storage.get_modified_time(path) < now - age:
            if not dry_run:
                storage.delete(path)
            removed += 1
    return removed


def full_exports_kept() -> timedelta:
    """Exports with full ID numbers and phones are kept a day at most (PIPL: no longer than
    needed); FORMS_APP_FULL_EXPORT_HOURS overrides."""
    return timedelta(hours=getattr(settings, "FORMS_APP_FULL_EXPORT_HOURS", 24))


def exports_prune(*, now=None, dry_run: bool = False) -> int:
    """Delete export files older than EXPORTS_KEPT (masked) or full_exports_kept() (full
    personal data); returns how many."""

    def kept(name: str) -> timedelta:
        return full_exports_kept() if "-full." in name else EXPORTS_KEPT

    return _prune_folder(EXPORTS_DIR, kept=kept, now=now, dry_run=dry_run)


IMPORTS_DIR = "imports"
IMPORTS_KEPT = timedelta(days=1)  # an uploaded list waits this long for its confirmation


def imports_prune(*, now=None, dry_run: bool = False) -> int:
    """Delete uploaded import files left unconfirmed for longer than IMPORTS_KEPT."""
    return _prune_folder(IMPORTS_DIR, kept=IMPORTS_KEPT, now=now, dry_run=dry_run)


# --- Import -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def created(self) -> int:
        return 0 if self.dry_run or not self.ok else len(self.rows)

    def as_json(self) -> dict:
        """Kept on the ApplicationImport for the preview page (numbers masked)."""
        return {
            "dry_run": self.dry_run,
            "rows": [asdict(row) for row in self.rows],
            "file_errors": list(self.file_errors),
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        return cls(
            dry_run=data.get("dry_run", True),
            rows=[ImportRow(**row) for row in data.get("rows", [])],
            file_errors=list(data.get("file_errors", [])),
        )


def import_read(*, page: RegistrationFormPage, content: bytes, file_name: str):
    """The uploaded list as a table, or readers.ImportFileError saying in Chinese why not
    (unreadable, too large or too long, required columns missing). Reads no database."""
    dataset = readers.read_table(content, file_name)
    specialty_required = any(spec for _v, _l, spec, _lv in page.target_choices())
    missing = readers.missing_columns(dataset, specialty_required=specialty_required)
    if missing:
        raise readers.ImportFileError(
            _(
                "缺少必需的列：%(names)s。第一行应是表头，如：姓名、身份证号码、手机号码、工种、等级。"
            )
            % {"names": "、".join(missing)}
        )
    return dataset


def import_check(
    *,
    page: RegistrationFormPage,
    content: bytes,
    file_name: str,
    actor,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportReport, list[ValidRow]]:
    """Check every row of an uploaded list; writes nothing and runs no transaction (SQLite's
    write lock stays free however long the list).

    Every row is cleaned like the online form (name, citizen ID number, mobile), matched to
    the specialties and levels the form offers, checked against the other rows, the live
    applications, the form's maximum and whether it takes ineligible applicants, and given the
    eligibility engine's verdict on an empty profile (an imported list says nothing of work,
    certificates or education): staff review each one. Returns the report (the preview) and
    the rows ready to store (forms_app.exchange.staging)."""
    if not actor.has_perm(ADD):
        raise PermissionDenied
    report = ImportReport(dry_run=True)
    try:
        dataset = import_read(page=page, content=content, file_name=file_name)
    except readers.ImportFileError as error:
        report.file_errors.append(error.message)
        return report, []
    resource = ApplicationImportResource(
        page=page, actor=actor, file_name=file_name, progress=progress
    )
    # Not import-export's dry run (it would open a transaction); the resource writes nothing.
    result = resource.import_data(dataset, dry_run=False, use_transactions=False)
    report.rows = resource.rows
    for error in result.base_errors:
        logger.error("Import of %s failed: %s", file_name, error.traceback)
        report.file_errors.append(_("导入时发生内部错误，未导入任何数据。"))
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Import of %s, row %s failed: %s", file_name, number, error.traceback)
        report.file_errors.append(_("导入时发生内部错误，未导入任何数据。"))
    return report, (resource.valid if report.ok else [])


def import_applications(
    *, page: RegistrationFormPage, content: bytes, file_name: str, actor, dry_run: bool
) -> ImportReport:
    """Check (``dry_run``) or create the applications of an uploaded list, all or nothing, in
    this process (the admin runs the same steps as background jobs: staging.import_begin)."""
    if dry_run:
        return import_check(page=page, content=content, file_name=file_name, actor=actor)[0]
    from forms_app.exchange import staging

    return staging.import_now(page=page, content=content, file_name=file_name, actor=actor)


def import_template(*, page: RegistrationFormPage | None, stream: BinaryIO) -> None:
    """An XLSX to fill in: the headers, the ID number and mobile columns formatted as text (so
    Excel keeps every digit), and a second sheet listing the specialties and levels offered."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from forms_app.exchange import columns

    book = Workbook()
    sheet = book.active
    sheet.title = _("报名名单")
    sheet.append(list(columns.IMPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (12, 22, 14, 18, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for letter in "BC":
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    if page is not None:
        offered = book.create_sheet(_("可报工种和等级"))
        offered.append([columns.SPECIALTY, columns.LEVEL])
        for _value, _label, specialty, level in page.target_choices():
            offered.append([specialty or _("（不分工种，留空）"), str(Level(level).label)])
    book.save(stream)
