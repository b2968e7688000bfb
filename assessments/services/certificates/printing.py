"""Certificate PDFs (one person or a batch, one A4 page each) with the shared CJK toolkit
(assessments.pdf): photo, name, occupation, specialty, level, number, date, issuer and the QR
code carrying the signed payload (its URL opens the verification page)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from hostsite import audit

from assessments import pdf
from assessments.choices import CertificateAction
from assessments.models import Certificate, CertificateEvent
from assessments.services.certificates import AUDIT_PRINT
from assessments.services.certificates.notices import verification_url
from forms_app.choices import FileKind

PHOTO_W, PHOTO_H = 30 * pdf.mm, 40 * pdf.mm
QR_SIZE = 38 * pdf.mm


def _photo(certificate: Certificate):
    application = certificate.application
    if application is None:
        return None
    photo = application.files.filter(kind=FileKind.PHOTO).order_by("pk").first()
    if photo is None:
        return None
    try:
        with photo.file.open("rb") as handle:
            return handle.read()
    except OSError:  # the file is gone (retention): the box says so
        return None


def draw_certificate(canvas, certificate: Certificate) -> None:
    width, height = pdf.A4
    canvas.saveState()
    canvas.setStrokeColorRGB(0.55, 0.1, 0.1)
    canvas.setLineWidth(3)
    canvas.rect(12 * pdf.mm, 12 * pdf.mm, width - 24 * pdf.mm, height - 24 * pdf.mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * pdf.mm, 15 * pdf.mm, width - 30 * pdf.mm, height - 30 * pdf.mm)
    canvas.restoreState()

    canvas.setFont(pdf.FONT_BOLD, 30)
    canvas.drawCentredString(width / 2, height - 52 * pdf.mm, _("职业技能等级证书"))
    canvas.setFont(pdf.FONT, 11)
    canvas.drawCentredString(width / 2, height - 61 * pdf.mm, "Vocational Skill Level Certificate")

    top = height - 80 * pdf.mm
    pdf.draw_photo(canvas, _photo(certificate), 30 * pdf.mm, top - PHOTO_H, PHOTO_W, PHOTO_H)

    occupation = certificate.occupation_title
    if certificate.occupation_code:
        occupation += f"（{certificate.occupation_code}）"
    rows = [
        (_("姓　　名"), certificate.name),
        (_("职　　业"), occupation),
        (_("工种/方向"), certificate.specialty or "—"),
        (_("等　　级"), certificate.level_label),
        (_("证书编号"), certificate.number),
        (_("发证日期"), f"{certificate.issued_on:%Y年%m月%d日}"),
        (_("发证机构"), certificate.issuer.name),
    ]
    x_label, x_value, line = 72 * pdf.mm, 100 * pdf.mm, 13 * pdf.mm
    y = top - 6 * pdf.mm
    for label, value in rows:
        canvas.setFont(pdf.FONT, 12)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawString(x_label, y, label)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(pdf.FONT_BOLD, 14)
        canvas.drawString(x_value, y, value)
        y -= line

    pdf.draw_paragraph(
        canvas,
        _(
            "该同志经考核合格，取得本职业（工种）相应职业技能等级。"
            "本证书信息可扫描右侧二维码或在本机构网站“证书查询”中核验；"
            "二维码中的数据经本机构数字签名，公钥公布于 /.well-known/certificate-keys.json。"
        ),
        x=30 * pdf.mm,
        top=70 * pdf.mm + QR_SIZE,
        width=width - 60 * pdf.mm - QR_SIZE - 8 * pdf.mm,
        size=10,
    )
    qr_x = width - 30 * pdf.mm - QR_SIZE
    pdf.draw_qr(canvas, verification_url(certificate), qr_x, 40 * pdf.mm, QR_SIZE, error="m")
    canvas.setFont(pdf.FONT, 9)
    canvas.drawCentredString(qr_x + QR_SIZE / 2, 35 * pdf.mm, _("扫码核验"))
    canvas.setFont(pdf.FONT, 12)
    canvas.drawString(30 * pdf.mm, 45 * pdf.mm, certificate.issuer.name)
    canvas.drawString(30 * pdf.mm, 38 * pdf.mm, _("（盖章）"))


def certificates_pdf(
    certificates: Iterable[Certificate],
    *,
    progress: Callable[[int], None] | None = None,
    title: str = "",
) -> bytes:
    out = io.BytesIO()
    canvas = pdf.new_canvas(out, title=title or _("职业技能等级证书"))
    for done, certificate in enumerate(certificates, start=1):
        draw_certificate(canvas, certificate)
        canvas.showPage()
        if progress is not None:
            progress(done)
    canvas.save()
    return out.getvalue()


def certificates_print(
    *, certificates: list[Certificate], actor=None, request=None, progress=None
) -> bytes:
    """The PDF of ``certificates`` (valid or not: staff may reprint the record), each print in
    the certificate's history and one audit entry."""
    content = certificates_pdf(certificates, progress=progress)
    with transaction.atomic():
        CertificateEvent.objects.bulk_create(
            [
                CertificateEvent(certificate=c, action=CertificateAction.PRINTED, actor=actor)
                for c in certificates
            ]
        )
        audit.record(
            AUDIT_PRINT,
            request=request,
            actor=actor,
            object_type="assessments.certificate",
            object_label=", ".join(c.number for c in certificates[:5])
            + (" …" if len(certificates) > 5 else ""),
            row_count=len(certificates),
        )
    return content
