"""Applications: check, submit, enter. One transaction each; views, admin and imports call these.

Status changes live in forms_app.lifecycle (``application_transition`` is re-exported here).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_app.choices import LIVE_STATUSES
from forms_app.crypto import lookup_hash, mask_id_number, mask_mobile
from forms_app.errors import (
    ApplicationRefused,
    ConfirmationNeeded,
    DuplicateApplication,
    IneligibleRefused,
    TransitionVetoed,
)
from forms_app.fields import ApplicantData
from forms_app.identity import identity_resolve, mark_identity_conflicts
from forms_app.lifecycle import application_created, application_transition
from forms_app.models import Application, ApplicationFile, RegistrationFormPage
from forms_app.verification import MobileProof, use_code
from occupations.selectors import occupation_requirements
from occupations.services import LevelCheck, RequirementNotFound, eligibility_check

__all__ = [
    "ApplicationRefused",
    "ConfirmationNeeded",
    "DuplicateApplication",
    "IneligibleRefused",
    "TransitionVetoed",
    "application_create",
    "application_submit",
    "application_transition",
    "check_applicant",
    "identity_resolve",
    "eligibility_gate",
]

NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
NUMBER_ATTEMPTS = 5
assert len(NUMBER_ALPHABET) == 32  # new_application_number draws a letter from one byte


def new_application_number(*, today: date | None = None) -> str:
    today = today or timezone.localdate()
    # One read of the system's random source; 256 is a multiple of the alphabet's 32 letters,
    # so every letter is equally likely.
    suffix = "".join(NUMBER_ALPHABET[byte % 32] for byte in secrets.token_bytes(6))
    return f"BM{today:%y%m%d}{suffix}"


def check_applicant(*, page: RegistrationFormPage, data: ApplicantData) -> LevelCheck:
    """The eligibility engine's verdict on what the applicant entered."""
    try:
        return eligibility_check(
            occupation_id=page.occupation_id,
            specialty=data.specialty or None,
            level=data.level,
            profile=data.profile(),
        )
    except RequirementNotFound as error:
        raise ApplicationRefused(error.message) from error


def specialty_slug(*, page: RegistrationFormPage, name: str) -> str:
    """The stable key of the form's occupation's specialty called ``name`` ("" for none)."""
    if not name:
        return ""
    found = (occupation_requirements(occupation_id=page.occupation_id) or {}).get(name)
    return found.slug if found else ""


def eligibility_gate(*, page: RegistrationFormPage, check: LevelCheck, confirmed: bool) -> None:
    """Refuse an application the engine found ineligible (not "needs review") when the form
    does not accept such applications (``allow_ineligible`` off: IneligibleRefused), or when
    the applicant has not confirmed they want staff to review it anyway (``confirmed``:
    ConfirmationNeeded). Every way in obeys it: the online form, staff entry, imports."""
    verdict = check.verdict
    if verdict.eligible or verdict.needs_review:
        return
    if not page.allow_ineligible:
        raise IneligibleRefused(_("根据您填写的情况，暂不符合报名条件，不能提交。"))
    if not confirmed:
        raise ConfirmationNeeded(
            _("根据您填写的情况，暂不符合报名条件。如仍要提交由工作人员审核，请勾选确认。")
        )


def verdict_data(check: LevelCheck) -> dict:
    return {
        "headline": check.headline,
        "eligible": check.verdict.eligible,
        "needs_review": check.verdict.needs_review,
        "met": check.verdict.met,
        "conditions": [asdict(c) for c in check.verdict.conditions],
    }


def _duplicate_of(application: Application) -> Application | None:
    """The live application that the one-live-application rule (ID number, mobile, target)
    keeps ``application`` (not yet stored) from joining."""
    return (
        Application.objects.filter(
            id_number_hash=application.id_number_hash,
            mobile_hash=application.mobile_hash,
            occupation_id=application.occupation_id,
            specialty_slug=application.specialty_slug,
            level=application.level,
            exam_period_id=application.exam_period_id,
            status__in=LIVE_STATUSES,
        )
        .only("number", "status", "mobile_hash")
        .first()
    )


