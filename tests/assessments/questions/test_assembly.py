"""Paper assembly: the same seed gives the same paper, A/B share nothing when the bank allows
(and say how many and why when not), recent papers' questions are avoided, the shortage report
names what is missing, and shuffled options carry their key with them."""

import pytest

from assessments.choices import QuestionKind, QuestionStatus
from assessments.models import PaperItem, Question
from assessments.selectors.questions import blueprint_shortage, form_sections
from assessments.services.questions import assembly
from tests.assessments.questions import factories as f

K = QuestionKind


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


@pytest.fixture
def manager(loaded_site):
    return f.member("manager", "题库管理")


def ids(paper, label):
    return list(
        PaperItem.objects.filter(form__paper=paper, form__label=label)
        .order_by("number")
        .values_list("question_id", flat=True)
    )


def test_the_same_seed_draws_the_same_paper_and_another_seed_another(occ, manager):
    f.bank(occ, per_kind=12)
    bp = f.blueprint(occ, [(K.TRUE_FALSE, 5, 1), (K.SINGLE, 5, 2), (K.SHORT, 2, 10)])
    first = assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=2026)
    assert assembly.paper_redraw(first) == {"A": ids(first, "A"), "B": ids(first, "B")}
    again = assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=2026)
    # the second paper avoided the first's questions where it could, so it differs …
    assert again.avoided_papers == [] and bp.avoid_recent == 0
    assert ids(again, "A") == ids(first, "A")  # … unless nothing is to be avoided
    other = assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=7)
    assert ids(other, "A") != ids(first, "A")
    assert first.total_score == 5 * 1 + 5 * 2 + 2 * 10
    kinds = list(first.forms.get(label="A").items.values_list("kind", flat=True))
    assert kinds == [K.TRUE_FALSE] * 5 + [K.SINGLE] * 5 + [K.SHORT] * 2


def test_a_and_b_share_nothing_when_the_bank_allows(occ, manager):
    f.bank(occ, per_kind=10)
    bp = f.blueprint(occ, [(K.SINGLE, 5, 2), (K.BLANK, 5, 2)])
    paper = assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=1)
    assert not set(ids(paper, "A")) & set(ids(paper, "B"))
    assert paper.notes == "" and all(form.overlap == 0 for form in paper.forms.all())


def test_a_small_bank_shares_questions_and_says_how_many_and_why(occ, manager):
    f.bank(occ, per_kind=7)
    bp = f.blueprint(occ, [(K.SINGLE, 5, 2)])
    shortage = blueprint_shortage(bp)
    assert shortage.ok and not shortage.ab_ok
    assert shortage.rows[0].available == 7 and shortage.rows[0].shared_ab == 3
    paper = assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=3)
    shared = set(ids(paper, "A")) & set(ids(paper, "B"))
    assert len(shared) == 3 == paper.forms.get(label="B").overlap
    assert "B卷与前面的卷有 3 道题相同" in paper.notes and "不够" in paper.notes


def test_shortage_is_reported_by_row_and_drawing_is_refused(occ, manager):
    ethics = f.point(occ, "基础知识/职业道德")
    law = f.point(occ, "基础知识/法律法规")
    for _n in range(3):
        f.question(occ, kind=K.SINGLE, knowledge_point=ethics, difficulty=2)
        f.question(occ, kind=K.SINGLE, knowledge_point=law, difficulty=4)
    f.question(occ, kind=K.SINGLE, knowledge_point=ethics, status=QuestionStatus.DRAFT)
    basics = f.point(occ, "基础知识")
    bp = f.blueprint(
        occ, [(K.SINGLE, 2, 1, ethics, 2), (K.SINGLE, 4, 1, basics), (K.TRUE_FALSE, 1, 1)]
    )
    shortage = blueprint_shortage(bp)
    assert not shortage.ok
    rows = [(r.label, r.need, r.available, r.short) for r in shortage.rows]
    assert rows == [
        ("单选题 · 基础知识/职业道德 · 难度 2", 2, 3, 0),
        ("单选题 · 基础知识 · 难度不限", 4, 6, 0),  # below 基础知识: both points count
        ("判断题 · 不限鉴定点 · 难度不限", 1, 0, 1),
    ]
    assert not shortage.total_matches  # 7 points against a declared 100
    with pytest.raises(assembly.AssemblyRefused, match="缺 1 道题"):
        assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=1)


def test_questions_of_recent_papers_are_avoided_where_possible(occ, manager):
    f.bank(occ, per_kind=10)
    bp = f.blueprint(occ, [(K.SINGLE, 5, 2)], avoid_recent=1)
    first = assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=5)
    second = assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=5)
    assert second.avoided_papers == [first.pk]
    assert not set(ids(first, "A")) & set(ids(second, "A"))
    third = assembly.paper_draw(blueprint=bp, actor=manager, forms=1, seed=5)
    assert third.avoided_papers == [second.pk]  # only the last one
    assert not set(ids(third, "A")) & set(ids(second, "A"))
    assert assembly.paper_redraw(third) == {"A": ids(third, "A")}
    # a version of a used question counts as used: the family is avoided
    fourth_bp = f.blueprint(occ, [(K.SINGLE, 10, 1)], avoid_recent=1)
    fourth = assembly.paper_draw(blueprint=fourth_bp, actor=manager, forms=1, seed=9)
    assert len(ids(fourth, "A")) == 10  # the bank has only 10: reused where it must


def test_shuffled_options_carry_the_key(occ, manager):
    for _n in range(6):
        f.question(occ, kind=K.SINGLE, answer="B", options=4)
        f.question(occ, kind=K.MULTIPLE, answer="AD", options=5)
    bp = f.blueprint(occ, [(K.SINGLE, 3, 2), (K.MULTIPLE, 3, 2)])
    paper = assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=11)
    orders = []
    for form in paper.forms.all():
        for section in form_sections(form):
            for printed in section.questions:
                correct = {o.letter for o in printed.options if "选项1" in o.text}
                if printed.kind == K.SINGLE:
                    assert printed.key == "".join(sorted(correct))
                else:
                    texts = {
                        o.letter
                        for o in printed.options
                        if o.text in ("<p>选项0</p>", "<p>选项3</p>")
                    }
                    assert printed.key == "".join(sorted(texts))
        orders.extend(form.items.values_list("option_order", flat=True))
    assert any(order != sorted(order) for order in orders)  # something was shuffled
    assert Question.objects.filter(kind=K.SINGLE).first().answer == "B"  # the bank unchanged


def test_drawing_needs_the_permission(occ):
    author = f.member("author", "命题")
    f.bank(occ, per_kind=2)
    bp = f.blueprint(occ, [(K.SINGLE, 1, 1)])
    with pytest.raises(assembly.AssemblyRefused, match="没有组卷的权限"):
        assembly.paper_draw(blueprint=bp, actor=author, forms=1)
