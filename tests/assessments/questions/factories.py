"""Test data for the question bank: staff in the bank's groups, knowledge points, questions,
blueprints, spreadsheets and Moodle XML files."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from assessments.choices import QuestionKind, QuestionStatus
from assessments.models import Blueprint, BlueprintItem, KnowledgePoint, Question, QuestionOption
from occupations.models import OccupationPage

LEVEL = 4


def occupation() -> OccupationPage:
    return OccupationPage.objects.order_by("pk").first()


def member(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pass-12345!")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def point(occ, path: str, level: int = LEVEL) -> KnowledgePoint:
    parent = None
    for name in path.split("/"):
        parent, _ = KnowledgePoint.objects.get_or_create(
            occupation=occ, level=level, parent=parent, name=name
        )
    return parent


def question(
    occ,
    *,
    kind: str = QuestionKind.SINGLE,
    level: int = LEVEL,
    knowledge_point=None,
    difficulty: int = 3,
    status: str = QuestionStatus.REVIEWED,
    stem: str = "题干",
    options: int = 4,
    answer: str = "A",
) -> Question:
    q = Question.objects.create(
        occupation=occ, level=level, kind=kind, knowledge_point=knowledge_point,
        difficulty=difficulty, status=status, stem=f"<p>{stem}</p>", answer=answer,
        score=Decimal(1),
    )  # fmt: skip
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        QuestionOption.objects.bulk_create(
            QuestionOption(
                question=q, text=f"<p>选项{i}</p>", is_correct=chr(65 + i) in answer, sort_order=i
            )  # fmt: skip
            for i in range(options)
        )
    return q


def bank(occ, *, per_kind: int = 10, knowledge_point=None, difficulty: int = 3) -> list[Question]:
    made = []
    for kind in QuestionKind.values:
        for n in range(per_kind):
            answer = {"true_false": "对", "multiple": "AB", "single": "A"}.get(kind, "参考答案")
            made.append(
                question(
                    occ,
                    kind=kind,
                    knowledge_point=knowledge_point,
                    difficulty=difficulty,
                    stem=f"{kind} {n}",
                    answer=answer,
                )  # fmt: skip
            )
    return made


def blueprint(occ, rows: list[tuple], *, level: int = LEVEL, avoid_recent: int = 0) -> Blueprint:
    """rows: (kind, count, score_each[, knowledge_point[, difficulty]])."""
    bp = Blueprint.objects.create(
        occupation=occ, level=level, name="理论知识试卷", total_score=Decimal(100),
        duration_minutes=90, avoid_recent=avoid_recent,
    )  # fmt: skip
    for index, row in enumerate(rows):
        kind, count, score, *rest = row
        BlueprintItem.objects.create(
            blueprint=bp, kind=kind, count=count, score_each=Decimal(str(score)),
            knowledge_point=rest[0] if rest else None,
            difficulty=rest[1] if len(rest) > 1 else None, sort_order=index,
        )  # fmt: skip
    return bp


def xlsx(rows: list[list], headers: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    from assessments.services.questions.exchange import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(headers or list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict], *, encoding: str = "utf-8-sig") -> bytes:
    import csv

    from assessments.services.questions.exchange import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def png_bytes(size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()
