"""The applicant's own ticket, linked from the status page (报名查询) once the plan is sealed.
The link's signed token names the candidate and expires; the endpoint is rate-limited."""

from __future__ import annotations

import io

from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments.services import documents as services
from assessments.views.documents.common import PDF, attachment
from forms_app import ratelimit

#: Downloads per client address (count, seconds).
DOWNLOADS_PER_ADDRESS = (30, 3600)


def ticket_download(request, token: str):
    limit, window = DOWNLOADS_PER_ADDRESS
    if not ratelimit.hit(
        "ticket-download", ratelimit.client_ip(request), limit=limit, window=window
    ):
        return ratelimit.too_many_requests(request)
    candidate = services.release.candidate_from_link_token(token)
    if candidate is None:
        return render(
            request,
            "assessments/documents/ticket_link_expired.html",
            {"message": _("下载链接无效或已过期，请回到报名查询页面重新查询后下载。")},
            status=404,
        )
    out = io.BytesIO()
    services.write_tickets(out, candidate.plan, [candidate])
    from hostsite import audit

    audit.record(
        services.TICKET_DOWNLOAD,
        request=request,
        target=candidate,
        object_label=candidate.ticket_number or "",
        actor_label=_("考生本人"),
        row_count=1,
        masked=True,
    )
    return attachment(
        out.getvalue(), filename=f"{_('准考证')}-{candidate.ticket_number}.pdf", content_type=PDF
    )
