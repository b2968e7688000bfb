"""Paper assembly (组卷): drawing questions by a blueprint with a stored seed.

The draw is a pure function of (the bank's reviewed questions, the blueprint's rows, the seed,
the question families to avoid): the same inputs give the same paper, which is why a paper
stores its seed, its rows and the papers whose questions it avoided.

For each form (A, B, …) the rows are filled most-constrained first. A row takes its questions
in tiers: not on another form and not in the last N papers; then not on another form; then
(the bank is too small) shared with another form, fresh ones first. So A and B share no
question unless the bank cannot give them separate ones, and the paper says how many they share
and for which rows. Choice options are shuffled per form (a generator seeded by seed and form),
and the answer key follows the printed order.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import CHOICE_KINDS, QuestionKind, QuestionStatus
from assessments.models import (
    Blueprint,
    KnowledgePoint,
    Paper,
    PaperForm,
    PaperItem,
    Question,
    QuestionOption,
)
from assessments.services.questions.audit import PAPER_DRAW

KIND_ORDER = {kind: index for index, kind in enumerate(QuestionKind.values)}
FORM_LABELS = "ABCD"
DRAW = "assessments.add_paper"


class AssemblyRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    """One blueprint row as drawn (plain values, stored on the paper)."""

    kind: str
    knowledge_point: int | None
    difficulty: int | None
    count: int
    score_each: str

    @classmethod
    def from_item(cls, item) -> Row:
        return cls(item.kind, item.knowledge_point_id, item.difficulty, item.count,
                   format(item.score_each, "f"))  # fmt: skip


@dataclass
class Candidate:
    id: int
    family: str


@dataclass
class FormDraw:
    label: str
    picks: list[list[int]]  # per row, the question ids in draw order
    overlap: int = 0
    short: dict[int, int] = field(default_factory=dict)  # row index → questions missing
    shared: dict[int, int] = field(default_factory=dict)  # row index → shared with other forms


@dataclass
class Draw:
    forms: list[FormDraw]
    available: list[int]  # per row, how many reviewed questions match it
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not any(form.short for form in self.forms)


def bank_pool(*, occupation_id: int, level: int) -> list[tuple[int, str, int | None, int, str]]:
    """(id, kind, knowledge point, difficulty, family) of every reviewed question, by id."""
    return list(
        Question.objects.filter(
            occupation_id=occupation_id, level=level, status=QuestionStatus.REVIEWED
        )
        .order_by("pk")
        .values_list("pk", "kind", "knowledge_point_id", "difficulty", "family")
    )


def subtree(*, occupation_id: int, level: int) -> dict[int, set[int]]:
    """Knowledge point → itself and every point below it."""
    parents = dict(
        KnowledgePoint.objects.filter(occupation_id=occupation_id, level=level).values_list(
            "pk", "parent_id"
        )
    )
    below: dict[int, set[int]] = {pk: {pk} for pk in parents}
    for pk in parents:
        parent = parents[pk]
        seen = set()
        while parent is not None and parent not in seen:
            seen.add(parent)
            below.setdefault(parent, {parent}).add(pk)
            parent = parents.get(parent)
    return below


def row_candidates(rows: list[Row], pool, below) -> list[list[Candidate]]:
    by_kind: dict[str, list] = defaultdict(list)
    for entry in pool:
        by_kind[entry[1]].append(entry)
    result = []
    for row in rows:
        points = (
            below.get(row.knowledge_point, {row.knowledge_point}) if row.knowledge_point else None
        )
        result.append(
            [
                Candidate(pk, str(family))
                for pk, _kind, point, difficulty, family in by_kind[row.kind]
                if (points is None or point in points)
                and (row.difficulty is None or difficulty == row.difficulty)
            ]
        )
    return result


def draw(
    *,
    rows: list[Row],
    candidates: list[list[Candidate]],
    seed: int,
    forms: int,
    avoid_families: set[str],
) -> Draw:
    """The pure draw: see the module's description."""
    rng = random.Random(seed)
    order = sorted(range(len(rows)), key=lambda i: (len(candidates[i]) - rows[i].count, i))
    result = Draw(forms=[], available=[len(c) for c in candidates])
    other_forms: set[int] = set()
    for index in range(forms):
        label = FORM_LABELS[index]
        form = FormDraw(label=label, picks=[[] for _ in rows])
        taken: set[int] = set()
        for row_index in order:
            need = rows[row_index].count
            tiers: list[list[int]] = [[], [], [], []]
            for candidate in candidates[row_index]:
                if candidate.id in taken:
                    continue
                tier = (2 if candidate.id in other_forms else 0) + (
                    1 if candidate.family in avoid_families else 0
                )
                tiers[tier].append(candidate.id)
            picks: list[int] = []
            for tier_number, tier in enumerate(tiers):
                if len(picks) >= need:
                    break
                chosen = rng.sample(tier, min(need - len(picks), len(tier)))
                picks.extend(chosen)
                if tier_number >= 2 and chosen:
                    form.overlap += len(chosen)
                    form.shared[row_index] = form.shared.get(row_index, 0) + len(chosen)
            taken.update(picks)
            form.picks[row_index] = picks
            if len(picks) < need:
                form.short[row_index] = need - len(picks)
        other_forms |= taken
        result.forms.append(form)
    return result


