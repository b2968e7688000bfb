"""The exam office's PDF toolkit: Chinese text in an embedded font, QR codes, photos, tables.

Every area that prints (admission tickets, sign-in sheets, the results notice, certificates,
papers) draws with it, so every PDF embeds the same font and nothing depends on the fonts of
the machine::

    import io
    from assessments import pdf

    # before printing a person's name: characters the font has no glyph for (CJK Ext. B …)
    if missing := pdf.undrawable_chars(name):
        raise ValidationError(f"姓名中的 {pdf.describe_chars(missing)} 无法打印")

    out = io.BytesIO()
    canvas = pdf.new_canvas(out, title="准考证")            # CJK font set as initial font
    canvas.setFont(pdf.FONT, 16)
    canvas.drawCentredString(pdf.A4[0] / 2, 800, "职业技能等级认定 准考证")
    pdf.draw_paragraph(canvas, long_text, x=40, top=700, width=500, size=10)  # wraps Chinese
    pdf.draw_table(canvas, [["科目", "时间"], ["理论知识考试", "9:00–10:30"]],
                   [60 * pdf.mm, 80 * pdf.mm], x=40, top=600)
    pdf.draw_photo(canvas, application_photo_file, x=450, y=640, width=25 * pdf.mm,
                   height=35 * pdf.mm)                      # placeholder box when None
    pdf.draw_qr(canvas, "https://…/check-in/<token>", x=450, y=60, size=30 * pdf.mm)
    canvas.showPage()
    canvas.save()

    # printed by the thousand (tickets): plain-text grid drawn directly, ~10× faster
    pdf.draw_grid(canvas, rows, widths, x=40, top=600, size=10)

    # or let reportlab paginate (long lists: repeating header row, page numbers)
    pdf.build_document(out, [pdf.paragraph("签到表", 16), pdf.table(rows, widths)],
                       title="签到表", on_page=pdf.page_footer("第一考场"))

Tests check a PDF the way a person would (tests/assessments/pdfcheck.py): the font is embedded
(pdffonts), the text comes back (pdftotext), the page count (pdfinfo), and the pages render
(pdftoppm; zbarimg reads a QR code back).
"""

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from assessments.pdf.fonts import (
    FONT,
    FONT_BOLD,
    can_draw,
    describe_chars,
    register_fonts,
    text_width,
    undrawable_chars,
)
from assessments.pdf.images import draw_photo, draw_qr, photo_reader
from assessments.pdf.layout import (
    NO_LINE_START,
    build_document,
    draw_grid,
    draw_paragraph,
    draw_table,
    new_canvas,
    page_footer,
    paragraph,
    style,
    table,
    table_style,
    wrap_text,
)

__all__ = [
    "A4",
    "NO_LINE_START",
    "FONT",
    "FONT_BOLD",
    "PageBreak",
    "Spacer",
    "build_document",
    "can_draw",
    "describe_chars",
    "draw_grid",
    "draw_paragraph",
    "draw_photo",
    "draw_qr",
    "draw_table",
    "landscape",
    "mm",
    "new_canvas",
    "page_footer",
    "paragraph",
    "photo_reader",
    "register_fonts",
    "style",
    "table",
    "table_style",
    "text_width",
    "undrawable_chars",
    "wrap_text",
]
