"""A paper form printed: the paper PDF (sections by type, numbering, score per section, space
for answers), the answer key PDF, and the computer-based-exam JSON. PDFs are drawn with the
exam office's CJK toolkit (assessments.pdf: the font is embedded)."""

from __future__ import annotations

import io
import logging
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from assessments import pdf
from assessments.choices import QuestionKind
from assessments.models import PaperForm
from assessments.selectors.questions import Section, form_sections
from assessments.services.questions.richtext import richtext_blocks, richtext_plain

logger = logging.getLogger(__name__)

NUMERALS = "一二三四五六七八九十"
BRACKET_KINDS = (QuestionKind.TRUE_FALSE, QuestionKind.SINGLE, QuestionKind.MULTIPLE)
IMAGE_MAX = (120 * mm, 60 * mm)


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _heading(section: Section, index: int) -> str:
    scores = {q.score for q in section.questions}
    each = _("每题 %(s)s 分，") % {"s": _points(scores.pop())} if len(scores) == 1 else ""
    return _("%(n)s、%(title)s（共 %(count)s 题，%(each)s共 %(total)s 分）") % {
        "n": NUMERALS[index] if index < len(NUMERALS) else index + 1,
        "title": section.title,
        "count": len(section.questions),
        "each": each,
        "total": _points(section.score),
    }


def _image(image_id: int):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    try:
        with image.open_file() as handle:
            data = io.BytesIO(handle.read())
    except (OSError, ValueError):
        logger.warning("Question image %s cannot be read", image_id)
        return None
    scale = min(IMAGE_MAX[0] / image.width, IMAGE_MAX[1] / image.height, 0.75)
    width, height = image.width * scale, image.height * scale
    flowable = Image(data, width=width, height=height)
    flowable.hAlign = "LEFT"
    return flowable


#: An empty pair of brackets in a stem: where the candidate writes the answer ("…是（　）。").
OWN_BRACKETS = re.compile(r"[（(][\s\u3000]*[）)]")


def _needs_brackets(question) -> bool:
    """True/false and choice questions end with "（　　）" for the answer, unless the stem
    already has its own empty pair (as the import template's examples write them)."""
    if question.kind not in BRACKET_KINDS:
        return False
    return not OWN_BRACKETS.search(richtext_plain(question.stem))


def _rich(
    richtext: str, *, prefix: str = "", suffix: str = "", size: float = 10.5, indent: float = 0
) -> list:
    """Rich text → paragraphs and images; ``prefix`` ("3." or "A.") opens the first paragraph,
    ``suffix`` ("（　　）") closes the last one."""
    blocks = richtext_blocks(richtext)
    texts = [i for i, block in enumerate(blocks) if block.image_id is None]
    flowables = []
    if not texts:
        flowables.append(_markup(f"{prefix} {suffix}".strip(), size=size, indent=indent))
    for index, block in enumerate(blocks):
        if block.image_id is not None:
            image = _image(block.image_id)
            if image is not None:
                flowables.append(image)
            continue
        markup = block.markup
        if index == texts[0] and prefix:
            markup = f"{prefix} {markup}"
        if index == texts[-1] and suffix:
            markup = f"{markup}{suffix}"
        flowables.append(_markup(markup, size=size, indent=indent))
    return flowables


def _markup(markup: str, *, size: float, indent: float = 0):
    from reportlab.platypus import Paragraph

    return Paragraph(markup, pdf.style(size, leftIndent=indent, spaceAfter=2))


class AnswerLines(Flowable):
    """Ruled lines to write an answer on."""

    def __init__(self, lines: int, width: float = 170 * mm, gap: float = 8 * mm):
        super().__init__()
        self.lines, self.line_width, self.gap = lines, width, gap

    def wrap(self, available_width, available_height):
        self.line_width = min(self.line_width, available_width)
        return self.line_width, self.lines * self.gap

    def draw(self):
        self.canv.setStrokeColor(colors.HexColor("#999999"))
        self.canv.setLineWidth(0.4)
        for n in range(self.lines):
            y = n * self.gap
            self.canv.line(0, y, self.line_width, y)


def _title_block(form: PaperForm, subtitle: str) -> list:
    paper = form.paper
    occupation = paper.occupation.title
    level = paper.get_level_display()
    return [
        pdf.paragraph(_("职业技能等级认定"), 12, align=1),
        pdf.paragraph(f"{occupation}（{level}）", 16, align=1),
        pdf.paragraph(f"{paper.title}　{subtitle}", 14, align=1, spaceAfter=6),
    ]


