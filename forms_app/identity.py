"""Identity checks (身份待核): one ID number, live applications under different mobiles.

Someone may type a stranger's ID number with their own phone, or the real person may apply
after a stranger did. Neither is refused and neither is told about the other (a refusal would
tell anyone that this ID number has applied, and lock the real person out): every live
application of that ID number is marked ``identity_check`` and staff decide, e.g. against the
uploaded ID photo, which one is genuine (``identity_resolve``); the decision is an event with
who and why.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from forms_app.choices import LIVE_STATUSES, ApplicationStatus
from forms_app.errors import ApplicationRefused
from forms_app.lifecycle import actor_label, application_transition
from forms_app.models import Application, ApplicationEvent


def _mobiles(live) -> int:
    return live.aggregate(mobiles=Count("mobile_hash", distinct=True))["mobiles"]


def mark_identity_conflicts(*, id_number_hash: str) -> int:
    """Mark every live application of the ID number once they name more than one mobile, with
    an event on each newly marked one; the number marked. Called after the insert commits, so
    of two parallel submissions the later sees the earlier (neither sees the other only while
    both are uncommitted, and then the second one's call comes after both have committed)."""
    live = Application.objects.filter(id_number_hash=id_number_hash, status__in=LIVE_STATUSES)
    if _mobiles(live) < 2:
        return 0
    with transaction.atomic():
        newly = list(live.filter(identity_check=False).select_for_update())
        for application in newly:
            application.identity_check = True
            application.save(update_fields=["identity_check", "updated_at"])
            ApplicationEvent.objects.create(
                application=application,
                from_status=application.status,
                to_status=application.status,
                actor_label=_("系统"),
                reason=_("身份待核：同一身份证号码另有以其他手机号提交的有效报名。"),
            )
    return len(newly)


def identity_resolve(*, application: Application, genuine: bool, actor, reason: str) -> Application:
    """Staff's decision on one application marked for an identity check: ``genuine`` (the
    applicant is the holder of the ID number: the mark is cleared) or not (the application is
    refused through the lifecycle, telling the applicant ``reason``). ``reason`` (what was
    compared, e.g. the ID photo) is required and recorded with the actor. Once only one mobile
    is left among the number's live applications, the others' marks are cleared too."""
    reason = reason.strip()
    if not reason:
        raise ApplicationRefused(_("请填写核实依据（例如与身份证照片比对的结果）。"))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.identity_check:
            raise ApplicationRefused(_("该报名不在“身份待核”中，无需核实。"))
        locked.identity_check = False
        locked.save(update_fields=["identity_check", "updated_at"])
        if genuine:
            ApplicationEvent.objects.create(
                application=locked,
                from_status=locked.status,
                to_status=locked.status,
                actor=actor,
                actor_label=actor_label(actor),
                reason=_("身份核实：确认为本人。%(reason)s") % {"reason": reason},
            )
        else:
            locked = application_transition(
                application=locked,
                to=ApplicationStatus.REJECTED,
                actor=actor,
                reason=_("身份核实未通过：%(reason)s") % {"reason": reason},
            )
            _settle(id_number_hash=locked.id_number_hash, actor=actor)
    return locked


def _settle(*, id_number_hash: str, actor) -> None:
    """After an application was found not genuine: if the number's live applications now name
    one mobile only, nobody else's identity is in doubt any more."""
    live = Application.objects.filter(id_number_hash=id_number_hash, status__in=LIVE_STATUSES)
    if _mobiles(live) > 1:
        return
    for other in live.filter(identity_check=True).select_for_update():
        other.identity_check = False
        other.save(update_fields=["identity_check", "updated_at"])
        ApplicationEvent.objects.create(
            application=other,
            from_status=other.status,
            to_status=other.status,
            actor=actor,
            actor_label=actor_label(actor),
            reason=_("身份核实：同一身份证号码的其他报名已核实为非本人，本报名不再待核。"),
        )
