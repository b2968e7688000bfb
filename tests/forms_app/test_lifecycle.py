"""forms_app.lifecycle: every status change checked, vetoable by plugins, recorded, signalled.

The exam-office stand-in (tests/forms_app/exam_office_plugin.py) uses only the public seams:
its veto refuses to un-approve a seated candidate (staff see why, nothing changes) and it adds
"下载准考证" to the status page."""

from __future__ import annotations

import pytest
from django.db import transaction

from forms_app import lifecycle, services
from forms_app.choices import ApplicationStatus
from forms_app.models import Application, ApplicationEvent
from tests.forms_app import exam_office_plugin
from tests.forms_app.admin_helpers import bulk_url, decision_url, reviewers_group, staff_user
from tests.forms_app.test_services import submit
from tests.forms_app.test_support import MOBILE, valid_id_number
from tests.hostsite.visible_text import element_text


@pytest.fixture
def exam_office():
    exam_office_plugin.install()
    yield exam_office_plugin
    exam_office_plugin.uninstall()


@pytest.fixture
def reviewer(db, client):
    user = staff_user("reviewer", groups=[reviewers_group()])
    client.force_login(user)
    return user


@pytest.fixture
def approved(registration_page, reviewer):
    application = submit(registration_page)
    return services.application_transition(
        application=application, to=ApplicationStatus.APPROVED, actor=reviewer
    )


def page_text(response) -> str:
    return element_text(response.content.decode(), inside="main")


SEAT_REASON = "该考生已安排考场座位（{}），请先在考试计划中取消座位。"


# --- vetoes ---------------------------------------------------------------------------------


def test_a_plugins_veto_refuses_the_change_with_its_reason(
    exam_office, approved, reviewer, django_capture_on_commit_callbacks
):
    exam_office.SEATED.add(approved.number)
    events = ApplicationEvent.objects.count()

    with django_capture_on_commit_callbacks() as after_commit:
        with pytest.raises(services.TransitionVetoed) as refused:
            services.application_transition(
                application=approved, to=ApplicationStatus.REJECTED, actor=reviewer, reason="x"
            )

    assert refused.value.message == SEAT_REASON.format(approved.number)
    assert Application.objects.get().status == ApplicationStatus.APPROVED
    assert ApplicationEvent.objects.count() == events
    assert after_commit == []  # no signal, no notification


def test_staff_see_the_veto_in_the_admin_and_nothing_changes(exam_office, approved, client):
    exam_office.SEATED.add(approved.number)

    response = client.post(decision_url(approved), {"decision": "rejected", "reason": "材料造假"})

    assert response.status_code == 409
    assert SEAT_REASON.format(approved.number) in page_text(response)
    assert Application.objects.get().status == ApplicationStatus.APPROVED


def test_a_bulk_action_reports_the_vetoed_row_and_changes_the_others(
    exam_office, approved, registration_page, reviewer, client
):
    other = services.application_transition(
        application=submit(registration_page, 1),
        to=ApplicationStatus.APPROVED,
        actor=reviewer,
    )
    exam_office.SEATED.add(approved.number)

    response = client.post(bulk_url("reject", approved, other), {"reason": "批次取消"})

    assert response.status_code == 302
    assert Application.objects.get(pk=approved.pk).status == ApplicationStatus.APPROVED
    assert Application.objects.get(pk=other.pk).status == ApplicationStatus.REJECTED
    listing = page_text(client.get(response["Location"]))
    assert SEAT_REASON.format(approved.number) in listing


def test_an_unseated_candidate_can_still_be_rejected(exam_office, approved, reviewer):
    changed = services.application_transition(
        application=approved, to=ApplicationStatus.REJECTED, actor=reviewer, reason="材料造假"
    )

    assert changed.status == ApplicationStatus.REJECTED


def test_a_veto_registered_twice_is_asked_once(exam_office):
    lifecycle.register_veto(exam_office.seated_candidates_keep_their_approval)

    assert (
        list(lifecycle.VETOES.values()).count(exam_office.seated_candidates_keep_their_approval)
        == 1
    )