def paper_pdf(form: PaperForm) -> bytes:
    """The paper as candidates get it."""
    paper = form.paper
    sections = form_sections(form)
    story = _title_block(form, _("%(label)s卷") % {"label": form.label})
    story.append(
        pdf.paragraph(
            _("考试时间 %(m)s 分钟　满分 %(t)s 分")
            % {"m": paper.duration_minutes, "t": _points(paper.total_score)},
            10,
            align=1,
            spaceAfter=6,
        )  # fmt: skip
    )
    story.append(
        pdf.paragraph(
            _(
                "注意事项：1. 请在试卷标封处填写姓名、准考证号和所在单位。2. 请仔细阅读各题的答题"
                "要求，在规定位置作答。3. 不要在试卷上乱写乱画，不要在标封区填写无关内容。"
            ),
            9,
            spaceAfter=6,
        )  # fmt: skip
    )
    story.append(
        pdf.table(
            [[_("姓名"), "", _("准考证号"), "", _("单位"), ""]],
            [16 * mm, 30 * mm, 20 * mm, 45 * mm, 16 * mm, 53 * mm],
            header_rows=0,
            row_height=9 * mm,
        )  # fmt: skip
    )
    story.append(Spacer(1, 4 * mm))
    header = [""] + [NUMERALS[i] for i in range(len(sections))] + [_("总分")]
    story.append(
        pdf.table(
            [header, [_("得分")] + [""] * (len(sections) + 1)],
            [18 * mm] + [int(162 / (len(sections) + 1)) * mm] * (len(sections) + 1),
            row_height=8 * mm,
        )
    )
    for index, section in enumerate(sections):
        heading = [Spacer(1, 4 * mm), pdf.paragraph(_heading(section, index), 12, spaceAfter=4)]
        for position, question in enumerate(section.questions):
            suffix = "（　　）" if _needs_brackets(question) else ""
            parts = _rich(question.stem, prefix=f"{question.number}.", suffix=suffix)
            for option in question.options:
                parts.extend(_rich(option.text, prefix=f"{option.letter}.", indent=6 * mm))
            if question.answer_lines:
                parts.append(Spacer(1, 3 * mm))
                parts.append(AnswerLines(question.answer_lines))
            parts.append(Spacer(1, 3 * mm))
            if position == 0:
                parts = heading + parts  # a section's heading never ends a page alone
            story.append(KeepTogether(parts))
    out = io.BytesIO()
    footer = _("%(title)s %(label)s卷　保密　") % {"title": paper.title, "label": form.label}
    pdf.build_document(out, story, title=f"{paper.title} {form.label}",
                       on_page=pdf.page_footer(footer))  # fmt: skip
    return out.getvalue()


def key_pdf(form: PaperForm) -> bytes:
    """The answer key and marking notes of a form (in the form's option letters)."""
    paper = form.paper
    sections = form_sections(form)
    story = _title_block(form, _("%(label)s卷 参考答案及评分标准") % {"label": form.label})
    for index, section in enumerate(sections):
        story.append(Spacer(1, 4 * mm))
        story.append(pdf.paragraph(_heading(section, index), 12, spaceAfter=4))
        if section.kind in (QuestionKind.TRUE_FALSE, QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            cells = [f"{q.number}. {q.key}" for q in section.questions]
            rows = [cells[i : i + 5] for i in range(0, len(cells), 5)]
            rows[-1] += [""] * (5 - len(rows[-1]))
            story.append(pdf.table(rows, [34 * mm] * 5, header_rows=0))
            continue
        for question in section.questions:
            text = _("%(n)s.（%(s)s 分）%(a)s") % {
                "n": question.number,
                "s": _points(question.score),
                "a": question.key,
            }
            story.append(pdf.paragraph(text, 10.5, spaceAfter=2))
            if question.explanation:
                story.extend(_rich(question.explanation, prefix=_("解析："), size=9, indent=6 * mm))
    out = io.BytesIO()
    footer = _("%(title)s %(label)s卷 答案　保密") % {"title": paper.title, "label": form.label}
    pdf.build_document(out, story, title=f"{paper.title} {form.label} key",
                       on_page=pdf.page_footer(footer))  # fmt: skip
    return out.getvalue()


def paper_json(form: PaperForm) -> dict:
    """The form for a computer-based exam: sections, questions in printed order with their
    options (HTML with image URLs, and plain text), score and key."""
    paper = form.paper
    return {
        "format": "skills-cert.paper/1",
        "exported_at": timezone.now().isoformat(),
        "paper": {
            "id": paper.pk,
            "title": paper.title,
            "form": form.label,
            "occupation": paper.occupation.title,
            "occupation_code": paper.occupation.code,
            "level": paper.level,
            "level_label": paper.get_level_display(),
            "duration_minutes": paper.duration_minutes,
            "total_score": str(paper.total_score),
            "seed": str(paper.seed),
        },  # fmt: skip
        "sections": [
            {
                "kind": section.kind,
                "title": section.title,
                "score": str(section.score),
                "questions": [
                    {
                        "number": q.number,
                        "question_id": q.question_id,
                        "kind": q.kind,
                        "score": str(q.score),
                        "stem_html": expand_db_html(q.stem),
                        "stem_text": richtext_plain(q.stem),
                        "options": [
                            {
                                "key": o.letter,
                                "html": expand_db_html(o.text),
                                "text": richtext_plain(o.text),
                            }  # fmt: skip
                            for o in q.options
                        ],
                        "answer": q.key,
                    }
                    for q in section.questions
                ],
            }
            for section in form_sections(form)
        ],
    }
