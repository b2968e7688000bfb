"""Pages, paragraphs and tables in the CJK font."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from assessments.pdf.fonts import register_fonts


def new_canvas(out: IO[bytes], *, title: str, pagesize=A4, author: str = "") -> Canvas:
    """A canvas whose initial font is the CJK font (otherwise reportlab leaves an unembedded
    Helvetica reference in the file), with the document's title set. Draw pages, call
    ``canvas.showPage()`` after each, then ``canvas.save()``."""
    font = register_fonts()
    canvas = Canvas(out, pagesize=pagesize, initialFontName=font, initialFontSize=10)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("skills-cert")
    return canvas


def style(size: float = 10, *, leading: float | None = None, align: int = 0, **kwargs):
    """A paragraph style in the CJK font that breaks lines between any two Chinese characters
    (``wordWrap="CJK"``). ``align``: 0 left, 1 centre, 2 right."""
    return ParagraphStyle(
        f"cjk-{size}-{align}",
        fontName=register_fonts(),
        fontSize=size,
        leading=leading or size * 1.4,
        alignment=align,
        wordWrap="CJK",
        **kwargs,
    )


def paragraph(text: str, size: float = 10, **style_kwargs) -> Paragraph:
    """A paragraph of plain ``text`` (escaped: names with ``<`` or ``&`` print as typed)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style(size, **style_kwargs))


def draw_paragraph(
    canvas, text: str, x: float, top: float, width: float, size: float = 10, **style_kwargs
) -> float:
    """Draw wrapped ``text`` with its top-left corner at (x, top); each line of ``text`` is a
    paragraph of its own. Returns the height used."""
    used = 0.0
    for line in text.split("\n"):
        para = paragraph(line, size, **style_kwargs)
        _, height = para.wrapOn(canvas, width, 10_000)
        para.drawOn(canvas, x, top - used - height)
        used += height
    return used


