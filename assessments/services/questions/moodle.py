"""Import of Moodle XML (the format Moodle and many exam tools export).

Types both know: truefalse → 判断题, multichoice (single) → 单选题, multichoice (multiple) →
多选题, shortanswer → 填空题, essay → 简答题. Any other type (matching, numerical, cloze,
calculated, description, …) is skipped and named in the report. ``<question type="category">``
entries set the knowledge point of the questions after them ("$course$/top/基础知识/职业道德"
→ "基础知识/职业道德"). Images embedded in the file (``<file encoding="base64">`` referenced as
``@@PLUGINFILE@@/name``) are checked by their content (JPEG/PNG only, size and pixels, via
forms_app's upload checks), re-encoded without metadata and stored as Wagtail images.

Like the spreadsheet import: a dry run first; a question of a known type that is wrong (no
correct answer, …) stops the whole import, nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from hostsite import audit
from wagtail.images import get_image_model

from assessments.choices import QuestionKind
from assessments.models import Question
from assessments.services.questions import bank
from assessments.services.questions.audit import QUESTIONS_IMPORT
from assessments.services.questions.exchange import ImportReport, ImportRow
from assessments.services.questions.richtext import html_to_richtext
from forms_app.uploads import clean_document

MAX_BYTES = 30 * 1024 * 1024
IMAGE_MAX_BYTES = 3 * 1024 * 1024
PLUGINFILE = "@@PLUGINFILE@@/"
CATEGORY_PREFIX = re.compile(r"^\$(course|system|module|cat\d*)\$/(top/?)?")


@dataclass
class Parsed:
    """One Moodle question read into our terms (not saved)."""

    name: str
    kind: str
    stem: str
    options: list[bank.OptionData] = field(default_factory=list)
    answer: str = ""
    explanation: str = ""
    score: Decimal = Decimal(1)
    point: str = ""


class _Images:
    """Finds the images a text refers to; stores them only when ``store``."""

    def __init__(self, *, store: bool, title: str):
        self.store, self.title = store, title
        self.files: dict[str, bytes] = {}
        self.count = 0
        self.problems: list[str] = []

    def collect(self, element) -> None:
        for node in element.findall("file"):
            name = node.get("name", "")
            try:
                self.files[name] = base64.b64decode((node.text or "").strip(), validate=False)
            except (binascii.Error, ValueError):
                self.problems.append(_("图片 %(name)s 的数据已损坏。") % {"name": name})

    def resolve(self, src: str, alt: str) -> int | None:
        if not src.startswith(PLUGINFILE):
            self.problems.append(_("外部图片 %(src)s 不会导入。") % {"src": src[:80]})
            return None
        name = unquote(src[len(PLUGINFILE) :]).split("?")[0].lstrip("/")
        data = self.files.get(name)
        if data is None:
            self.problems.append(_("文件中没有图片 %(name)s。") % {"name": name})
            return None
        if len(data) > IMAGE_MAX_BYTES:
            self.problems.append(_("图片 %(name)s 超过 3 MB。") % {"name": name})
            return None
        try:
            clean = clean_document(SimpleUploadedFile(name, data), max_size=IMAGE_MAX_BYTES)
        except ValidationError:
            clean = None
        if clean is None or not clean.content_type.startswith("image/"):
            self.problems.append(_("%(name)s 不是 JPG 或 PNG 图片。") % {"name": name})
            return None
        self.count += 1
        if not self.store:
            return -1  # a placeholder id: the dry run stores nothing
        image = get_image_model()(title=(alt or name or self.title)[:255])
        image.file.save(clean.name, clean, save=False)
        image.save()
        return image.pk


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _html(element, path: str, images: _Images) -> str:
    node = element.find(path)
    if node is None:
        return ""
    images.collect(node)
    return html_to_richtext(_text(node, "text"), image=images.resolve)


def _plain(html: str) -> str:
    from lxml import html as lxml_html

    if not html.strip():
        return ""
    return lxml_html.fragment_fromstring(html, create_parent="div").text_content().strip()


def _fraction(node) -> float:
    try:
        return float(node.get("fraction", "0"))
    except ValueError:
        return 0.0


READERS: dict[str, Callable] = {}


def reader(moodle_type: str):
    def decorator(function):
        READERS[moodle_type] = function
        return function

    return decorator


@reader("truefalse")
def _truefalse(question, images: _Images) -> tuple[str, dict]:
    answer = ""
    for node in question.findall("answer"):
        if _fraction(node) >= 100:
            answer = "对" if _text(node, "text").strip().lower() == "true" else "错"
    return QuestionKind.TRUE_FALSE, {"answer": answer}


@reader("multichoice")
def _multichoice(question, images: _Images) -> tuple[str, dict]:
    single = _text(question, "single").strip().lower() in ("true", "1")
    options = []
    for node in question.findall("answer"):
        images.collect(node)
        text = html_to_richtext(_text(node, "text"), image=images.resolve)
        options.append(bank.OptionData(text=text, is_correct=_fraction(node) > 0))
    kind = QuestionKind.SINGLE if single else QuestionKind.MULTIPLE
    return kind, {"options": options}


@reader("shortanswer")
def _shortanswer(question, images: _Images) -> tuple[str, dict]:
    accepted = [
        _text(node, "text").strip()
        for node in question.findall("answer")
        if _fraction(node) >= 100 and _text(node, "text").strip()
    ]
    return QuestionKind.BLANK, {"answer": " / ".join(accepted)}


@reader("essay")
def _essay(question, images: _Images) -> tuple[str, dict]:
    return QuestionKind.SHORT, {"answer": _plain(_text(question, "graderinfo/text"))}


SKIPPED_TYPES = {
    "matching": _("匹配题"), "numerical": _("数值题"), "cloze": _("完形填空（Cloze）"),
    "calculated": _("计算题"), "calculatedsimple": _("简单计算题"),
    "calculatedmulti": _("计算选择题"), "description": _("说明文字（不是试题）"),
    "ddwtos": _("拖放填词题"), "gapselect": _("选择填空题"), "ordering": _("排序题"),
    "randomsamatch": _("随机简答匹配题"),
}  # fmt: skip


def parse(content: bytes, *, images: _Images) -> tuple[list[Parsed], list[str]]:
    """The file's questions of known types, and what was skipped (Chinese lines)."""
    root = ElementTree.fromstring(content, forbid_dtd=True)
    if root.tag != "quiz":
        raise ValueError("not a quiz")
    found, skipped = [], []
    point = ""
    for number, question in enumerate(root.findall("question"), start=1):
        moodle_type = question.get("type", "")
        if moodle_type == "category":
            path = _text(question, "category/text").strip()
            point = CATEGORY_PREFIX.sub("", path).strip("/")
            continue
        name = _text(question, "name/text").strip() or _("第 %(n)s 题") % {"n": number}
        read = READERS.get(moodle_type)
        if read is None:
            label = SKIPPED_TYPES.get(moodle_type, moodle_type or _("未注明题型"))
            skipped.append(
                _("“%(name)s”：%(type)s，本系统没有对应题型，已跳过。")
                % {"name": name, "type": label}
            )
            continue
        kind, values = read(question, images)
        try:
            score = Decimal(_text(question, "defaultgrade").strip() or "1").quantize(Decimal("0.1"))
        except InvalidOperation:
            score = Decimal(1)
        found.append(
            Parsed(
                name=name,
                kind=kind,
                stem=_html(question, "questiontext", images),
                explanation=_html(question, "generalfeedback", images),
                score=score if score > 0 else Decimal(1),
                point=point,
                options=values.get("options", []),
                answer=values.get("answer", ""),
            )
        )
    return found, skipped


