"""Notifications through the channel registry: e-mail (locmem outbox) and SMS (console backend,
which logs). A failing channel never undoes the application."""

from __future__ import annotations

import logging

import pytest

from forms_app import notifications, services
from forms_app.choices import ApplicationStatus
from forms_app.models import Application, FormField
from tests.forms_app import factories
from tests.forms_app.test_support import SMS_LOGGER, applicant, make_form_page, sms_lines


@pytest.fixture
def form_page(occupation, exam_period):
    return make_form_page(occupation=occupation, exam_period=exam_period)


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST the form and run what waits for the commit (the notifications)."""

    def post(page, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page.url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        return Application.objects.latest("pk")

    return post


def test_an_applicant_with_an_email_address_gets_a_confirmation_email(
    form_page, submit, mailoutbox
):
    application = submit(form_page, applicant(email="zhangsan@example.com"))

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["zhangsan@example.com"]
    assert mail.subject == "报名已提交"
    assert application.number in mail.body
    assert "张三" in mail.body
    assert "电子商务师 四级/中级工" in mail.body


def test_the_email_field_may_have_any_name(occupation, exam_period, submit, mailoutbox):
    fields = [
        *factories.standard_fields(),
        FormField(label="联系邮箱", field_type="email", required=False),  # key made from label
    ]
    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=fields)
    key = page.form_fields.get(field_type="email").clean_name
    assert key != "email"

    submit(page, applicant(**{key: "lisi@example.com"}))

    assert [mail.to for mail in mailoutbox] == [["lisi@example.com"]]


def test_no_email_address_means_no_email_but_a_text_message(form_page, submit, mailoutbox, caplog):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)

    application = submit(form_page, applicant(email=""))

    assert mailoutbox == []
    [line] = sms_lines(caplog)
    assert line.startswith("SMS to 138****8000: 张三，您的报名")
    assert application.number in line
    assert "13800138000" not in caplog.text  # the log never holds the full number


def test_nothing_is_sent_for_a_refused_submission(form_page, submit, client, mailoutbox, caplog):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    submit(form_page, applicant(email="a@example.com"))

    again = client.post(form_page.url, applicant(email="a@example.com"))

    assert again.status_code == 409
    assert len(mailoutbox) == 1
    assert len(sms_lines(caplog)) == 1


def test_a_failing_channel_does_not_undo_the_application(
    form_page, submit, settings, monkeypatch, mailoutbox, caplog
):
    def broken(application, *, subject, text):
        raise ConnectionError("SMS gateway unreachable")

    monkeypatch.setitem(notifications.CHANNELS, "broken", broken)
    settings.NOTIFICATION_CHANNELS = ["broken", "email", "sms"]
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)

    application = submit(form_page, applicant(email="wangwu@example.com"))

    assert Application.objects.filter(pk=application.pk).exists()
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.getMessage() == f"Notification via broken failed for {application.number}"
    assert "SMS gateway unreachable" in caplog.text
    assert len(mailoutbox) == 1  # the other channels still ran
    assert len(sms_lines(caplog)) == 1


def test_a_failing_mail_server_does_not_undo_the_application(form_page, submit, settings, caplog):
    settings.EMAIL_BACKEND = "tests.forms_app.test_notifications.RefusingEmailBackend"

    application = submit(form_page, applicant(email="zhaoliu@example.com"))

    assert Application.objects.filter(pk=application.pk).exists()
    assert f"Notification via email failed for {application.number}" in caplog.text


class RefusingEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("Connection refused")


def test_a_status_change_is_sent_with_the_reason(
    form_page, submit, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    application = submit(form_page, applicant(email="zhangsan@example.com"))
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            to=ApplicationStatus.NEEDS_INFO,
            actor=factories.staff_user(),
            reason="请补充学历证书",
        )

    mail = mailoutbox[-1]
    assert mail.subject == "报名状态更新"
    assert mail.body == f"您的报名（{application.number}）状态：需补充材料。请补充学历证书"
    assert sms_lines(caplog)[-1].endswith("状态：需补充材料。请补充学历证书")


def test_each_change_is_told_as_it_was_made_even_when_sent_later(
    form_page, submit, mailoutbox, django_capture_on_commit_callbacks
):
    """Staff ask for a document, then reject, before the worker sends anything: the applicant
    still gets both messages, each with its own status and reason."""
    application = submit(form_page, applicant(email="zhangsan@example.com"))

    staff = factories.staff_user()
    with django_capture_on_commit_callbacks() as queued:
        services.application_transition(
            application=application,
            to=ApplicationStatus.NEEDS_INFO,
            actor=staff,
            reason="请补充照片",
        )
        services.application_transition(
            application=application, to=ApplicationStatus.REJECTED, actor=staff, reason="材料不符"
        )
    for send in queued:  # the worker runs now
        send()

    assert [mail.body.split("状态：")[1] for mail in mailoutbox[-2:]] == [
        "需补充材料。请补充照片",
        "审核未通过。材料不符",
    ]


def test_a_channel_is_one_registered_function(monkeypatch, settings, form_page, submit):
    sent = []
    monkeypatch.setitem(notifications.CHANNELS, "wechat", None)  # forgotten after the test

    @notifications.channel("wechat")
    def wechat(recipient, *, subject, text):
        sent.append((recipient.reference, recipient.name, recipient.mobile, subject))

    settings.NOTIFICATION_CHANNELS = ["wechat"]

    application = submit(form_page, applicant())

    assert sent == [(application.number, "张三", "13800138000", "报名已提交")]


def test_a_plugin_adds_a_kind_addressed_to_a_recipient(
    db, monkeypatch, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    """E.g. the exam office's "admission ticket ready": queued with JSON details, told to a
    Recipient (no Application needed), through the same channels and outbox."""
    monkeypatch.setitem(notifications.KINDS, "ticket_ready", None)  # forgotten after the test
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)

    @notifications.notification_kind("ticket_ready")
    def ticket_ready(*, name, mobile, email, ticket):
        return notifications.Notice(
            notifications.Recipient(name=name, mobile=mobile, email=email, reference=ticket),
            subject="准考证已可打印",
            text=f"{name}，您的准考证（{ticket}）已可打印。",
        )

    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_later(
            "ticket_ready",
            name="李四",
            mobile="13900139000",
            email="lisi@example.com",
            ticket="202612010001",
        )

    assert [(m.to, m.subject) for m in mailoutbox] == [(["lisi@example.com"], "准考证已可打印")]
    assert sms_lines(caplog) == ["SMS to 139****9000: 李四，您的准考证（202612010001）已可打印。"]


def test_an_unknown_kind_is_refused_when_queued_not_in_the_worker(db):
    with pytest.raises(LookupError, match="No notification kind 'ticket_reddy'"):
        notifications.notify_later("ticket_reddy", name="李四")


def test_with_the_database_backend_the_worker_sends_after_the_submission_commits(
    form_page, client, settings, mailoutbox, monkeypatch
):
    """In production notifications are rows of the task database, written in the submission's
    own transaction: the request does not wait for a mail server, and the worker sends them."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "db": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES},
    }

    response = client.post(form_page.url, applicant(email="zhangsan@example.com"))
    refused = client.post(form_page.url, applicant(email="zhangsan@example.com"))

    assert (response.status_code, refused.status_code) == (302, 409)
    assert mailoutbox == []  # nothing sent inside the request
    [queued] = DBTaskResult.objects.all()  # the refused duplicate queued nothing
    assert queued.queue_name == "notifications"

    # The worker closes idle connections between tasks; here that would end the test transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command(
        "db_worker", "--backend", "db", "--queue-name", "notifications", "--batch", verbosity=0
    )

    assert [mail.to for mail in mailoutbox] == [["zhangsan@example.com"]]
    assert Application.objects.get().number in mailoutbox[0].body
