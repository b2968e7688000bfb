"""Tickets reach applicants: once a plan is sealed every seated candidate is notified (the
notification kind "ticket_ready") and the status page (报名查询) links to the ticket.

The link carries a signed, expiring token naming the candidate (the status page shows it only
to the person who proved ID number and mobile); the ticket view checks it again.
"""

from __future__ import annotations

from django.core import signing
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from assessments.choices import PlanStatus
from assessments.models import Candidate, ExamPlan, TicketRelease
from assessments.selectors import documents as selectors
from forms_app.next_steps import StatusLink, register_status_links
from forms_app.notifications import Notice, applicant_recipient, notification_kind, notify_later

TICKET_READY = "ticket_ready"
_SALT = "assessments.documents.ticket"
#: How long a download link from the status page works (seconds).
LINK_MAX_AGE = 6 * 3600


#: How much of the candidate's check-in token a link carries (a second factor beside the
#: signature: a link for another candidate cannot be made without it).
TOKEN_PREFIX = 8


def ticket_link_token(candidate: Candidate) -> str:
    return signing.dumps(
        {"c": candidate.pk, "t": candidate.token[:TOKEN_PREFIX]}, salt=_SALT, compress=True
    )


def candidate_from_link_token(token: str) -> Candidate | None:
    """The candidate a status-page link names, if the token is genuine, fresh and the ticket
    is still out (plan sealed or held, candidate seated)."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    prefix = data.get("t") if isinstance(data, dict) else None
    if not isinstance(prefix, str) or len(prefix) != TOKEN_PREFIX:
        return None
    candidate = selectors.seated_candidates_with_tickets().filter(pk=data.get("c")).first()
    if candidate is None or not constant_time_compare(candidate.token[:TOKEN_PREFIX], prefix):
        return None
    return candidate


@register_status_links
def ticket_links(application) -> list[StatusLink]:
    candidate = selectors.ticket_for_application(application)
    if candidate is None:
        return []
    url = reverse("assessments:ticket_download", args=[ticket_link_token(candidate)])
    return [
        StatusLink(
            str(gettext_lazy("下载准考证")),
            url,
            primary=True,
            text=str(
                gettext_lazy("准考证已可下载，请打印后携带身份证，按准考证上的时间和考场参加考试。")
            ),
        )
    ]


@notification_kind(TICKET_READY)
def ticket_ready(*, candidate_id: int) -> Notice | None:
    candidate = selectors.seated_candidates_with_tickets().filter(pk=candidate_id).first()
    if candidate is None:  # released or the plan reopened since: nothing to say
        return None
    application = candidate.application
    first = candidate.plan.components.order_by("date", "start").first()
    when = f"{first.date:%Y年%m月%d日} {first.start:%H:%M}" if first else ""
    return Notice(
        applicant_recipient(application),
        subject=_("准考证已可打印"),
        text=_(
            "%(name)s，您报考的%(occupation)s%(level)s准考证已可打印（准考证号%(ticket)s），"
            "首场考试%(when)s。请在报名查询页面下载打印，考试时携带身份证原件。"
        )
        % {
            "name": application.name,
            "occupation": application.occupation.title,
            "level": candidate.plan.level_label,
            "ticket": candidate.ticket_number,
            "when": when,
        },
    )


@task(backend="db", queue_name="notifications")
def notify_tickets_ready_task(*, plan_id: int) -> int:
    """Queue a "ticket_ready" notice for every seated candidate of a sealed plan."""
    ids = list(
        selectors.seated_candidates_with_tickets()
        .filter(plan_id=plan_id)
        .values_list("pk", flat=True)
    )
    for candidate_id in ids:
        notify_later(TICKET_READY, candidate_id=candidate_id)
    return len(ids)


@receiver(post_save, sender=ExamPlan, dispatch_uid="assessments.documents.tickets_ready")
def plan_sealed(sender, instance: ExamPlan, **kwargs) -> None:
    """A plan sealed for the first time sends its candidates the ticket notice once the
    transaction commits (a TicketRelease row makes it once per plan)."""
    if instance.status != PlanStatus.SEALED:
        return
    _release, created = TicketRelease.objects.get_or_create(plan=instance)
    if created:
        from hostsite.services import enqueue_on_commit

        enqueue_on_commit(notify_tickets_ready_task, plan_id=instance.pk)
