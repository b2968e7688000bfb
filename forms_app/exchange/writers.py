"""Export file formats, written one row at a time so 100,000 rows never sit in memory.

Every text cell goes through :func:`forms_app.formulas.neutralise` (CSV/formula injection,
OWASP): control characters are dropped first, then a cell that starts with = + - @, a tab, CR
or LF (or their full-width forms, which some East-Asian Excel builds convert) gets a leading
apostrophe, so a spreadsheet shows it as text and never runs it. django-import-export's own
``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only strips a leading "=" from tablib datasets
(``==1`` stays a formula; + - @ tab CR pass), so it is not used.

A format is one registered class (``FORMATS``): extension, content type, how to write.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO, ClassVar

from django.utils.translation import gettext_lazy as _

from forms_app.formulas import FORMULA_TRIGGERS, neutralise

__all__ = ["FORMATS", "FORMULA_TRIGGERS", "SheetWriter", "Verbatim", "neutralise"]


class Verbatim(str):
    """A cell the writer has already made safe; written as it is."""


class SheetWriter:
    """Write a header and rows of strings to a binary stream; ``close`` finishes the file."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    extension: ClassVar[str] = ""
    content_type: ClassVar[str] = ""

    def __init__(self, stream: BinaryIO, *, title: str, widths: list[int]):
        self.stream = stream

    def write_header(self, headers: list[str]) -> None:
        raise NotImplementedError

    def write_row(self, cells: list) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @staticmethod
    def excel_text(value: str) -> str:
        """A long digit string Excel must keep as text (full ID numbers); see CsvWriter."""
        return value


FORMATS: dict[str, type[SheetWriter]] = {}


def register_format(cls: type[SheetWriter]) -> type[SheetWriter]:
    FORMATS[cls.name] = cls
    return cls


def format_choices() -> list[tuple[str, str]]:
    return [(name, cls.label) for name, cls in FORMATS.items()]


@register_format
class XlsxWriter(SheetWriter):
    name = "xlsx"
    label = _("Excel（XLSX）")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, stream, *, title, widths):
        from openpyxl import Workbook

        super().__init__(stream, title=title, widths=widths)
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31])
        for index, width in enumerate(widths, start=1):
            from openpyxl.utils import get_column_letter

            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"

    def write_header(self, headers):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        bold = Font(bold=True)
        cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, value=neutralise(header))
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)

    def write_row(self, cells):
        self.sheet.append([neutralise(cell) if type(cell) is str else cell for cell in cells])

    def close(self):
        self.book.save(self.stream)


@register_format
class CsvWriter(SheetWriter):
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it with the right text."""

    name = "csv"
    label = _("CSV（UTF-8，Excel 可直接打开）")
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def __init__(self, stream, *, title, widths):
        super().__init__(stream, title=title, widths=widths)
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.text)

    def write_header(self, headers):
        self.writer.writerow([neutralise(header) for header in headers])

    def write_row(self, cells):
        self.writer.writerow([neutralise(cell) if type(cell) is str else cell for cell in cells])

    def close(self):
        self.text.flush()
        self.text.detach()  # leave the caller's stream open

    @staticmethod
    def excel_text(value: str) -> str:
        # Excel turns an 18-digit number into 1.52502E+17 and drops the last digits when the
        # file is saved; a leading tab keeps it text.
        return Verbatim("\t" + neutralise(value)) if value else value