def table_style(*, header_rows: int = 1, size: float = 10, padding: float = 3) -> TableStyle:
    """Grid lines, the CJK font, a grey header row, vertically centred cells."""
    commands = [
        ("FONT", (0, 0), (-1, -1), register_fonts(), size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")))
    return TableStyle(commands)


def table(
    rows: Sequence[Sequence],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    size: float = 10,
    row_height: float | None = None,
    wrap: bool = True,
    padding: float = 3,
) -> LongTable:
    """A table that splits across pages repeating its header rows. With ``wrap`` a text cell
    too wide for its column (or with line breaks) becomes a CJK paragraph that wraps there."""
    cell_style = style(size)
    font = register_fonts()

    def cell(value, width: float):
        if not (wrap and isinstance(value, str)):
            return value
        if "\n" in value or stringWidth(value, font, size) > width - 12:  # 6 pt padding each side
            return Paragraph(escape(value).replace("\n", "<br/>"), cell_style)
        return value

    data = [
        [cell(value, width) for value, width in zip(row, col_widths, strict=False)] for row in rows
    ]
    result = LongTable(
        data, colWidths=list(col_widths), repeatRows=header_rows, rowHeights=row_height
    )
    result.setStyle(table_style(header_rows=header_rows, size=size, padding=padding))
    return result


def draw_table(canvas, rows, col_widths, x: float, top: float, **kwargs) -> float:
    """Draw a table on a canvas with its top-left corner at (x, top); returns its height.
    For tables longer than a page use ``build_document``."""
    flowable = table(rows, col_widths, **kwargs)
    _, height = flowable.wrapOn(canvas, sum(col_widths), 10_000)
    flowable.drawOn(canvas, x, top - height)
    return height


#: Characters a line must not start with (closing punctuation hangs at the end of the line
#: before, as Chinese typesetting does).
NO_LINE_START = frozenset("。，、；：？！）》」』】〕”’…%,.;:!?)]}")


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` in the CJK font: between
    any two characters (Chinese needs no spaces), never inside a run of Latin letters or digits
    when it fits on a line of its own, never before closing punctuation; ``\n`` starts a new
    line."""
    font = register_fonts()
    lines: list[str] = []
    for paragraph_text in text.split("\n"):
        line = ""
        for token in _tokens(paragraph_text):
            if not line or token in NO_LINE_START or stringWidth(line + token, font, size) <= width:
                line += token
                continue
            lines.append(line.rstrip())
            line = token.lstrip()
            while stringWidth(line, font, size) > width and len(line) > 1:  # too long alone
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _tokens(text: str) -> list[str]:
    """Runs of ASCII letters/digits (kept together) and single other characters."""
    tokens: list[str] = []
    for char in text:
        if (
            tokens
            and char.isascii()
            and char.isalnum()
            and tokens[-1][-1:].isascii()
            and tokens[-1][-1:].isalnum()
        ):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def draw_grid(
    canvas,
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    x: float,
    top: float,
    *,
    size: float = 10,
    header_rows: int = 1,
    padding: float = 3,
    min_row_height: float = 0,
) -> float:
    """A ruled table of plain text drawn straight on the canvas (text wraps in its column);
    about ten times faster than ``draw_table``, for documents printed by the thousand. Returns
    its height."""
    font = register_fonts()
    leading = size * 1.3
    wrapped = [
        [
            wrap_text(str(cell), width - 2 * padding - 2, size)
            for cell, width in zip(row, col_widths, strict=False)
        ]
        for row in rows
    ]
    heights = [
        max(min_row_height, max(len(lines) for lines in row) * leading + 2 * padding)
        for row in wrapped
    ]
    total_width, total_height = sum(col_widths), sum(heights)
    canvas.saveState()
    if header_rows:
        canvas.setFillColor(colors.HexColor("#e8e8e8"))
        canvas.rect(
            x,
            top - sum(heights[:header_rows]),
            total_width,
            sum(heights[:header_rows]),
            stroke=0,
            fill=1,
        )
    canvas.setFillColor(colors.black)
    canvas.setLineWidth(0.5)
    canvas.setFont(font, size)
    y = top
    lines_path = canvas.beginPath()
    for row, height in zip(wrapped, heights, strict=True):
        lines_path.moveTo(x, y)
        lines_path.lineTo(x + total_width, y)
        cell_x = x
        for lines, width in zip(row, col_widths, strict=False):
            text_top = y - (height - len(lines) * leading) / 2  # vertically centred
            for n, line in enumerate(lines):
                canvas.drawString(
                    cell_x + padding + 1, text_top - (n + 1) * leading + size * 0.3, line
                )
            cell_x += width
        y -= height
    lines_path.moveTo(x, y)
    lines_path.lineTo(x + total_width, y)
    column_x = x
    for width in [0, *col_widths]:
        column_x += width
        lines_path.moveTo(column_x, top)
        lines_path.lineTo(column_x, top - total_height)
    canvas.drawPath(lines_path, stroke=1, fill=0)
    canvas.restoreState()
    return total_height


PageDecorator = Callable[[Canvas, object], None]


def build_document(
    out: IO[bytes],
    flowables: list,
    *,
    title: str,
    pagesize=A4,
    margins: float = 15 * mm,
    on_page: PageDecorator | None = None,
    top_margin: float | None = None,
) -> int:
    """Lay ``flowables`` (paragraphs, tables, ``PageBreak()``) out on as many pages as they
    need, ``on_page(canvas, doc)`` drawing headers/footers on each; returns the page count."""
    font = register_fonts()

    def decorate(canvas, doc):
        canvas.setFont(font, 10)
        if on_page is not None:
            on_page(canvas, doc)

    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        title=title,
        creator="skills-cert",
        leftMargin=margins,
        rightMargin=margins,
        topMargin=margins if top_margin is None else top_margin,
        bottomMargin=margins,
        initialFontName=font,
    )
    doc.build(flowables, onFirstPage=decorate, onLaterPages=decorate)
    return doc.page


def page_footer(text: str, *, size: float = 8) -> PageDecorator:
    """A decorator for ``build_document`` printing ``text`` and "第 N 页" at the foot."""

    def draw(canvas, doc):
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setFont(register_fonts(), size)
        canvas.drawString(doc.leftMargin, 8 * mm, text)
        canvas.drawRightString(width - doc.rightMargin, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    return draw
