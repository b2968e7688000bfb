"""批量审核通过 from the question list: the same rules as the single review, counted."""

import pytest
from django.urls import reverse

from assessments.choices import QuestionEventKind, QuestionStatus
from assessments.models import QuestionEvent
from tests.assessments.questions import factories as f

BULK = reverse("wagtail_bulk_action", args=["assessments", "question", "review"])


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


def _drafts(occ, n, author):
    questions = [f.question(occ, status=QuestionStatus.DRAFT, stem=f"题{i}") for i in range(n)]
    for q in questions:
        q.author = author
        q.save()
    return questions


def _query(questions) -> str:
    return "?" + "&".join(f"id={q.pk}" for q in questions) + "&next=" + reverse("questions:index")


def test_list_offers_bulk_review_and_a_review_button_to_reviewers_only(client, occ):
    author = f.member("author", "命题")
    draft = _drafts(occ, 1, author)[0]
    f.question(occ, status=QuestionStatus.REVIEWED)
    client.force_login(f.member("manager", "题库管理"))
    page = client.get(reverse("questions:index")).content.decode()
    assert 'data-bulk-action-footer="QUESTION"' in page and "data-bulk-action-checkbox" in page
    review_url = reverse("questions:inspect", args=[draft.pk]) + "#review"
    assert page.count(">审核<") + page.count("审核\n") >= 1 and review_url in page
    assert page.count("#review") == 1  # only the draft has the button
    assert BULK in page
    client.force_login(author)
    page = client.get(reverse("questions:index")).content.decode()
    assert "data-bulk-action-footer" not in page and "#review" not in page


def test_bulk_review_reviews_drafts_and_skips_own_and_non_drafts(client, occ):
    author = f.member("author", "命题")
    manager = f.member("manager", "题库管理")
    others = _drafts(occ, 3, author)
    own = _drafts(occ, 2, manager)
    reviewed = f.question(occ, status=QuestionStatus.REVIEWED)
    retired = f.question(occ, status=QuestionStatus.RETIRED)
    chosen = [*others, *own, reviewed, retired]
    client.force_login(manager)
    confirm = client.get(BULK + _query(chosen))
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "将审核通过其中 3 道草稿" in body and "您编写的试题，将跳过" in body
    done = client.post(BULK + _query(chosen), follow=True)
    assert done.status_code == 200
    text = " ".join(str(m) for m in done.context["messages"])
    assert "已审核通过 3 道试题" in text
    assert "跳过 2 道您本人编写的试题" in text and "跳过 2 道非草稿试题" in text
    for q in others:
        q.refresh_from_db()
        assert q.status == QuestionStatus.REVIEWED and q.reviewed_by == manager
    for q in own:
        q.refresh_from_db()
        assert q.status == QuestionStatus.DRAFT
    retired.refresh_from_db()
    assert retired.status == QuestionStatus.RETIRED
    events = QuestionEvent.objects.filter(kind=QuestionEventKind.REVIEWED)
    assert sorted(e.question_id for e in events) == sorted(q.pk for q in others)
    assert all(e.actor == manager for e in events)


def test_bulk_review_is_refused_without_the_review_permission(client, occ):
    author = f.member("author", "命题")
    drafts = _drafts(occ, 2, f.member("other", "命题"))
    client.force_login(author)
    assert client.get(BULK + _query(drafts)).status_code in (302, 403)
    response = client.post(BULK + _query(drafts))
    assert response.status_code in (302, 403)
    for q in drafts:
        q.refresh_from_db()
        assert q.status == QuestionStatus.DRAFT


def test_select_all_reviews_the_drafts_the_filtered_list_shows(client, occ):
    author = f.member("author", "命题")
    manager = f.member("manager", "题库管理")
    drafts = _drafts(occ, 3, author)
    other_level = f.question(occ, status=QuestionStatus.DRAFT, level=3)
    other_level.author = author
    other_level.save()
    client.force_login(manager)
    client.post(BULK + f"?level={f.LEVEL}&id=all&next=" + reverse("questions:index"))
    for q in drafts:
        q.refresh_from_db()
        assert q.status == QuestionStatus.REVIEWED
    other_level.refresh_from_db()
    assert other_level.status == QuestionStatus.DRAFT  # filtered out of the list
