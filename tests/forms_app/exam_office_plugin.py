"""A stand-in for the exam office (assessments) in tests: a module that builds on forms_app
only through its public seams, as a real plugin would from its AppConfig.ready().

It refuses to take away the approval of a candidate already given a seat, and adds
"下载准考证" to the status page of approved applications. ``SEATED`` holds the application
numbers that have a seat (a real plugin would read its Candidate rows).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from forms_app.choices import ApplicationStatus
from forms_app.lifecycle import StatusChange, register_veto, unregister_veto
from forms_app.next_steps import StatusLink, register_status_links, unregister_status_links

SEATED: set[str] = set()


def seated_candidates_keep_their_approval(change: StatusChange) -> str | None:
    if change.from_status == ApplicationStatus.APPROVED and change.application.number in SEATED:
        return _("该考生已安排考场座位（%(number)s），请先在考试计划中取消座位。") % {
            "number": change.application.number
        }
    return None


def admission_ticket_link(application) -> list[StatusLink]:
    if application.status != ApplicationStatus.APPROVED:
        return []
    return [StatusLink(_("下载准考证"), f"/exams/tickets/{application.number}/")]


def install() -> None:
    register_veto(seated_candidates_keep_their_approval)
    register_status_links(admission_ticket_link)


def uninstall() -> None:
    unregister_veto(seated_candidates_keep_their_approval)
    unregister_status_links(admission_ticket_link)
    SEATED.clear()
