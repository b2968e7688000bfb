"""The applicant's own changes from the status page: withdraw an application, or amend it
(answers and files) while it needs more information (需补充材料), which sends it back for review.

Status changes go through forms_app.lifecycle (the applicant is ``actor=None``); an amendment
records what changed (field labels of the answers and files) on the lifecycle's event
(ApplicationEvent.changes). Who may call these is decided by the views (forms_app.applicant_views:
the mobile number proven by an SMS code).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from forms_app.choices import ApplicationStatus
from forms_app.errors import ApplicationRefused
from forms_app.fields import ApplicantData, get_field_type
from forms_app.lifecycle import application_transition
from forms_app.models import Application, ApplicationFile
from forms_app.services import application_file_add
from occupations.services import LevelCheck

#: What the applicant may do from the status page, by status.
WITHDRAWABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO)
AMENDABLE = (ApplicationStatus.NEEDS_INFO,)

#: The fields an amendment never changes: who applies, and for what.
FIXED_ROLES = ("name", "id_number", "mobile", "target")


def can_withdraw(application: Application) -> bool:
    return application.status in WITHDRAWABLE


def can_amend(application: Application) -> bool:
    return application.status in AMENDABLE and application.form_page_id is not None


def fixed_values(application: Application) -> dict[str, str]:
    """The raw form values of the fields an amendment keeps, by role."""
    return {
        "name": application.name,
        "id_number": application.id_number,
        "mobile": application.mobile,
        "target": f"{application.specialty}|{application.level}",
    }


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws (refused with a Chinese message if the status does not allow)."""
    if not can_withdraw(application):
        raise ApplicationRefused(
            _("“%(status)s”的报名不能撤回。") % {"status": application.get_status_display()}
        )
    return application_transition(application=application, to=ApplicationStatus.WITHDRAWN)


def _changed_answers(field_defs: dict, before: dict, after: dict) -> list[str]:
    labels = []
    for name, field_def in field_defs.items():
        if get_field_type(field_def.field_type).role in FIXED_ROLES:
            continue
        if before.get(name) != after.get(name):
            labels.append(field_def.label)
    return labels


def application_amend(
    *,
    application: Application,
    field_defs: dict,
    answers: dict,
    data: ApplicantData,
    check: LevelCheck,
) -> Application:
    """Replace the answers (and each file the applicant chose anew), record what changed and
    send the application back for review, in one transaction; refused unless it needs
    information."""
    if not can_amend(application):
        raise ApplicationRefused(_("只有“需补充材料”的报名可以修改。"))
    from forms_app.services import verdict_data

    stored: list[ApplicationFile] = []
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if not can_amend(locked):
                raise ApplicationRefused(_("只有“需补充材料”的报名可以修改。"))
            changes = {
                "answers": _changed_answers(field_defs, locked.answers, answers),
                "files": [],
            }
            for field_name, kind, upload in data.files:
                locked.files.filter(field_name=field_name).delete()  # files go on commit
                application_file_add(
                    application=locked,
                    field_name=field_name,
                    kind=kind,
                    upload=upload,
                    stored=stored,
                )
                changes["files"].append(field_defs[field_name].label)
            if not changes["answers"] and not changes["files"]:
                raise ApplicationRefused(_("没有修改任何内容。请补充或更换材料后再提交。"))
            locked.answers = answers
            locked.eligible = check.verdict.eligible
            locked.needs_review = check.verdict.needs_review
            locked.eligibility = verdict_data(check)
            locked.save(
                update_fields=["answers", "eligible", "needs_review", "eligibility", "updated_at"]
            )
            return application_transition(
                application=locked, to=ApplicationStatus.SUBMITTED, changes=changes
            )
    except BaseException:
        for item in stored:  # rolled back: the files written for it go too
            if item.file and getattr(item.file, "_committed", False):
                item.file.storage.delete(item.file.name)
        raise
