"""The question bank's writes: questions (create, edit or new version, review, retire) and
knowledge points. One transaction each; every change leaves a QuestionEvent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import PaperStatus, QuestionEventKind, QuestionStatus
from assessments.models import KnowledgePoint, PaperItem, Question, QuestionEvent, QuestionOption
from assessments.services.questions.kinds import LETTERS, rule

REVIEW = "assessments.review_question"


class QuestionRefused(Exception):
    """A change the bank refuses; ``message`` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class OptionData:
    text: str  # rich text
    is_correct: bool = False


def question_locked(question: Question) -> bool:
    """In use by a sealed paper: never changed in place."""
    return PaperItem.objects.filter(
        question_id=question.pk, form__paper__status=PaperStatus.SEALED
    ).exists()


def question_check(*, question: Question, options: list[OptionData]) -> list[str]:
    """What is wrong with a question (Chinese messages); normalises its answer."""
    errors = []
    kind = rule(question.kind)
    if not (question.stem or "").strip():
        errors.append(_("请填写题干。"))
    if kind.has_options:
        if len(options) > len(LETTERS):
            errors.append(_("选项太多。"))
        marked = "".join(LETTERS[i] for i, o in enumerate(options) if o.is_correct)
        answer = question.answer if not marked else marked
        answer, answer_errors = kind.normalise(answer, len(options))
        if not answer_errors:
            for index, option in enumerate(options):
                option.is_correct = LETTERS[index] in answer
    else:
        answer, answer_errors = kind.normalise(question.answer, 0)
        if options:
            errors.append(_("%(kind)s没有选项。") % {"kind": question.get_kind_display()})
    errors.extend(answer_errors)
    question.answer = answer
    if not 1 <= (question.difficulty or 0) <= 5:
        errors.append(_("难度应为 1 到 5。"))
    if question.score is None or question.score <= 0:
        errors.append(_("分值应大于 0。"))
    point = question.knowledge_point
    if point is not None and (
        point.occupation_id != question.occupation_id or point.level != question.level
    ):
        errors.append(_("鉴定点不属于该职业和等级。"))
    return errors


def _store(question: Question) -> None:
    """Save the row only: the options are written by _write_options, never committed from an
    admin form's in-memory children (which would move a sealed version's options)."""
    models.Model.save(question)


def _write_options(question: Question, options: list[OptionData]) -> None:
    question.__dict__.pop("_cluster_related_objects", None)
    QuestionOption.objects.filter(question=question).delete()
    QuestionOption.objects.bulk_create(
        QuestionOption(question=question, text=o.text, is_correct=o.is_correct, sort_order=i)
        for i, o in enumerate(options)
    )


def _event(question: Question, kind: str, actor, note: str = "") -> None:
    QuestionEvent.objects.create(question=question, kind=kind, actor=actor, note=note[:500])


@transaction.atomic
def question_save(
    *, question: Question, options: list[OptionData], actor, note: str = ""
) -> Question:
    """Create a question, change it, or (in use by a sealed paper) make its next version.

    A reviewed question that is changed goes back to 草稿 for another review. Returns the
    question saved (the new version when one was made)."""
    errors = question_check(question=question, options=options)
    if errors:
        raise QuestionRefused("；".join(errors))
    if question.pk is None:
        question.author = question.author or actor
        question.status = QuestionStatus.DRAFT
        _store(question)
        _write_options(question, options)
        _event(question, QuestionEventKind.CREATED, actor, note)
        return question
    old = Question.objects.select_for_update().get(pk=question.pk)
    if old.status == QuestionStatus.RETIRED:
        raise QuestionRefused(_("已停用的试题不能修改。"))
    if question_locked(old):
        return _new_version(old=old, changed=question, options=options, actor=actor)
    question.status = QuestionStatus.DRAFT
    question.reviewed_by, question.reviewed_at = None, None
    _store(question)
    _write_options(question, options)
    _event(question, QuestionEventKind.EDITED, actor, note)
    return question