def recent_papers(*, blueprint: Blueprint, exclude: int | None = None) -> list[int]:
    """The last N papers of the blueprint's occupation and level (N = blueprint.avoid_recent)."""
    if not blueprint.avoid_recent:
        return []
    papers = Paper.objects.filter(occupation_id=blueprint.occupation_id, level=blueprint.level)
    if exclude:
        papers = papers.exclude(pk=exclude)
    return list(
        papers.order_by("-created_at", "-pk").values_list("pk", flat=True)[: blueprint.avoid_recent]
    )


def families_of(paper_ids: list[int]) -> set[str]:
    if not paper_ids:
        return set()
    return {
        str(family)
        for family in PaperItem.objects.filter(form__paper_id__in=paper_ids)
        .values_list("question__family", flat=True)
        .distinct()
    }


def blueprint_rows(blueprint: Blueprint) -> list[Row]:
    return [Row.from_item(item) for item in blueprint.items.all()]


def draw_for(
    *, occupation_id: int, level: int, rows: list[Row], seed: int, forms: int, avoided: list[int]
) -> Draw:
    pool = bank_pool(occupation_id=occupation_id, level=level)
    below = subtree(occupation_id=occupation_id, level=level)
    candidates = row_candidates(rows, pool, below)
    return draw(
        rows=rows,
        candidates=candidates,
        seed=seed,
        forms=forms,
        avoid_families=families_of(avoided),
    )


def overlap_notes(rows: list[Row], result: Draw, kinds: dict) -> list[str]:
    notes = []
    for form in result.forms:
        if form.overlap:
            notes.append(
                _(
                    "%(label)s卷与前面的卷有 %(n)s 道题相同：题库中符合细目表的已审核试题不够"
                    "每套各用不同的题。"
                )
                % {"label": form.label, "n": form.overlap}
            )
    return notes


def option_orders(*, seed: int, label: str, questions: list[int], counts: dict[int, int],
                  shuffle: bool) -> dict[int, list[int]]:  # fmt: skip
    """question → the order its options are printed in on this form."""
    rng = random.Random(f"{seed}:{label}")
    orders = {}
    for pk in questions:
        order = list(range(counts.get(pk, 0)))
        if shuffle:
            rng.shuffle(order)
        orders[pk] = order
    return orders