def application_build(
    *,
    page: RegistrationFormPage,
    data: ApplicantData,
    answers: dict,
    check: LevelCheck,
    source,
    mobile_proven: bool,
) -> Application:
    """The application as it will be stored, built before any transaction starts."""
    return Application(
        form_page=page,
        occupation_id=page.occupation_id,
        specialty=data.specialty or "",
        specialty_slug=specialty_slug(page=page, name=data.specialty or ""),
        level=data.level,
        exam_period_id=page.exam_period_id,
        name=data.name,
        id_number=data.id_number,
        id_number_hash=lookup_hash(data.id_number),
        id_number_masked=mask_id_number(data.id_number),
        mobile=data.mobile,
        mobile_hash=lookup_hash(data.mobile),
        mobile_masked=mask_mobile(data.mobile),
        mobile_proven=mobile_proven,
        eligible=check.verdict.eligible,
        needs_review=check.verdict.needs_review,
        eligibility=verdict_data(check),
        answers=answers,
        source=source,
    )


def _record_application(
    application: Application,
    *,
    data: ApplicantData,
    actor,
    actor_label: str,
    reason: str = "",
    stored: list[ApplicationFile],
) -> None:
    """Insert the application under a new number, its files (each added to ``stored`` before
    it is written) and its first event, and queue the notification; in the caller's
    transaction."""
    application.number = new_application_number()
    application.save(force_insert=True)
    for field_name, kind, upload in data.files:
        application_file_add(
            application=application, field_name=field_name, kind=kind, upload=upload, stored=stored
        )
    application_created(application, actor=actor, label=actor_label, reason=reason)


def application_file_add(
    *, application: Application, field_name: str, kind: str, upload, stored: list[ApplicationFile]
) -> ApplicationFile:
    """Store one uploaded file of ``application`` (added to ``stored`` before it is written, so
    a rolled-back transaction can remove it again: see _remove_files)."""
    item = ApplicationFile(
        application=application,
        field_name=field_name,
        kind=kind,
        file=upload,
        original_name=getattr(upload, "original_name", upload.name)[:255],
        content_type=getattr(upload, "content_type", "") or "",
        size=upload.size,
    )
    stored.append(item)
    item.save()
    return item


def _insert(
    application: Application, record: Callable[[list[ApplicationFile]], None]
) -> Application:
    """Run ``record`` (which inserts ``application``) in a transaction of its own.

    The database decides the one-live-application rule (no look-up before the insert), so
    double clicks and parallel requests give one row, and the refused ones a message naming
    the first (callers have proved the mobile: an SMS code, or staff). Once committed, a clash with
    another mobile's live application of the same ID number marks both for an identity check
    (mark_identity_conflicts). A clash of the random application number (about one in 10⁹ per
    pair of applications on one day) draws a new number. Files written for a transaction that
    does not commit are removed again; a failure after the commit (a notification backend)
    leaves them.
    """
    for attempt in range(NUMBER_ATTEMPTS):
        stored: list[ApplicationFile] = []
        committed: list[bool] = []
        try:
            with transaction.atomic():
                transaction.on_commit(partial(committed.append, True))  # first, if ever
                record(stored)
            mark_identity_conflicts(id_number_hash=application.id_number_hash)
            return application
        except BaseException as error:
            if not committed:  # rolled back: so are the file rows, remove their files too
                _remove_files(stored)
            if not isinstance(error, IntegrityError):
                raise
            broken = _broken_rule(error)
            if broken is None:
                raise  # not a rule about applications: a real error, not the applicant's
            application.pk, application._state.adding = None, True
            existing = _duplicate_of(application)
            if existing is not None:
                raise DuplicateApplication(_duplicate_message(existing)) from error
            if broken == "live":
                raise DuplicateApplication(  # the clashing row is gone or not visible
                    _("您已提交过该职业、工种和等级本批次的报名，请勿重复提交。")
                ) from error
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _broken_rule(error: IntegrityError) -> str | None:
    """Which uniqueness rule of applications an insert broke: "live" (one live application per
    ID number, mobile, occupation, specialty, level and period), "number" (the application
    number), or None for anything else (a foreign key, another table)."""
    cause = error.__cause__
    name = getattr(getattr(cause, "diag", None), "constraint_name", None)  # PostgreSQL
    text = str(cause or error)  # SQLite names the columns
    if name == "one_live_application_per_person" or (
        name is None and "forms_app_application.id_number_hash" in text
    ):
        return "live"
    if name == "forms_app_application_number_key" or (
        name is None and "forms_app_application.number" in text
    ):
        return "number"
    return None


def _remove_files(stored: list[ApplicationFile]) -> None:
    """The files written to storage for rows that were rolled back (a file whose row failed
    before the file was written is left alone: it was never stored)."""
    for item in stored:
        if item.file and getattr(item.file, "_committed", False):
            item.file.storage.delete(item.file.name)