def import_moodle(
    *, occupation, level: int, content: bytes, file_name: str, actor, dry_run: bool, progress=None
) -> ImportReport:
    """Check (``dry_run``) or import a Moodle XML file: all or nothing."""
    if not actor.has_perm("assessments.add_question"):
        raise bank.QuestionRefused(_("您没有导入试题的权限。"))
    report = ImportReport(dry_run=dry_run)
    if len(content) > MAX_BYTES:
        report.file_errors.append(_("文件太大（最大 30 MB），请拆分后分批导入。"))
        return report
    with transaction.atomic():
        images = _Images(store=not dry_run, title=file_name)
        try:
            parsed, report.skipped = parse(content, images=images)
        except Exception:  # defusedxml and expat raise several kinds
            report.file_errors.append(
                _("无法读取此文件：它不是 Moodle XML 格式（<quiz> … </quiz>）或已损坏。")
            )
            return report
        report.skipped.extend(images.problems)
        if not parsed:
            report.file_errors.append(_("文件中没有可导入的试题。"))
        points: dict = {}
        for number, item in enumerate(parsed, start=1):
            if progress is not None and number % 50 == 0:
                progress(number, len(parsed))
            row = ImportRow(number=number, kind=str(QuestionKind(item.kind).label),
                            stem=item.name, point=item.point)  # fmt: skip
            report.rows.append(row)
            point = None
            if item.point:
                point = bank.knowledge_point_for_path(
                    occupation=occupation, level=level, path=item.point, create=not dry_run,
                    cache=points,
                )  # fmt: skip
                if point is None and item.point not in report.new_points:
                    report.new_points.append(item.point)
            question = Question(
                occupation=occupation, level=level, kind=item.kind, stem=item.stem,
                answer=item.answer, explanation=item.explanation, score=item.score,
                difficulty=3, source=file_name[:200], knowledge_point=point,
            )  # fmt: skip
            if dry_run:
                row.errors = bank.question_check(question=question, options=item.options)
                continue
            try:
                bank.question_save(
                    question=question,
                    options=item.options,
                    actor=actor,
                    note=_("从 Moodle XML 导入：%(file)s") % {"file": file_name},
                )
            except bank.QuestionRefused as error:
                row.errors.append(error.message)
        if not report.ok:
            transaction.set_rollback(True)
            return report
        if not dry_run:
            audit.record(
                QUESTIONS_IMPORT,
                actor=actor,
                row_count=len(report.rows),
                object_label=f"{occupation} {level}",
                detail=f"moodle {file_name}",
            )
    return report
