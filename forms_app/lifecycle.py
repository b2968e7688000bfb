"""The application lifecycle: the one way an application's status changes.

Every change (a reviewer's decision, a bulk action, the applicant withdrawing or resubmitting,
an import creating an application) goes through this module, which

1. checks the transition: TRANSITIONS allows it, the applicant (``actor=None``) only withdraws
   or resubmits, a refusal or request for documents has a reason;
2. asks the **vetoes** plugins registered (``register_veto``): each sees the proposed
   ``StatusChange`` and may refuse it with a Chinese reason shown to whoever asked (e.g. the
   exam office refuses to un-approve a candidate already seated); nothing is written then;
3. records who, when and why as an ``ApplicationEvent`` and queues the applicant's
   notification, in the same transaction;
4. sends ``status_recorded`` inside that transaction (a receiver that must be as durable as the
   change, such as an audit trail, writes its rows here; if it raises, nothing changes), and
   ``status_changed`` once the transaction has committed (for work that follows a change that
   really happened: enrolment, caches, messages to other systems).

Both signals are sent with ``sender=Application`` and the keyword arguments ``application``
(the row as changed), ``event`` (its ApplicationEvent) and ``change`` (the StatusChange;
``from_status`` is "" when the application was just created).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from forms_app.choices import APPLICANT_TRANSITIONS, TRANSITIONS, ApplicationStatus
from forms_app.errors import ApplicationRefused, DuplicateApplication, TransitionVetoed
from forms_app.models import Application, ApplicationEvent
from forms_app.notifications import notify_later

#: Sent inside the transaction that changed the status, after the event row is written.
status_recorded = Signal()
#: Sent after that transaction commits.
status_changed = Signal()

#: Statuses that need a reason the applicant reads.
REASON_REQUIRED = (ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO)


@dataclass(frozen=True)
class StatusChange:
    """A status change as proposed (vetoes see it before anything is written)."""

    application: Application  # the locked row, still in ``from_status``
    from_status: str
    to_status: str
    actor: Any = None  # a staff user; None is the applicant (or, on creation, an import)
    reason: str = ""

    @property
    def by_applicant(self) -> bool:
        return self.actor is None


Veto = Callable[[StatusChange], "str | None"]

#: The registered vetoes by name (module and function), so registering twice keeps one.
VETOES: dict[str, Veto] = {}


def register_veto(veto: Veto) -> Veto:
    """Register ``veto(change) -> str | None``: a Chinese reason refuses the change, None lets
    it pass. Usable as a decorator; a plugin registers in its AppConfig.ready()."""
    VETOES[_veto_key(veto)] = veto
    return veto


def unregister_veto(veto: Veto) -> None:
    VETOES.pop(_veto_key(veto), None)


def _veto_key(veto: Veto) -> str:
    return f"{veto.__module__}.{veto.__qualname__}"


def vetoes_of(change: StatusChange) -> list[str]:
    """The reasons of every registered veto that refuses ``change``."""
    return [reason for veto in list(VETOES.values()) if (reason := veto(change))]


def actor_label(actor) -> str:
    return _("申请人") if actor is None else actor.get_username()


def _check(change: StatusChange) -> None:
    status = ApplicationStatus(change.from_status)
    to = ApplicationStatus(change.to_status)
    if to not in TRANSITIONS[status]:
        raise ApplicationRefused(
            _("“%(from)s”的报名不能改为“%(to)s”。") % {"from": status.label, "to": to.label}
        )
    if change.by_applicant and to not in APPLICANT_TRANSITIONS:
        raise ApplicationRefused(
            _("申请人不能将报名改为“%(to)s”，该操作只能由工作人员进行。") % {"to": to.label}
        )
    if to in REASON_REQUIRED and not change.reason:
        raise ApplicationRefused(_("请填写原因，申请人会看到这段说明。"))
    refusals = vetoes_of(change)
    if refusals:
        raise TransitionVetoed("；".join(refusals))


def _record(change: StatusChange, *, label: str, changes: dict | None = None) -> ApplicationEvent:
    """The event row, both signals and the notification of a change already written."""
    application = change.application
    event = ApplicationEvent.objects.create(
        application=application,
        from_status=change.from_status,
        to_status=change.to_status,
        actor=change.actor,
        actor_label=label,
        reason=change.reason,
        changes=changes or {},
    )
    details = {"application": application, "event": event, "change": change}
    status_recorded.send(sender=Application, **details)
    transaction.on_commit(lambda: status_changed.send(sender=Application, **details))
    if change.from_status:
        notify_later(
            "status", application_id=application.pk, status=change.to_status, reason=change.reason
        )
    else:
        notify_later("submitted", application_id=application.pk)
    return event


def application_transition(
    *, application: Application, to: str, actor=None, reason: str = "", changes=None
) -> Application:
    """Move ``application`` to status ``to`` in one transaction, or refuse with a Chinese
    message (ApplicationRefused; TransitionVetoed when a plugin's veto refused it;
    DuplicateApplication when resubmitting would give the person two live applications).
    ``actor`` is the staff user deciding, None for the applicant; ``changes`` what else changed
    with it (kept on the event, e.g. the fields an applicant amended). Returns the changed row."""
    reason = reason.strip()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        change = StatusChange(
            application=locked,
            from_status=locked.status,
            to_status=ApplicationStatus(to).value,
            actor=actor,
            reason=reason,
        )
        _check(change)
        locked.status = change.to_status
        locked.status_reason = reason
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "status_reason", "updated_at"])
        except IntegrityError as error:  # e.g. resubmitting beside another live application
            raise DuplicateApplication(
                _("该申请人已有同一职业、工种和等级本批次的有效报名。")
            ) from error
        _record(change, label=actor_label(actor), changes=changes)
    return locked


def application_created(
    application: Application, *, actor=None, label: str, reason: str = ""
) -> ApplicationEvent:
    """Record the first event of an application just inserted (in the caller's transaction):
    the same event row, signals and notification as every later change."""
    change = StatusChange(
        application=application,
        from_status="",
        to_status=application.status,
        actor=actor,
        reason=reason,
    )
    return _record(change, label=label)


def applications_published(
    published: list[tuple[Application, ApplicationEvent]], *, actor=None
) -> None:
    """Applications made visible together (an import's staged rows, whose first events were
    written when they were staged): ``status_recorded`` for each inside the caller's
    transaction, ``status_changed`` once it commits. Their notifications are the caller's to
    queue (one task for a whole list, not thousands of rows in the publishing transaction)."""
    sent = []
    for application, event in published:
        change = StatusChange(
            application=application,
            from_status="",
            to_status=application.status,
            actor=actor,
            reason=event.reason,
        )
        details = {"application": application, "event": event, "change": change}
        status_recorded.send(sender=Application, **details)
        sent.append(details)

    def changed() -> None:
        for details in sent:
            status_changed.send(sender=Application, **details)

    transaction.on_commit(changed)