# --- who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "to", [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO]
)
def test_the_applicant_cannot_make_a_staff_decision(registration_page, to):
    application = submit(registration_page)

    with pytest.raises(services.ApplicationRefused, match="该操作只能由工作人员进行"):
        services.application_transition(application=application, to=to, reason="自己批准")
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_the_applicant_withdraws_and_the_event_says_so(registration_page):
    application = submit(registration_page)

    services.application_transition(application=application, to=ApplicationStatus.WITHDRAWN)

    event = ApplicationEvent.objects.latest("pk")
    assert (event.from_status, event.to_status, event.actor_label) == (
        "submitted",
        "withdrawn",
        "申请人",
    )


# --- signals --------------------------------------------------------------------------------


def test_status_changed_is_sent_once_the_change_commits(
    approved, reviewer, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, *, application, event, change, **kwargs):
        received.append((application.number, change.from_status, event.to_status))

    lifecycle.status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            services.application_transition(
                application=approved, to=ApplicationStatus.REJECTED, actor=reviewer, reason="r"
            )
        assert received == []  # not before the commit
        for callback in pending:
            callback()
    finally:
        lifecycle.status_changed.disconnect(receiver)

    assert received == [(approved.number, "approved", "rejected")]


def test_nothing_is_signalled_for_a_change_that_is_rolled_back(
    approved, reviewer, django_capture_on_commit_callbacks
):
    received = []
    lifecycle.status_changed.connect(receiver := lambda **kwargs: received.append(kwargs))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                services.application_transition(
                    application=approved, to=ApplicationStatus.REJECTED, actor=reviewer, reason="r"
                )
                transaction.set_rollback(True)
    finally:
        lifecycle.status_changed.disconnect(receiver)

    assert received == []
    assert Application.objects.get().status == ApplicationStatus.APPROVED


def test_a_failing_in_transaction_receiver_undoes_the_change(approved, reviewer):
    """status_recorded is where a durable record (an audit trail) hooks in: if it cannot be
    written, the change is not made either."""

    def audit_down(sender, **kwargs):
        raise RuntimeError("audit table unavailable")

    lifecycle.status_recorded.connect(audit_down)
    events = ApplicationEvent.objects.count()
    try:
        with pytest.raises(RuntimeError):
            services.application_transition(
                application=approved, to=ApplicationStatus.REJECTED, actor=reviewer, reason="r"
            )
    finally:
        lifecycle.status_recorded.disconnect(audit_down)

    assert Application.objects.get().status == ApplicationStatus.APPROVED
    assert ApplicationEvent.objects.count() == events


def test_a_new_application_is_recorded_through_the_lifecycle_too(registration_page):
    recorded = []
    lifecycle.status_recorded.connect(receiver := lambda **kw: recorded.append(kw["change"]))
    try:
        application = submit(registration_page)
    finally:
        lifecycle.status_recorded.disconnect(receiver)

    [change] = recorded
    assert (change.application.pk, change.from_status, change.to_status) == (
        application.pk,
        "",
        "submitted",
    )


# --- status-page links ----------------------------------------------------------------------


def test_a_plugin_adds_a_link_to_the_status_page(exam_office, approved, client):
    response = client.post(
        "/applications/status/", {"id_number": valid_id_number(0), "mobile": MOBILE}
    )

    html = response.content.decode()
    assert f'<a href="/exams/tickets/{approved.number}/">下载准考证</a>' in html
    assert "审核已通过，请留意考试安排和准考证打印通知。" in html


def test_the_link_is_only_where_the_plugin_offers_it(exam_office, registration_page, client):
    submit(registration_page)  # submitted, not approved

    response = client.post(
        "/applications/status/", {"id_number": valid_id_number(0), "mobile": MOBILE}
    )

    assert "下载准考证" not in response.content.decode()