def application_submit(
    *,
    page: RegistrationFormPage,
    data: ApplicantData,
    answers: dict,
    check: LevelCheck,
    mobile_proof: MobileProof,
    confirmed_ineligible: bool = False,
    source: str = "online",
    actor=None,
    consent=None,
) -> Application:
    """Create the application with its files, or refuse with a Chinese message: the verdict
    keeps it out (eligibility_gate; ``confirmed_ineligible`` is the applicant's confirmation),
    the form is closed or full, or the person already has a live application for this occupation,
    specialty, level and exam period with this mobile (see _insert). ``consent``
    (forms_app.privacy.Consent): the privacy notice version the applicant accepted, and when.

    ``mobile_proof`` is the SMS code's proof of the mobile (verification.prove_mobile, called
    before: a wrong code stores nothing). The code is used in the transaction that inserts the
    application, so of a double click's two requests the second waits for the first and is told
    the first one's number; a code used before never makes another application. Another live
    application of the same ID number under a different mobile is neither refused nor revealed:
    both are marked for an identity check (身份待核) that staff resolve."""
    eligibility_gate(page=page, check=check, confirmed=confirmed_ineligible)
    if (mobile_proof.mobile, mobile_proof.purpose) != (data.mobile, "apply"):
        raise ValueError("The proof is of another mobile or purpose.")
    application = application_build(
        page=page, data=data, answers=answers, check=check, source=source, mobile_proven=True
    )
    if consent is not None:
        application.privacy_notice, application.consented_at = consent.version, consent.at

    def record(stored: list[ApplicationFile]) -> None:
        if page.max_applications is not None:
            # Serialise submissions to this form (row lock) so that the maximum holds. Forms
            # without a maximum take submissions side by side.
            RegistrationFormPage.objects.select_for_update().filter(pk=page.pk).first()
        reason = page.closed_reason()
        if reason:
            raise ApplicationRefused(reason)
        fresh = use_code(mobile_proof.code_id)  # a parallel request waits here for this one
        _record_application(
            application,
            data=data,
            actor=actor,
            actor_label=_("申请人") if actor is None else actor.get_username(),
            stored=stored,
        )
        if not fresh:  # a code used before (no application to name, see _insert) makes none
            mobile_proof.use()

    return _insert(application, record)


def _duplicate_message(existing: Application) -> str:
    """The same person (ID number and proven mobile match) is reminded of their application
    number and status."""
    return _(
        "您已提交过该职业、工种和等级本批次的报名（报名号 %(number)s，状态：%(status)s），"
        "请勿重复提交。可在“报名查询”中查看进度。"
    ) % {"number": existing.number, "status": existing.get_status_display()}


def application_create(
    *,
    page: RegistrationFormPage,
    data: ApplicantData,
    answers: dict,
    check: LevelCheck,
    source: str,
    actor=None,
    reason: str = "",
) -> Application:
    """Create one application that staff enter for an applicant (e.g. a list imported from a
    partner employer), or refuse with a Chinese message.

    The same record as application_submit (number, encrypted and masked personal data,
    eligibility verdict, first event, notification after commit), the same rule of one live
    application per person, occupation, specialty, level and period, and the same eligibility
    gate (staff entering the application is the confirmation; a form that accepts no
    ineligible applications refuses them here too). The form's opening hours and maximum are
    left to the caller, since staff may enter a list after the form closed.
    """
    try:
        eligibility_gate(page=page, check=check, confirmed=True)
    except IneligibleRefused as error:
        raise IneligibleRefused(
            _("系统判断暂不符合报名条件（%(headline)s），本报名表不接受不符合条件者的报名。")
            % {"headline": check.headline}
        ) from error
    application = application_build(
        page=page, data=data, answers=answers, check=check, source=source, mobile_proven=True
    )
    duplicate = _duplicate_of(application)
    if duplicate:
        raise DuplicateApplication(
            _(
                "该申请人已有本批次同一职业、工种和等级的有效报名（报名号 %(number)s，"
                "状态：%(status)s）。"
            )
            % {"number": duplicate.number, "status": duplicate.get_status_display()}
        )
    actor_label = actor.get_username() if actor is not None else _("导入")
    return _insert(
        application,
        lambda stored: _record_application(
            application,
            data=data,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            stored=stored,
        ),
    )