@transaction.atomic
def paper_draw(
    *, blueprint: Blueprint, actor, forms: int = 2, seed: int | None = None, title: str = ""
) -> Paper:
    """Draw a paper of ``forms`` forms (1–4). Refused while the bank cannot fill the blueprint."""
    if not actor.has_perm(DRAW):
        raise AssemblyRefused(_("您没有组卷的权限。"))
    if not 1 <= forms <= len(FORM_LABELS):
        raise AssemblyRefused(_("卷别数应为 1 到 4。"))
    rows = blueprint_rows(blueprint)
    if not rows:
        raise AssemblyRefused(_("细目表还没有任何行。"))
    seed = seed if seed is not None else secrets.randbelow(2**62)
    avoided = recent_papers(blueprint=blueprint)
    result = draw_for(
        occupation_id=blueprint.occupation_id, level=blueprint.level, rows=rows, seed=seed,
        forms=forms, avoided=avoided,
    )  # fmt: skip
    if not result.complete:
        short = sum(result.forms[0].short.values())
        raise AssemblyRefused(
            _("题库不能满足细目表：缺 %(n)s 道题。请先查看细目表的缺题情况。") % {"n": short}
            if short
            else _("题库不能满足细目表的多套试卷。")
        )
    kinds = dict(QuestionKind.choices)
    notes = overlap_notes(rows, result, kinds)
    total = sum((Decimal(r.score_each) * r.count for r in rows), Decimal(0))
    paper = Paper.objects.create(
        blueprint=blueprint,
        occupation_id=blueprint.occupation_id,
        level=blueprint.level,
        title=title or blueprint.name,
        seed=seed,
        avoided_papers=avoided,
        rows=[r.__dict__ for r in rows],
        total_score=total,
        duration_minutes=blueprint.duration_minutes,
        shuffle_options=blueprint.shuffle_options,
        notes="\n".join(notes),
        created_by=actor,
    )
    _store_forms(paper=paper, rows=rows, result=result)
    audit.record(
        PAPER_DRAW,
        actor=actor,
        target=paper,
        detail=_("种子 %(seed)s，%(forms)s 套，重复 %(overlap)s 题")
        % {"seed": seed, "forms": forms, "overlap": sum(f.overlap for f in result.forms)},
    )
    return paper


def _store_forms(*, paper: Paper, rows: list[Row], result: Draw) -> None:
    chosen = {pk for form in result.forms for picks in form.picks for pk in picks}
    counts: dict[int, int] = defaultdict(int)
    for pk in QuestionOption.objects.filter(question_id__in=chosen).values_list(
        "question_id", flat=True
    ):
        counts[pk] += 1
    kinds = dict(Question.objects.filter(pk__in=chosen).values_list("pk", "kind"))
    sections = sorted(range(len(rows)), key=lambda i: (KIND_ORDER[rows[i].kind], i))
    items = []
    for form_draw in result.forms:
        form = PaperForm.objects.create(
            paper=paper, label=form_draw.label, overlap=form_draw.overlap
        )
        ordered = [(pk, i) for i in sections for pk in form_draw.picks[i]]
        choice = [pk for pk, _i in ordered if kinds[pk] in CHOICE_KINDS]
        orders = option_orders(seed=paper.seed, label=form.label, questions=choice,
                               counts=counts, shuffle=paper.shuffle_options)  # fmt: skip
        for number, (pk, row_index) in enumerate(ordered, start=1):
            items.append(
                PaperItem(
                    form=form,
                    question_id=pk,
                    number=number,
                    kind=rows[row_index].kind,
                    score=Decimal(rows[row_index].score_each),
                    option_order=orders.get(pk, []),
                )
            )
    PaperItem.objects.bulk_create(items)


def paper_redraw(paper: Paper) -> dict[str, list[int]]:
    """Draw again from the paper's stored seed, rows and avoided papers: form → question ids in
    printed order (equal to the paper's while the bank's reviewed questions are unchanged)."""
    rows = [Row(**row) for row in paper.rows]
    result = draw_for(
        occupation_id=paper.occupation_id, level=paper.level, rows=rows, seed=paper.seed,
        forms=paper.forms.count(), avoided=paper.avoided_papers,
    )  # fmt: skip
    sections = sorted(range(len(rows)), key=lambda i: (KIND_ORDER[rows[i].kind], i))
    return {form.label: [pk for i in sections for pk in form.picks[i]] for form in result.forms}
