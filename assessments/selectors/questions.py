"""Reads of the question bank and papers: blueprint shortages, papers' questions and keys."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessments.choices import CHOICE_KINDS, QuestionKind, QuestionStatus, RoomRole
from assessments.models import (
    Blueprint,
    KnowledgePoint,
    Paper,
    PaperDistribution,
    PaperForm,
    Question,
    RoomAssignment,
)
from assessments.services.questions import assembly
from assessments.services.questions.kinds import option_letter, rule


@dataclass
class ShortageRow:
    label: str
    need: int
    available: int
    short: int  # missing for one form
    shared_ab: int  # questions A and B would have to share


@dataclass
class Shortage:
    rows: list[ShortageRow]
    total_score: Decimal
    declared_total: Decimal
    recent_avoided: int
    reuse_recent: int  # questions the draw would take from the last N papers

    @property
    def ok(self) -> bool:
        return not any(row.short for row in self.rows)

    @property
    def ab_ok(self) -> bool:
        return self.ok and not any(row.shared_ab for row in self.rows)

    @property
    def total_matches(self) -> bool:
        return self.total_score == self.declared_total


def row_label(row: assembly.Row, points: dict[int, str]) -> str:
    parts = [str(QuestionKind(row.kind).label)]
    parts.append(
        points.get(row.knowledge_point, _("不限鉴定点")) if row.knowledge_point else _("不限鉴定点")
    )
    parts.append(_("难度 %(d)s") % {"d": row.difficulty} if row.difficulty else _("难度不限"))
    return " · ".join(parts)


def blueprint_shortage(blueprint: Blueprint) -> Shortage:
    """Whether the bank's reviewed questions can fill the blueprint, for one form and for A/B,
    row by row (a trial draw, so rows competing for the same questions are counted once)."""
    rows = assembly.blueprint_rows(blueprint)
    avoided = assembly.recent_papers(blueprint=blueprint)
    families = assembly.families_of(avoided)
    result = assembly.draw_for(
        occupation_id=blueprint.occupation_id, level=blueprint.level, rows=rows, seed=0,
        forms=2, avoided=avoided,
    )  # fmt: skip
    points = dict(
        KnowledgePoint.objects.filter(
            occupation_id=blueprint.occupation_id, level=blueprint.level
        ).values_list("pk", "path")
    )
    picked = {pk for form in result.forms for picks in form.picks for pk in picks}
    reused = Question.objects.filter(pk__in=picked, family__in=families).count() if families else 0
    first, second = result.forms
    return Shortage(
        rows=[
            ShortageRow(
                label=row_label(row, points),
                need=row.count,
                available=result.available[i],
                short=first.short.get(i, 0),
                shared_ab=second.shared.get(i, 0) + second.short.get(i, 0),
            )
            for i, row in enumerate(rows)
        ],
        total_score=sum((Decimal(r.score_each) * r.count for r in rows), Decimal(0)),
        declared_total=blueprint.total_score,
        recent_avoided=len(avoided),
        reuse_recent=reused,
    )


def bank_summary(*, occupation_id: int, level: int) -> list[dict]:
    """Reviewed/draft counts per kind."""
    return list(
        Question.objects.filter(occupation_id=occupation_id, level=level)
        .values("kind")
        .annotate(
            reviewed=Count("pk", filter=Q(status=QuestionStatus.REVIEWED)),
            draft=Count("pk", filter=Q(status=QuestionStatus.DRAFT)),
        )
        .order_by("kind")
    )


@dataclass
class PrintedOption:
    letter: str
    text: str  # rich text


@dataclass
class PrintedQuestion:
    number: int
    kind: str
    score: Decimal
    stem: str
    options: list[PrintedOption]
    key: str  # the answer as this form prints it
    explanation: str
    answer_lines: int
    question_id: int


@dataclass
class Section:
    kind: str
    title: str
    questions: list[PrintedQuestion]

    @property
    def score(self) -> Decimal:
        return sum((q.score for q in self.questions), Decimal(0))


def printed_key(kind: str, answer: str, order: list[int]) -> str:
    """The answer in the printed option letters (the key follows the shuffle)."""
    if kind not in CHOICE_KINDS:
        return answer
    letters = [
        option_letter(order.index(ord(ch) - 65)) for ch in answer if 0 <= ord(ch) - 65 < len(order)
    ]
    return "".join(sorted(letters))


def form_sections(form: PaperForm) -> list[Section]:
    """The form's questions as printed, grouped into sections by type."""
    items = (
        form.items.select_related("question")
        .prefetch_related("question__options")
        .order_by("number")
    )
    sections: list[Section] = []
    for item in items:
        question = item.question
        options = list(question.options.all())
        order = item.option_order or list(range(len(options)))
        printed = PrintedQuestion(
            number=item.number,
            kind=item.kind,
            score=item.score,
            stem=question.stem,
            options=[
                PrintedOption(option_letter(i), options[original].text)
                for i, original in enumerate(order)
                if original < len(options)
            ],
            key=printed_key(item.kind, question.answer, order),
            explanation=question.explanation,
            answer_lines=rule(item.kind).answer_lines,
            question_id=question.pk,
        )
        if not sections or sections[-1].kind != item.kind:
            sections.append(Section(item.kind, str(QuestionKind(item.kind).label), []))
        sections[-1].questions.append(printed)
    return sections


def papers_for(user):
    """Papers a user may see: all of them with the paper permission, none otherwise."""
    if not user.has_perm("assessments.access_paper"):
        return Paper.objects.none()
    return Paper.objects.select_related("occupation", "blueprint").prefetch_related("forms")


@dataclass
class SignerRow:
    """One invigilator of a room and their 签字确认 of its paper record (None: not yet)."""

    invigilator: object
    out: object | None
    back: object | None


@dataclass
class SignedRecord:
    record: PaperDistribution
    signers: list[SignerRow]

    @property
    def out_complete(self) -> bool:
        return bool(self.signers) and all(row.out for row in self.signers)

    @property
    def back_complete(self) -> bool:
        return bool(self.signers) and all(row.back for row in self.signers)


def signed_records(records) -> list[SignedRecord]:
    """Each 发卷/回收 record with every invigilator assigned to its room, signed or not yet.
    A signature by someone no longer assigned stays listed (it was made)."""
    records = list(
        records.select_related("plan_room__room", "plan_room__plan", "form", "paper")
        .prefetch_related("signatures__invigilator")
    )  # fmt: skip
    assigned: dict[int, list] = {}
    for a in RoomAssignment.objects.filter(
        plan_room__in={r.plan_room_id for r in records}, role=RoomRole.INVIGILATOR
    ).select_related("user").order_by("pk"):  # fmt: skip
        assigned.setdefault(a.plan_room_id, []).append(a.user)
    result = []
    for record in records:
        by_user: dict[int, dict[str, object]] = {}
        for signature in record.signatures.all():
            by_user.setdefault(signature.invigilator_id, {})[signature.stage] = signature
        users = list(assigned.get(record.plan_room_id, []))
        known = {u.pk for u in users}
        users += [
            s.invigilator for s in record.signatures.all()
            if s.invigilator_id not in known and not known.add(s.invigilator_id)
        ]  # fmt: skip
        rows = [
            SignerRow(u, by_user.get(u.pk, {}).get("out"), by_user.get(u.pk, {}).get("back"))
            for u in users
        ]
        result.append(SignedRecord(record, rows))
    return result
