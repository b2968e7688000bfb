"""Applicants get their ticket: a notice when the plan is sealed, a link on the status page
that only works for them and only while the plan is sealed."""

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from assessments.choices import PlanStatus
from assessments.selectors import documents as selectors
from assessments.services.documents import release
from forms_app.next_steps import next_steps
from tests.assessments import pdfcheck
from tests.assessments.factories import (
    approved_application,
    candidates,
    exam_plan,
    sealed_plan,
    seat_in_order,
)

pytestmark = pytest.mark.plugins("assessments")


@pytest.fixture(autouse=True)
def _email_channel(settings):
    settings.NOTIFICATION_CHANNELS = ["email"]


def _seated_plan_with_emails(count: int):
    plan = exam_plan()
    for candidate in candidates(plan, count):
        candidate.application.answers = {"email": f"{candidate.pk}@example.com"}
        candidate.application.save(update_fields=["answers"])
    seat_in_order(plan)
    return plan


def _seal(plan):
    plan.status = PlanStatus.SEALED
    plan.sealed_at = timezone.now()
    plan.save(update_fields=["status", "sealed_at", "updated_at"])


def _ticket_notices():
    return [m for m in mail.outbox if m.subject == "准考证已可打印"]


def test_sealing_a_plan_tells_each_seated_candidate_once(
    loaded_site, django_capture_on_commit_callbacks
):
    plan = _seated_plan_with_emails(3)
    with django_capture_on_commit_callbacks(execute=True):
        plan.notes = "开放中的计划保存不通知"
        plan.save()
    assert not _ticket_notices()
    with django_capture_on_commit_callbacks(execute=True):
        _seal(plan)
    sent = _ticket_notices()
    assert len(sent) == 3
    candidate = selectors.seated_candidates(plan=plan).first()
    body = next(m.body for m in sent if m.to == [f"{candidate.pk}@example.com"])
    assert candidate.ticket_number in body and "报名查询" in body
    # saving the sealed plan again does not notify again
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan.notes = "新的须知"
        plan.save()
    assert not _ticket_notices()


def test_a_candidate_released_before_the_worker_sends_is_not_told(loaded_site):
    plan = _seated_plan_with_emails(1)
    _seal(plan)  # queued, not yet sent
    candidate = plan.candidates.get()
    plan.candidates.update(room=None, seat=None, ticket_number=None)
    from forms_app.notifications import KINDS

    assert KINDS[release.TICKET_READY](candidate_id=candidate.pk) is None


def test_the_status_page_links_the_ticket_only_once_the_plan_is_sealed(loaded_site, client):
    plan = exam_plan()
    [candidate] = candidates(plan, 1)
    assert not [link for link in next_steps(candidate.application).links if "准考证" in link.label]
    sealed = sealed_plan(per_room=1, photos=False)
    candidate = sealed.candidates.get()
    [link] = [link for link in next_steps(candidate.application).links if "准考证" in link.label]
    response = client.get(link.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert candidate.ticket_number in pdfcheck.text(response.content)
    # once the plan is held and closed, or for a forged token, the link no longer works
    assert client.get(link.url.replace(link.url.split("/")[-2], "forged")).status_code == 404
    sealed.status = PlanStatus.CLOSED
    sealed.save()
    assert client.get(link.url).status_code == 404
    assert not [link for link in next_steps(candidate.application).links if "准考证" in link.label]


def test_an_expired_or_other_persons_link_does_not_give_a_ticket(loaded_site, client, settings):
    plan = sealed_plan(per_room=2, photos=False)
    first, second = selectors.seated_candidates(plan=plan)
    stale = signing.dumps({"c": first.pk, "t": first.token[:8]}, salt=release._SALT, compress=True)
    forged = signing.dumps(
        {"c": first.pk, "t": second.token[:8]}, salt=release._SALT, compress=True
    )
    assert client.get(reverse("assessments:ticket_download", args=[stale])).status_code == 200
    assert client.get(reverse("assessments:ticket_download", args=[forged])).status_code == 404
    # The token part is the second factor should the signing key leak (in development it is
    # in the repository): a link without it, or with an empty one, gives nothing.
    for data in ({"c": first.pk}, {"c": first.pk, "t": ""}, {"c": first.pk, "t": None}):
        bare = signing.dumps(data, salt=release._SALT, compress=True)
        assert client.get(reverse("assessments:ticket_download", args=[bare])).status_code == 404
    release.LINK_MAX_AGE, old = -1, release.LINK_MAX_AGE
    try:
        assert client.get(reverse("assessments:ticket_download", args=[stale])).status_code == 404
    finally:
        release.LINK_MAX_AGE = old


def test_ticket_downloads_are_rate_limited(loaded_site, client, monkeypatch):
    from assessments.views.documents import applicant

    monkeypatch.setattr(applicant, "DOWNLOADS_PER_ADDRESS", (2, 60))
    url = reverse("assessments:ticket_download", args=["whatever"])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 429]


def test_an_application_never_enrolled_has_no_ticket_link(loaded_site):
    plan = sealed_plan(per_room=1, photos=False)
    other = approved_application(plan)
    assert not [link for link in next_steps(other).links if "准考证" in link.label]


def test_the_status_page_offers_the_ticket_as_a_button_and_stops_saying_wait(loaded_site, client):
    from tests.forms_app.test_support import MOBILE

    def status_page(application) -> str:
        data = {"number": application.number, "mobile": MOBILE}
        return client.post("/applications/status/", data).content.decode()

    waiting = exam_plan()
    [enrolled] = candidates(waiting, 1)
    before = status_page(enrolled.application)
    assert "请留意考试安排和准考证打印通知" in before and "下载准考证" not in before

    candidate = sealed_plan(per_room=1, photos=False).candidates.get()
    page = status_page(candidate.application)
    [link] = [link for link in next_steps(candidate.application).links if "准考证" in link.label]
    assert f'<a href="{link.url}" class="button next-button">下载准考证</a>' in page
    assert "准考证已可下载，请打印后携带身份证" in page
    assert "请留意考试安排和准考证打印通知" not in page