def _new_version(*, old: Question, changed: Question, options, actor) -> Question:
    changed.pk = changed.id = None
    changed.family = old.family
    changed.version = old.version + 1
    changed.previous = old
    changed.status = QuestionStatus.DRAFT
    changed.author = actor
    changed.reviewed_by, changed.reviewed_at = None, None
    _store(changed)
    _write_options(changed, options)
    old.status = QuestionStatus.RETIRED
    old.save(update_fields=["status", "updated_at"])
    _event(
        changed,
        QuestionEventKind.NEW_VERSION,
        actor,
        _("第 %(old)s 版已用于封存的试卷，修改生成第 %(new)s 版。")
        % {"old": old.version, "new": changed.version},
    )
    _event(
        old,
        QuestionEventKind.SUPERSEDED,
        actor,
        _("由第 %(new)s 版替代。") % {"new": changed.version},
    )
    return changed


@transaction.atomic
def question_review(*, question: Question, actor, note: str = "") -> Question:
    """草稿 → 已审核, by someone with the review permission other than the author."""
    if not actor.has_perm(REVIEW):
        raise QuestionRefused(_("您没有审核试题的权限。"))
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.DRAFT:
        raise QuestionRefused(_("只有草稿状态的试题可以审核。"))
    if question.author_id == actor.pk and not actor.is_superuser:
        raise QuestionRefused(_("命题人不能审核自己编写的试题。"))
    question.status = QuestionStatus.REVIEWED
    question.reviewed_by, question.reviewed_at = actor, timezone.now()
    question.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    _event(question, QuestionEventKind.REVIEWED, actor, note)
    return question


@dataclass(frozen=True)
class ReviewOutcome:
    reviewed: int
    own: int  # drafts the reviewer wrote: left for another reviewer
    not_draft: int  # already reviewed or retired: left as they are


def question_review_many(*, questions, actor, note: str = "") -> ReviewOutcome:
    """批量审核通过: each question through ``question_review`` in its own transaction, so a
    refused one (the reviewer's own, or not a draft) is counted and left as it was."""
    if not actor.has_perm(REVIEW):
        raise QuestionRefused(_("您没有审核试题的权限。"))
    reviewed = own = not_draft = 0
    for question in questions:
        if question.status != QuestionStatus.DRAFT:
            not_draft += 1
            continue
        if question.author_id == actor.pk and not actor.is_superuser:
            own += 1
            continue
        try:
            question_review(question=question, actor=actor, note=note)
        except QuestionRefused:
            not_draft += 1  # changed since it was listed
        else:
            reviewed += 1
    return ReviewOutcome(reviewed=reviewed, own=own, not_draft=not_draft)


@transaction.atomic
def question_retire(*, question: Question, actor, note: str = "") -> Question:
    if not actor.has_perm(REVIEW):
        raise QuestionRefused(_("您没有停用试题的权限。"))
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == QuestionStatus.RETIRED:
        raise QuestionRefused(_("该试题已停用。"))
    question.status = QuestionStatus.RETIRED
    question.save(update_fields=["status", "updated_at"])
    _event(question, QuestionEventKind.RETIRED, actor, note)
    return question


def knowledge_point_for_path(
    *, occupation, level: int, path: str, create: bool, cache: dict | None = None
) -> KnowledgePoint | None:
    """The knowledge point "基础知识/职业道德" (or "基础知识>职业道德"), made with its parents
    when ``create``; None when absent and not created."""
    names = [p.strip() for p in path.replace(">", "/").replace("／", "/").split("/") if p.strip()]
    if not names:
        return None
    full = "/".join(names)
    cache = cache if cache is not None else {}
    key = (occupation.pk, level, full)
    if cache.get(key) is not None:
        return cache[key]
    found = KnowledgePoint.objects.filter(occupation=occupation, level=level, path=full).first()
    if found is None and create:
        parent = (
            knowledge_point_for_path(
                occupation=occupation,
                level=level,
                path="/".join(names[:-1]),
                create=True,
                cache=cache,
            )
            if len(names) > 1
            else None
        )
        found = KnowledgePoint.objects.create(
            occupation=occupation, level=level, parent=parent, name=names[-1]
        )
    cache[key] = found
    return found
