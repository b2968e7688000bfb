"""What applicants are told about their certificates: the notification kind
"certificate_issued" and, on the status page (报名查询), a link to each valid certificate's
verification (its signed payload, which shows what the certificate says)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.choices import CertificateStatus
from assessments.models import Certificate
from forms_app.next_steps import StatusLink, register_status_links
from forms_app.notifications import Notice, applicant_recipient, notification_kind


def verification_path(certificate: Certificate) -> str:
    return f"{reverse('assessments:certificate_verify')}?{urlencode({'p': certificate.payload})}"


def verification_url(certificate: Certificate) -> str:
    """The absolute URL a certificate's QR code carries (the default site's root)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else ""
    return f"{root}{verification_path(certificate)}"


@notification_kind("certificate_issued")
def certificate_issued(*, certificate_id: int) -> Notice | None:
    certificate = (
        Certificate.objects.select_related("application", "application__form_page")
        .filter(pk=certificate_id, status=CertificateStatus.VALID)
        .first()
    )
    if certificate is None or certificate.application is None:
        return None
    if certificate.serial is None:  # its issuer died before numbering it: number it now
        from assessments.services.certificates import number_waiting

        number_waiting(issuer=certificate.issuer, year=certificate.year, level=certificate.level)
        certificate.refresh_from_db()
    return Notice(
        applicant_recipient(certificate.application),
        subject=_("职业技能等级证书已颁发"),
        text=_(
            "%(name)s，您的职业技能等级证书已颁发：%(occupation)s %(level)s，证书编号 %(number)s。"
            "可在“报名查询”中查看，或在本站“证书查询”核验。"
        )
        % {
            "name": certificate.name,
            "occupation": certificate.occupation_title,
            "level": certificate.level_label,
            "number": certificate.number,
        },
    )


@register_status_links
def certificate_links(application) -> list[StatusLink]:
    return [
        StatusLink(
            _("查看职业技能等级证书（%(number)s）") % {"number": certificate.number},
            verification_path(certificate),
            primary=True,
            text=_("职业技能等级证书已颁发，可点击下方按钮查看和核验证书。"),
        )
        for certificate in Certificate.objects.numbered()
        .filter(application=application, status=CertificateStatus.VALID)
        .only("number", "payload")
    ]
