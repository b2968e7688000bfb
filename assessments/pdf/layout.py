"""Pages, paragraphs and tables in the CJK font."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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
    """A table that splits across pages repeating its header rows. With ``wrap`` each text
    cell becomes a CJK paragraph (long names and places wrap in their column)."""
    cell_style = style(size)
    data = [
        [
            Paragraph(escape(str(cell)), cell_style) if wrap and isinstance(cell, str) else cell
            for cell in row
        ]
        for row in rows
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
