"""Per-room lists, ordered by seat: the door list (考场门贴: seat, ticket number, name, posted at
the door) and the sign-in sheet (签到表: one page set per component, with masked ID number,
photo and a column to sign), each as PDF and as XLSX. Spreadsheet cells go through forms_app's
formula escaping (a name such as "=HYPERLINK(…)" stays text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from assessments import pdf
from assessments.models import Candidate, PlanRoom
from assessments.selectors import documents as selectors
from assessments.services.documents.tickets import printable_name, school_name
from forms_app.formulas import neutralise

#: A sheet's kind → (label, PDF writer, XLSX writer); views and URLs look them up by name.
SHEETS: dict[str, tuple[str, Callable, Callable]] = {}


def register_sheet(name: str, label: str):
    def decorator(writers: tuple[Callable, Callable]):
        SHEETS[name] = (label, *writers)
        return writers

    return decorator


def room_title(plan_room: PlanRoom) -> str:
    return _("第%(number)02d考场 %(venue)s %(room)s") % {
        "number": plan_room.number,
        "venue": plan_room.room.venue.name,
        "room": plan_room.room.name,
    }


def _component_line(component) -> str:
    end = component.ends_at
    from django.utils import timezone

    return (
        f"{component.get_kind_display()} {component.date:%Y-%m-%d} "
        f"{component.start:%H:%M}–{timezone.localtime(end):%H:%M}"
    )


# --- door list -----------------------------------------------------------------------------


def door_list_pdf(out: IO[bytes], plan_room: PlanRoom) -> int:
    candidates = list(selectors.room_candidates(plan_room=plan_room))
    components = selectors.plan_components(plan_room.plan)
    rows = [[_("座位号"), _("准考证号"), _("姓名")]] + [
        [f"{c.seat:02d}", c.ticket_number or "", printable_name(c.application.name)]
        for c in candidates
    ]
    flowables = [
        pdf.paragraph(school_name(), 12, align=1),
        pdf.paragraph(room_title(plan_room), 20, align=1),
        pdf.paragraph(str(plan_room.plan), 11, align=1),
        pdf.paragraph("；".join(_component_line(c) for c in components), 10, align=1),
        pdf.Spacer(1, 4 * pdf.mm),
        pdf.table(rows, [30 * pdf.mm, 60 * pdf.mm, 60 * pdf.mm], size=13),
        pdf.Spacer(1, 3 * pdf.mm),
        pdf.paragraph(_("本考场共 %(count)d 人") % {"count": len(candidates)}, 11),
    ]
    return pdf.build_document(
        out, flowables, title=_("考场门贴"), on_page=pdf.page_footer(room_title(plan_room))
    )


def door_list_xlsx(out: IO[bytes], plan_room: PlanRoom) -> int:
    candidates = list(selectors.room_candidates(plan_room=plan_room))
    book = Workbook()
    sheet = book.active
    sheet.title = _("考场门贴")
    _title_rows(sheet, [room_title(plan_room), str(plan_room.plan)], 3)
    _write_table(
        sheet,
        [_("座位号"), _("准考证号"), _("姓名")],
        [[c.seat, c.ticket_number or "", c.application.name] for c in candidates],
        widths=[10, 22, 18],
    )
    book.save(out)
    return len(candidates)


# --- sign-in sheet -------------------------------------------------------------------------


def _sign_in_rows(candidates: list[Candidate], *, photos: bool) -> list[list]:
    header = [_("座位号"), _("准考证号"), _("姓名"), _("身份证号")]
    header += [_("照片")] if photos else []
    header += [_("考生签名"), _("备注")]
    rows = [header]
    for candidate in candidates:
        row = [
            f"{candidate.seat:02d}",
            candidate.ticket_number or "",
            printable_name(candidate.application.name),
            candidate.application.id_number_masked,
        ]
        if photos:
            row.append(_PhotoCell(candidate))
        rows.append(row + ["", ""])
    return rows


class _PhotoCell(pdf.Spacer):
    """A table cell drawing the candidate's photo (small, for the identity check)."""

    WIDTH, HEIGHT = 15 * pdf.mm, 20 * pdf.mm

    def __init__(self, candidate: Candidate):
        super().__init__(self.WIDTH, self.HEIGHT)
        self.candidate = candidate

    def draw(self):
        from assessments.services.documents.tickets import _photo_reader

        reader = _photo_reader(self.candidate)
        pdf.draw_photo(self.canv, reader, 0, 0, self.WIDTH, self.HEIGHT, label="")


