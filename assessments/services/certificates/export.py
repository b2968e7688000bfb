"""The certificate list as XLSX for the provincial system (职业技能等级认定信息管理): one row per
certificate. ID numbers are masked unless the user may see personal data; every text cell is
made inert against spreadsheet formulas (forms_app.formulas); each export is audited."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from hostsite import audit
from openpyxl import Workbook

from assessments.models import Certificate
from assessments.services.certificates import AUDIT_EXPORT
from forms_app.crypto import mask_id_number
from forms_app.formulas import neutralise

COLUMNS = (
    _l("证书编号"), _l("姓名"), _l("居民身份证号码"), _l("职业"), _l("职业编码"), _l("工种/方向"),
    _l("等级"), _l("发证日期"), _l("发证机构"), _l("状态"), _l("考试计划"), _l("准考证号"),
)  # fmt: skip


def _id_number(certificate: Certificate, *, full: bool) -> str:
    application = certificate.application
    if application is None:
        return ""
    if full and not application.anonymised_at:
        return application.id_number
    return application.id_number_masked or mask_id_number(application.id_number or "")


def certificates_xlsx(*, certificates, full_id_numbers: bool, actor=None, request=None) -> bytes:
    rows = (
        certificates.numbered()
        .select_related("issuer", "application", "candidate__plan")
        .order_by("number")
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("证书名单"))
    sheet.append([str(column) for column in COLUMNS])
    count = 0
    for certificate in rows.iterator(chunk_size=500):
        candidate = certificate.candidate
        values = [
            certificate.number,
            certificate.name,
            _id_number(certificate, full=full_id_numbers),
            certificate.occupation_title,
            certificate.occupation_code,
            certificate.specialty,
            certificate.level_label,
            f"{certificate.issued_on:%Y-%m-%d}",
            certificate.issuer.name,
            certificate.get_status_display(),
            (candidate.plan.code if candidate else ""),
            (candidate.ticket_number or "" if candidate else ""),
        ]
        sheet.append([neutralise(str(value)) for value in values])
        count += 1
    out = io.BytesIO()
    book.save(out)
    audit.record(
        AUDIT_EXPORT,
        request=request,
        actor=actor,
        object_type="assessments.certificate",
        row_count=count,
        masked=not full_id_numbers,
    )
    return out.getvalue()
