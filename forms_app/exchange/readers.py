"""Uploaded applicant lists (CSV or XLSX) → a tablib Dataset, checked by content and size.

XLSX goes through django-import-export's XLSX format (openpyxl, read-only) after the zip is
checked, except that a formula cell reads as its formula ("=1+1"), not the result cached in the
file: a file written by a program has no cached result (the cell would read as blank), and a
cached result is not what anyone typed; the row checks then name the formula. CSV is read
here, because tablib skips blank lines (the row numbers in error messages would drift from what
Excel shows) and pads or rejects ragged rows without saying which. Chinese Excel saves CSV in
GB18030 unless told otherwise, so a file that is not UTF-8 is read as GB18030.
"""

from __future__ import annotations

import csv
import io
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

from forms_app.exchange import columns


class ImportFileError(Exception):
    """The file cannot be read as an applicant list; ``message`` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "FORMS_APP_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "FORMS_APP_IMPORT_MAX_ROWS", 2000)


XLSX_MAX_UNCOMPRESSED = 20 * 1024 * 1024  # a zip bomb stops here (2,000 rows need ~1 MB)


def read_table(content: bytes, file_name: str) -> tablib.Dataset:
    """The list with normalised headers (see columns.normalise_header); raises ImportFileError."""
    if len(content) > max_bytes():
        raise ImportFileError(
            _("文件太大（最大 %(size)s MB）。请拆分后分批导入。")
            % {"size": max_bytes() // (1024 * 1024)}
        )
    if content.startswith(b"PK\x03\x04"):
        dataset = _read_xlsx(content)
    elif file_name.lower().endswith(".csv") or not file_name.lower().endswith((".xlsx", ".xls")):
        dataset = _read_csv(content)
    else:
        raise ImportFileError(_("文件不是有效的 XLSX 表格。旧版 .xls 请在 Excel 中另存为 .xlsx。"))
    headers = [columns.normalise_header(h) for h in dataset.headers or []]
    if not any(headers):
        raise ImportFileError(_("文件是空的，或第一行不是表头。"))
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        raise ImportFileError(_("表头有重复的列：%(names)s。") % {"names": "、".join(repeated)})
    dataset.headers = headers
    data_rows = sum(1 for row in dataset if any(columns.cell_text(v) for v in row))
    if data_rows == 0:
        raise ImportFileError(_("文件中除表头外没有数据。"))
    if data_rows > max_rows():
        raise ImportFileError(
            _("一次最多导入 %(max)s 行，此文件有 %(rows)s 行。请拆分后分批导入。")
            % {"max": max_rows(), "rows": data_rows}
        )
    return dataset


def missing_columns(dataset: tablib.Dataset, *, specialty_required: bool) -> list[str]:
    required = [columns.NAME, columns.ID_NUMBER, columns.MOBILE, columns.LEVEL]
    if specialty_required:
        required.insert(3, columns.SPECIALTY)
    return [name for name in required if name not in dataset.headers]


def _read_xlsx(content: bytes) -> tablib.Dataset:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("文件已损坏，无法作为 XLSX 表格打开。")) from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_("文件不是 Excel 表格（XLSX）。"))
    if unpacked > XLSX_MAX_UNCOMPRESSED:
        raise ImportFileError(_("表格内容过大，请拆分后分批导入。"))
    try:
        dataset = FormulaTextXLSX().create_dataset(content)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("无法读取此 Excel 表格，请在 Excel 中重新保存后再试。")) from None
    return dataset


class FormulaTextXLSX(XLSX):
    """django-import-export's XLSX reader with ``data_only=False``: formulas as text."""

    def create_dataset(self, in_stream):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        try:
            rows = book.active.iter_rows(values_only=True)
            dataset = tablib.Dataset()
            dataset.headers = list(next(rows))
            for row in rows:
                dataset.append(list(row))
        finally:
            book.close()
        return dataset


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise ImportFileError(_("文件不是 CSV 文本文件。请上传 CSV 或 XLSX 表格。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件的文字编码，请在 Excel 中另存为“CSV UTF-8”后再试。"))


def _read_csv(content: bytes) -> tablib.Dataset:
    text = _decode(content)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ImportFileError(_("CSV 文件格式有误（引号未闭合？），请检查后重新上传。")) from None
    if not rows:
        raise ImportFileError(_("文件是空的，或第一行不是表头。"))
    headers, width = rows[0], len(rows[0])
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise ImportFileError(
                _("第 %(row)s 行的列数多于表头（可能有多余的逗号），请修正后重新上传。")
                % {"row": number}
            )
        dataset.append((row + [""] * width)[:width])
    return dataset
