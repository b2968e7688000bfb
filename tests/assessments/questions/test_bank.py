"""The question bank's services: checks per type, authorship and review history, versions."""

from decimal import Decimal

import pytest

from assessments.choices import PaperStatus, QuestionEventKind, QuestionKind, QuestionStatus
from assessments.models import Question
from assessments.services.questions import assembly, bank
from tests.assessments.questions import factories as f


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


def new_question(occ, **values):
    return Question(
        occupation=occ, level=f.LEVEL, stem="<p>题干</p>", score=Decimal(1), difficulty=3,
        **values,
    )  # fmt: skip


def test_answers_are_normalised_and_wrong_ones_refused_in_chinese(occ):
    author = f.member("author", "命题")
    saved = bank.question_save(
        question=new_question(occ, kind=QuestionKind.TRUE_FALSE, answer="√"), options=[],
        actor=author,
    )  # fmt: skip
    assert saved.answer == "对" and saved.status == QuestionStatus.DRAFT
    assert saved.author == author
    options = [
        bank.OptionData("<p>甲</p>"),
        bank.OptionData("<p>乙</p>"),
        bank.OptionData("<p>丙</p>"),
    ]
    multi = bank.question_save(
        question=new_question(occ, kind=QuestionKind.MULTIPLE, answer="c，a"), options=options,
        actor=author,
    )  # fmt: skip
    assert multi.answer == "AC"
    assert [o.is_correct for o in multi.options.order_by("sort_order")] == [True, False, True]
    with pytest.raises(bank.QuestionRefused, match="单选题只能有一个正确答案"):
        bank.question_save(
            question=new_question(occ, kind=QuestionKind.SINGLE, answer="AB"),
            options=[bank.OptionData("<p>1</p>"), bank.OptionData("<p>2</p>")], actor=author,
        )  # fmt: skip
    with pytest.raises(bank.QuestionRefused, match="不在选项"):
        bank.question_save(
            question=new_question(occ, kind=QuestionKind.SINGLE, answer="E"),
            options=[bank.OptionData("<p>1</p>"), bank.OptionData("<p>2</p>")], actor=author,
        )  # fmt: skip


def test_review_needs_the_permission_and_another_person(occ):
    author = f.member("author", "命题")
    manager = f.member("manager", "题库管理")
    q = bank.question_save(
        question=new_question(occ, kind=QuestionKind.BLANK, answer="访客"), options=[], actor=author
    )
    with pytest.raises(bank.QuestionRefused, match="没有审核"):
        bank.question_review(question=q, actor=author)
    other_manager = f.member("manager2", "题库管理")
    mine = bank.question_save(
        question=new_question(occ, kind=QuestionKind.BLANK, answer="x"), options=[], actor=manager
    )
    with pytest.raises(bank.QuestionRefused, match="不能审核自己"):
        bank.question_review(question=mine, actor=manager)
    bank.question_review(question=mine, actor=other_manager)
    reviewed = bank.question_review(question=q, actor=manager)
    assert reviewed.status == QuestionStatus.REVIEWED and reviewed.reviewed_by == manager
    kinds = list(q.events.values_list("kind", "actor__username"))
    assert kinds == [(QuestionEventKind.CREATED, "author"), (QuestionEventKind.REVIEWED, "manager")]


def test_a_question_on_a_sealed_paper_gets_a_new_version_when_edited(occ):
    manager = f.member("manager", "题库管理")
    f.bank(occ, per_kind=2)
    bp = f.blueprint(occ, [(QuestionKind.BLANK, 1, 2)])
    paper = assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=7)
    item = paper.forms.get().items.get()
    used = item.question
    # not yet sealed: edited in place
    used.answer = "改过"
    same = bank.question_save(question=used, options=[], actor=manager)
    assert same.pk == item.question_id and same.status == QuestionStatus.DRAFT
    paper.status = PaperStatus.SEALED
    paper.save()
    used = Question.objects.get(pk=item.question_id)
    used.stem = "<p>新题干</p>"
    newer = bank.question_save(question=used, options=[], actor=manager)
    assert newer.pk != item.question_id
    assert newer.version == 2 and newer.previous_id == item.question_id
    assert newer.family == Question.objects.get(pk=item.question_id).family
    old = Question.objects.get(pk=item.question_id)
    assert old.status == QuestionStatus.RETIRED and old.stem != "<p>新题干</p>"
    item.refresh_from_db()
    assert item.question_id == old.pk  # the sealed paper keeps what was printed
    assert old.events.filter(kind=QuestionEventKind.SUPERSEDED).exists()


def test_knowledge_points_by_path(occ):
    made = bank.knowledge_point_for_path(
        occupation=occ, level=f.LEVEL, path="基础知识 / 职业道德", create=True
    )
    assert made.path == "基础知识/职业道德" and made.parent.path == "基础知识"
    assert (
        bank.knowledge_point_for_path(occupation=occ, level=f.LEVEL, path="基础知识>职业道德",
                                      create=False) == made
    )  # fmt: skip
    assert (
        bank.knowledge_point_for_path(occupation=occ, level=3, path="基础知识", create=False)
        is None
    )
