"""Notification channels (e-mail, SMS): a registry, each channel one class.

Development and tests use console/locmem backends, so nothing is sent. NOTIFICATION_CHANNELS
selects the channels; SMS_BACKEND names the class that sends text messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from forms_app.choices import ApplicationStatus
from forms_app.crypto import mask_mobile

logger = logging.getLogger(__name__)

CHANNELS: dict[str, Callable[..., None]] = {}


def channel(name: str):
    def register(func):
        CHANNELS[name] = func
        return func

    return register


class ConsoleSmsBackend:
    """Logs text messages instead of sending them (the mobile number masked: logs are kept)."""

    def send(self, *, mobile: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_mobile(mobile), text)


@channel("sms")
def send_sms(application, *, subject: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(mobile=application.mobile, text=text)


@channel("email")
def send_email(application, *, subject: str, text: str) -> None:
    email = applicant_email(application)
    if email:
        send_mail(subject, text, None, [email], fail_silently=False)


def applicant_email(application) -> str:
    """The answer to the form's e-mail field, whatever the editor named it ("email" for
    applications that came without a form, e.g. imported lists)."""
    names = ["email"]
    if application.form_page_id:
        names[:0] = application.form_page.form_fields.filter(field_type="email").values_list(
            "clean_name", flat=True
        )
    answers = application.answers or {}
    return next((answers[name] for name in names if answers.get(name)), "")


def notify(application, *, subject: str, text: str) -> None:
    for name in settings.NOTIFICATION_CHANNELS:
        try:
            CHANNELS[name](application, subject=subject, text=text)
        except Exception:  # a failed notification must not undo the application
            logger.exception("Notification via %s failed for %s", name, application.number)


def notify_later(application, kind: str, **details: str) -> None:
    """Send notification ``kind`` ("submitted" or "status") from the task worker once the
    transaction that changed the application commits: no request waits for a mail server or
    an SMS gateway, and a rolled-back change sends nothing. ``details`` (the status and reason
    of a transition) travel with the task, so each change is told as it was made."""
    from hostsite.services import enqueue_on_commit

    enqueue_on_commit(notification_task, application_id=application.pk, kind=kind, **details)


@task(backend="db", queue_name="notifications")
def notification_task(*, application_id: int, kind: str, **details: str) -> None:
    from forms_app.models import Application

    application = (
        Application.objects.select_related("occupation", "form_page")
        .filter(pk=application_id)
        .first()
    )
    if application is not None:  # deleted in the meantime: nothing to say
        KINDS[kind](application, **details)


def notify_submitted(application) -> None:
    notify(
        application,
        subject=_("报名已提交"),
        text=_("%(name)s，您的报名（%(number)s）已提交：%(occupation)s %(level)s。请留意审核结果。")
        % {
            "name": application.name,
            "number": application.number,
            "occupation": application.occupation.title,
            "level": application.level_label,
        },
    )


def notify_status(application, *, status: str = "", reason: str | None = None) -> None:
    """The change to ``status`` with ``reason`` (by default the application's current ones)."""
    label = ApplicationStatus(status).label if status else application.get_status_display()
    notify(
        application,
        subject=_("报名状态更新"),
        text=_("您的报名（%(number)s）状态：%(status)s。%(reason)s")
        % {
            "number": application.number,
            "status": label,
            "reason": application.status_reason if reason is None else reason,
        },
    )


KINDS: dict[str, Callable[..., None]] = {
    "submitted": notify_submitted,
    "status": notify_status,
}
