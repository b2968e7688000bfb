"""Certificates: issue, reissue and revoke (one transaction each, audited, with history).

Numbers come from the format registry and the gapless serial (``numbers``); each certificate's
QR payload is signed when it is issued (``signing``)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from hostsite import audit

from assessments.choices import CertificateAction, CertificateStatus
from assessments.models import Certificate, CertificateEvent, CertificateIssuer
from assessments.services.certificates import numbers, signing
from assessments.services.certificates.errors import CertificateRefused

AUDIT_ISSUE = "assessments.certificate_issue"
AUDIT_REISSUE = "assessments.certificate_reissue"
AUDIT_REVOKE = "assessments.certificate_revoke"
AUDIT_PRINT = "assessments.certificate_print"
AUDIT_EXPORT = "assessments.certificate_export"
AUDIT_ISSUER = "assessments.certificate_issuer"


def register_audit_actions() -> None:
    for name, label in (
        (AUDIT_ISSUE, _("颁发证书")),
        (AUDIT_REISSUE, _("补发证书")),
        (AUDIT_REVOKE, _("撤销证书")),
        (AUDIT_PRINT, _("打印证书")),
        (AUDIT_EXPORT, _("导出证书名单")),
        (AUDIT_ISSUER, _("修改发证机构")),
    ):
        audit.register_action(name, label)


@dataclass(frozen=True)
class Holder:
    """What is printed on a certificate about its holder and the qualification."""

    name: str
    occupation_title: str
    level: int
    occupation_code: str = ""
    specialty: str = ""
    application_id: int | None = None
    candidate_id: int | None = None


def default_issuer() -> CertificateIssuer:
    issuer = CertificateIssuer.objects.filter(is_default=True).order_by("pk").first()
    if issuer is None:
        raise CertificateRefused(_("尚未设置默认发证机构（证书编号第 1–13 位），请先在后台设置。"))
    return issuer


def store_certificates(
    *,
    holders: list[Holder],
    issuer: CertificateIssuer,
    issued_on: datetime.date,
    action: str,
    audit_action: str,
    reason: str = "",
    replaces: Certificate | None = None,
    actor=None,
    request=None,
    audit_detail: str = "",
) -> list[Certificate]:
    """Store certificates, not yet numbered (each with a provisional number that is no real
    number), with their history rows and audit entries: three INSERTs, whatever their number."""
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"~{uuid.uuid4().hex}",
                issuer=issuer,
                year=issued_on.year,
                level=holder.level,
                serial=None,
                application_id=holder.application_id,
                candidate_id=holder.candidate_id,
                name=holder.name,
                occupation_title=holder.occupation_title,
                occupation_code=holder.occupation_code,
                specialty=holder.specialty,
                issued_on=issued_on,
                replaces=replaces,
            )
            for holder in holders
        ]
    )
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(certificate=certificate, action=action, reason=reason, actor=actor)
            for certificate in certificates
        ]
    )
    audit.record_all(
        [
            audit.entry(
                audit_action,
                request=request,
                actor=actor,
                target=certificate,
                object_label=_audit_label(certificate),
                detail=audit_detail or reason,
            )
            for certificate in certificates
        ]
    )
    return certificates


def _audit_label(certificate: Certificate) -> str:
    return f"{certificate.name} {certificate.level_label} {certificate.occupation_title}"


def sign_certificate(certificate: Certificate) -> tuple[str, str]:
    """The signed QR payload of a numbered certificate, and the key id."""
    return signing.sign(
        signing.SignedFields(
            number=certificate.number,
            name=certificate.name,
            occupation=certificate.occupation_title,
            specialty=certificate.specialty,
            level=certificate.level,
            issued_on=certificate.issued_on,
        )
    )


def certificates_create(
    *,
    holders: list[Holder],
    issuer: CertificateIssuer | None = None,
    issued_on: datetime.date | None = None,
    actor=None,
    request=None,
    on_stored: Callable[[list[Certificate]], None] | None = None,
) -> list[Certificate]:
    """Issue certificates to ``holders`` (all of one level; the checks whether they may have
    them are the caller's: see ``issuing``) with consecutive serials in the order given.

    Stored (with history rows and audit entries) and numbered as
    ``numbers.issue_with_number`` describes: several (a plan's, what the exam office issues)
    or any inside a caller's transaction in one transaction; one on its own by group commit
    with other issuers. Nothing is kept when they cannot be numbered (one committed before is
    deleted again, and the audit trail says so). ``on_stored(certificates)`` runs in the
    transaction that stores them, before they are numbered (e.g. queueing notifications,
    which number a certificate still waiting: ``notices``), so it does not hold up others."""
    if not holders:
        return []
    levels = {holder.level for holder in holders}
    if len(levels) != 1:
        raise ValueError("certificates_create numbers one level at a time")
    issuer = issuer or default_issuer()
    issued_on = issued_on or timezone.localdate()
    (level,) = levels
    # refuse an incomplete issuer before anything is stored
    numbers.compose_number(issuer=issuer, year=issued_on.year, level=level, serial=1)

    def store() -> list[Certificate]:
        certificates = store_certificates(
            holders=holders,
            issuer=issuer,
            issued_on=issued_on,
            action=CertificateAction.ISSUED,
            audit_action=AUDIT_ISSUE,
            actor=actor,
            request=request,
        )
        if on_stored is not None:
            on_stored(certificates)
        stored[:] = certificates
        return certificates

    stored: list[Certificate] = []
    together = len(holders) > 1 or transaction.get_connection().in_atomic_block
    try:
        return numbers.issue_with_number(
            store=store,
            issuer=issuer,
            year=issued_on.year,
            level=level,
            sign=sign_certificate,
            together=together,
        )
    except CertificateRefused as refusal:
        if stored and not together:  # it was committed unnumbered: take it back
            _withdraw(stored, refusal, actor=actor, request=request)
        raise


def _withdraw(certificates, refusal: CertificateRefused, *, actor, request) -> None:
    """Delete certificates committed unnumbered that could not be numbered, and say so in the
    audit trail beside their issue entries."""
    with transaction.atomic():
        Certificate.objects.filter(
            pk__in=[certificate.pk for certificate in certificates], serial__isnull=True
        ).delete()
        audit.record_all(
            [
                audit.entry(
                    AUDIT_ISSUE,
                    request=request,
                    actor=actor,
                    object_type=Certificate._meta.label_lower,
                    object_id=str(certificate.pk),
                    object_label=_audit_label(certificate),
                    detail=_("未颁发：%(reason)s") % {"reason": refusal.message},
                )
                for certificate in certificates
            ]
        )


def number_waiting(*, issuer: CertificateIssuer, year: int, level: int) -> int:
    """Number the certificates of issuer/year/level that wait for their serials (see
    ``numbers.number_waiting``)."""
    return numbers.number_waiting(issuer=issuer, year=year, level=level, sign=sign_certificate)


def certificate_create(
    *,
    holder: Holder,
    issuer: CertificateIssuer | None = None,
    issued_on: datetime.date | None = None,
    actor=None,
    request=None,
) -> Certificate:
    """Issue one certificate to ``holder`` (see ``certificates_create``)."""
    (certificate,) = certificates_create(
        holders=[holder], issuer=issuer, issued_on=issued_on, actor=actor, request=request
    )
    return certificate


def certificate_revoke(
    *, certificate: Certificate, reason: str, actor=None, request=None
) -> Certificate:
    """Revoke with a reason; the number stays revoked for good (it is never given again)."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateRefused(_("请填写撤销原因。"), status=400)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status == CertificateStatus.REVOKED:
            raise CertificateRefused(_("证书 %(number)s 已撤销。") % {"number": locked.number})
        locked.status = CertificateStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoke_reason"])
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateAction.REVOKED, reason=reason, actor=actor
        )
        audit.record(AUDIT_REVOKE, request=request, actor=actor, target=locked, detail=reason)
    return locked


def certificate_reissue(
    *,
    certificate: Certificate,
    reason: str,
    holder: Holder | None = None,
    issued_on: datetime.date | None = None,
    actor=None,
    request=None,
) -> Certificate:
    """补发: a new certificate (a new number) replacing ``certificate``, which is revoked with the
    reason. ``holder`` corrects what is printed (e.g. a misspelt name); default: as before."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateRefused(_("请填写补发原因。"), status=400)
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status == CertificateStatus.REVOKED:
            raise CertificateRefused(
                _("证书 %(number)s 已撤销，不能补发。") % {"number": old.number}
            )
        holder = holder or Holder(
            name=old.name,
            occupation_title=old.occupation_title,
            occupation_code=old.occupation_code,
            specialty=old.specialty,
            level=old.level,
            application_id=old.application_id,
            candidate_id=old.candidate_id,
        )
        old.status = CertificateStatus.REVOKED
        old.revoked_at = timezone.now()
        old.revoke_reason = _("已补发：%(reason)s") % {"reason": reason}
        old.save(update_fields=["status", "revoked_at", "revoke_reason"])
        CertificateEvent.objects.create(
            certificate=old, action=CertificateAction.REVOKED, reason=old.revoke_reason, actor=actor
        )
        issued_on = issued_on or timezone.localdate()
        (new,) = numbers.issue_with_number(
            store=lambda: _reissued(old, holder, issued_on, reason, actor, request),
            issuer=old.issuer,
            year=issued_on.year,
            level=holder.level,
            sign=sign_certificate,
        )
    return new


def _reissued(old, holder, issued_on, reason, actor, request) -> list[Certificate]:
    return store_certificates(
        holders=[holder],
        issuer=old.issuer,
        issued_on=issued_on,
        action=CertificateAction.REISSUED,
        audit_action=AUDIT_REISSUE,
        reason=reason,
        replaces=old,
        actor=actor,
        request=request,
        audit_detail=f"{old.number} → {reason}",
    )