def sign_in_pdf(out: IO[bytes], plan_room: PlanRoom) -> int:
    candidates = list(selectors.room_candidates(plan_room=plan_room))
    components = selectors.plan_components(plan_room.plan) or [None]
    widths = [14, 34, 26, 40, 19, 34, 15]
    flowables = []
    for index, component in enumerate(components):
        if index:
            flowables.append(pdf.PageBreak())
        heading = (
            _("签到表")
            if component is None
            else (_("%(kind)s 签到表") % {"kind": component.get_kind_display()})
        )
        flowables += [
            pdf.paragraph(school_name(), 11, align=1),
            pdf.paragraph(heading, 18, align=1),
            pdf.paragraph(room_title(plan_room), 12, align=1),
            pdf.paragraph(
                str(plan_room.plan)
                + ("" if component is None else "  " + _component_line(component)),
                10,
                align=1,
            ),
            pdf.Spacer(1, 3 * pdf.mm),
            pdf.table(
                _sign_in_rows(candidates, photos=True), [w * pdf.mm for w in widths], size=10
            ),
            pdf.Spacer(1, 4 * pdf.mm),
            pdf.paragraph(
                _("应到 %(count)d 人，实到 ____ 人，缺考 ____ 人。") % {"count": len(candidates)}
                + _("监考员签名：__________  __________"),
                11,
            ),
        ]
    return pdf.build_document(
        out, flowables, title=_("签到表"), on_page=pdf.page_footer(room_title(plan_room))
    )


def sign_in_xlsx(out: IO[bytes], plan_room: PlanRoom) -> int:
    candidates = list(selectors.room_candidates(plan_room=plan_room))
    components = selectors.plan_components(plan_room.plan) or [None]
    book = Workbook()
    book.remove(book.active)
    for component in components:
        label = _("签到表") if component is None else component.get_kind_display()
        sheet = book.create_sheet(label[:31])
        titles = [room_title(plan_room), str(plan_room.plan)]
        if component is not None:
            titles.append(_component_line(component))
        _title_rows(sheet, titles, 6)
        _write_table(
            sheet,
            [_("座位号"), _("准考证号"), _("姓名"), _("身份证号"), _("考生签名"), _("备注")],
            [
                [
                    c.seat,
                    c.ticket_number or "",
                    c.application.name,
                    c.application.id_number_masked,
                    "",
                    "",
                ]
                for c in candidates
            ],
            widths=[8, 22, 16, 22, 20, 16],
            row_height=28,
        )
    book.save(out)
    return len(candidates)


register_sheet("door", _("考场门贴"))((door_list_pdf, door_list_xlsx))
register_sheet("sign-in", _("签到表"))((sign_in_pdf, sign_in_xlsx))


# --- XLSX helpers --------------------------------------------------------------------------

_thin = Side(style="thin")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _cell(value):
    return neutralise(value) if isinstance(value, str) else value


def _title_rows(sheet, titles: list[str], columns: int) -> None:
    for index, title in enumerate(titles, start=1):
        sheet.append([_cell(title)])
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=columns)
        sheet.cell(index, 1).font = Font(size=14 if index == 1 else 11, bold=index == 1)
        sheet.cell(index, 1).alignment = Alignment(horizontal="center")


def _write_table(
    sheet,
    header: list[str],
    rows: list[list],
    *,
    widths: list[int],
    row_height: float | None = None,
) -> None:
    from openpyxl.utils import get_column_letter

    sheet.append([_cell(h) for h in header])
    header_row = sheet.max_row
    for row in rows:
        sheet.append([_cell(value) for value in row])
        if row_height:
            sheet.row_dimensions[sheet.max_row].height = row_height
    for row in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row, max_col=len(header)):
        for cell in row:
            cell.border = _border
            cell.alignment = Alignment(vertical="center")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"
