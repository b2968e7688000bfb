"""Notifications: kinds (what is said) and channels (how it travels), two registries.

A **kind** is a function registered under a name with ``@notification_kind(name)``: given the
JSON-serialisable details it was queued with, it loads what it needs and returns a ``Notice``
(a ``Recipient`` with name, mobile and e-mail, a subject and a text), or None when there is
nothing to say any more (e.g. the application was deleted). forms_app registers "submitted" and
"status"; a plugin adds its own (e.g. "admission ticket ready") the same way and queues it with
``notify_later(kind, **details)``.

A **channel** is a function registered with ``@channel(name)`` that delivers a notice to a
recipient, if it has the address the channel needs. NOTIFICATION_CHANNELS selects the channels;
SMS_BACKEND names the class that sends text messages. Development and tests use console/locmem
backends, so nothing is sent.

``notify_later`` writes a task row in the caller's transaction (an outbox: a rolled-back change
queues nothing) and the task worker sends it; no request waits for a mail server or an SMS
gateway. A failing channel is logged and never undoes anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from forms_app import ratelimit
from forms_app.choices import ApplicationStatus
from forms_app.crypto import mask_mobile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Whom a notice is for. ``reference`` names them in logs instead of personal data (e.g. an
    application number)."""

    name: str = ""
    mobile: str = ""
    email: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Notice:
    recipient: Recipient
    subject: str
    text: str


Channel = Callable[..., None]  # (recipient, *, subject, text) -> None
Kind = Callable[..., "Notice | None"]  # (**details) -> Notice | None

CHANNELS: dict[str, Channel] = {}
KINDS: dict[str, Kind] = {}


def channel(name: str):
    def register(func: Channel) -> Channel:
        CHANNELS[name] = func
        return func

    return register


def notification_kind(name: str):
    def register(func: Kind) -> Kind:
        KINDS[name] = func
        return func

    return register


class ConsoleSmsBackend:
    """Logs text messages instead of sending them (the mobile number masked: logs are kept)."""

    def send(
        self, *, mobile: str, text: str, template: str = "notice", params: dict | None = None
    ) -> None:
        """``template`` and ``params`` are for services that send approved templates only
        (forms_app.sms_aliyun); the text says the same."""
        logger.info("SMS to %s: %s", mask_mobile(mobile), text)


def sms_backend():
    """The backend that sends text messages (settings.SMS_BACKEND): notifications and
    verification codes (forms_app.verification) both go through it."""
    return import_string(settings.SMS_BACKEND)()


#: Text messages one mobile receives through the channels, at most (count, seconds);
#: the setting NOTIFICATION_SMS_RATE_PER_MOBILE overrides it. Verification codes have their own.
SMS_PER_MOBILE = (10, 86400)


@channel("sms")
def send_sms(recipient: Recipient, *, subject: str, text: str) -> None:
    if not recipient.mobile:
        return
    limit, window = getattr(settings, "NOTIFICATION_SMS_RATE_PER_MOBILE", SMS_PER_MOBILE)
    if not ratelimit.hit("sms-notice", recipient.mobile, limit=limit, window=window):
        logger.warning("Text to %s not sent: too many today", mask_mobile(recipient.mobile))
        return
    sms_backend().send(mobile=recipient.mobile, text=text)


@channel("email")
def send_email(recipient: Recipient, *, subject: str, text: str) -> None:
    if recipient.email:
        send_mail(subject, text, None, [recipient.email], fail_silently=False)


def notify(recipient: Recipient, *, subject: str, text: str) -> None:
    """Deliver now through every enabled channel (the task worker calls this)."""
    for name in settings.NOTIFICATION_CHANNELS:
        try:
            CHANNELS[name](recipient, subject=subject, text=text)
        except Exception:  # a failed notification must not undo the application
            logger.exception("Notification via %s failed for %s", name, recipient.reference)


def notify_later(kind: str, **details) -> None:
    """Queue notification ``kind`` with ``details`` (JSON-serialisable keyword arguments of the
    kind); the worker sends it once the caller's transaction commits. The details travel with
    the task, so each change is told as it was made."""
    from hostsite.services import enqueue_on_commit

    if kind not in KINDS:
        raise LookupError(f"No notification kind {kind!r}; registered: {', '.join(KINDS)}")
    enqueue_on_commit(notification_task, kind=kind, **details)


@task(backend="db", queue_name="notifications")
def notification_task(*, kind: str, **details) -> None:
    notice = KINDS[kind](**details)
    if notice is not None:
        notify(notice.recipient, subject=notice.subject, text=notice.text)


# --- forms_app's own kinds: about an application --------------------------------------------


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


def applicant_recipient(application) -> Recipient:
    """The applicant of ``application`` as a recipient (a plugin's kinds about an application
    use this too). Text messages go only to a proven mobile (an SMS code, or staff entered
    it): a stranger cannot make the site text any number they type."""
    return Recipient(
        name=application.name,
        mobile=application.mobile if application.mobile_proven else "",
        email=applicant_email(application),
        reference=application.number,
    )


def _application(application_id: int):
    from forms_app.models import Application

    return (
        Application.objects.select_related("occupation", "form_page")
        .filter(pk=application_id)
        .first()
    )


@notification_kind("submitted")
def application_submitted(*, application_id: int) -> Notice | None:
    application = _application(application_id)
    if application is None:  # deleted in the meantime: nothing to say
        return None
    return Notice(
        applicant_recipient(application),
        subject=_("报名已提交"),
        text=_("%(name)s，您的报名（%(number)s）已提交：%(occupation)s %(level)s。请留意审核结果。")
        % {
            "name": application.name,
            "number": application.number,
            "occupation": application.occupation.title,
            "level": application.level_label,
        },
    )


@notification_kind("status")
def application_status(*, application_id: int, status: str, reason: str = "") -> Notice | None:
    """The change to ``status`` with ``reason``, as made (not the application's status when the
    worker gets to it)."""
    application = _application(application_id)
    if application is None:
        return None
    return Notice(
        applicant_recipient(application),
        subject=_("报名状态更新"),
        text=_("您的报名（%(number)s）状态：%(status)s。%(reason)s")
        % {
            "number": application.number,
            "status": ApplicationStatus(status).label,
            "reason": reason,
        },
    )
