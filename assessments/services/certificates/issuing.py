"""Issuing certificates to an exam plan's candidates: only once the results area allows it for
the plan (notice period ended, objections resolved) and only to candidates who passed; each
applicant is notified (notification kind "certificate_issued")."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import pdf
from assessments.choices import CertificateStatus
from assessments.models import Candidate, Certificate, CertificateIssuer, ExamPlan
from assessments.services import certificates as core
from assessments.services.certificates import numbers
from assessments.services.certificates.errors import CertificateRefused
from forms_app.notifications import notify_later


def _results():
    """The results area's selectors (scores, notice, objections), or None without them."""
    try:
        from assessments.selectors import results
    except ImportError:
        return None
    return results


def plan_blockers(plan: ExamPlan) -> list[str]:
    """Why certificates may not (yet) be issued for ``plan`` (Chinese); empty when they may."""
    results = _results()
    if results is None:
        return [_("成绩与公示功能尚未启用，暂不能颁发证书。")]
    return [str(reason) for reason in results.plan_certificate_blockers(plan)]


def passed_candidates(plan: ExamPlan):
    results = _results()
    if results is None:
        return Candidate.objects.none()
    return results.plan_passed_candidates(plan)


def holder_for(candidate: Candidate) -> core.Holder:
    """What the certificate of ``candidate`` prints; refuses a name the font cannot draw."""
    application, plan = candidate.application, candidate.plan
    missing = pdf.undrawable_chars(application.name)
    if missing:
        raise CertificateRefused(
            _("%(name)s 的姓名中有无法打印的字：%(chars)s，请先更正姓名。")
            % {"name": application.name, "chars": pdf.describe_chars(missing)},
            status=400,
        )
    return core.Holder(
        name=application.name,
        occupation_title=plan.occupation.title,
        occupation_code=getattr(plan.occupation, "code", "") or "",
        specialty=plan.specialty,
        level=plan.level,
        application_id=application.pk,
        candidate_id=candidate.pk,
    )


def _refuse_if_blocked(plan: ExamPlan) -> None:
    blockers = plan_blockers(plan)
    if blockers:
        raise CertificateRefused(_("暂不能颁发证书：") + "；".join(blockers))


def certificate_issue(
    *,
    candidate: Candidate,
    issuer: CertificateIssuer | None = None,
    issued_on: datetime.date | None = None,
    actor=None,
    request=None,
) -> Certificate:
    """Issue the certificate of one candidate who passed."""
    _refuse_if_blocked(candidate.plan)
    if not passed_candidates(candidate.plan).filter(pk=candidate.pk).exists():
        raise CertificateRefused(
            _("%(name)s 未通过全部考核科目，不能颁发证书。") % {"name": candidate.application.name}
        )
    if candidate.certificates.filter(status=CertificateStatus.VALID).exists():
        raise CertificateRefused(
            _("%(name)s 已有有效证书。") % {"name": candidate.application.name}
        )
    (certificate,) = core.certificates_create(
        holders=[holder_for(candidate)],
        issuer=issuer,
        issued_on=issued_on,
        actor=actor,
        request=request,
        on_stored=_notify,
    )
    return certificate


def _notify(certificates: list[Certificate]) -> None:
    """Queue the applicants' notices with the certificates (they go once these commit)."""
    for certificate in certificates:
        notify_later("certificate_issued", certificate_id=certificate.pk)


def certificates_issue_for_plan(
    *,
    plan: ExamPlan,
    issuer: CertificateIssuer | None = None,
    issued_on: datetime.date | None = None,
    actor=None,
    request=None,
) -> list[Certificate]:
    """Issue certificates to every candidate of ``plan`` who passed and has none yet, in one
    transaction (consecutive serials, in ticket-number order). Refuses the whole batch when a
    name cannot be printed, naming it."""
    _refuse_if_blocked(plan)
    issuer = issuer or core.default_issuer()
    issued_on = issued_on or timezone.localdate()
    numbers.compose_number(issuer=issuer, year=issued_on.year, level=plan.level, serial=1)
    waiting = list(
        passed_candidates(plan)
        .exclude(certificates__status=CertificateStatus.VALID)
        .select_related("application", "plan__occupation")
    )
    holders = [holder_for(candidate) for candidate in waiting]
    return core.certificates_create(
        holders=holders,
        issuer=issuer,
        issued_on=issued_on,
        actor=actor,
        request=request,
        on_stored=_notify,
    )
