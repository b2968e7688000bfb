"""Public certificate verification API, mounted at /api/v1/certificates/."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.views.decorators.cache import never_cache
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.responses import Status

from assessments.selectors import certificates as selectors
from assessments.views.certificates import in_constant_time, within_rate

router = Router(tags=["certificates"])


class VerificationOut(Schema):
    """``valid``, ``revoked`` or ``not_found``; for the first two the occupation, specialty,
    level and issue date, and nothing else."""

    status: str
    occupation: str | None = None
    specialty: str | None = None
    level: int | None = None
    level_label: str | None = None
    issued_on: datetime.date | None = None


@router.get(
    "/verify",
    response={200: VerificationOut},
    summary="Verify a certificate by number and holder's name",
    description="Answers valid / revoked / not_found (a wrong name is not_found too). "
    "Rate-limited per address; every answer takes at least the same time.",
)
@decorate_view(never_cache)
def verify(request: HttpRequest, number: str, name: str):
    from django.utils.translation import gettext as _

    if len(number) > 40 or len(name) > 30 or not number.strip() or not name.strip():
        raise HttpError(400, _("请填写证书编号（不超过40位）和姓名（不超过30字）。"))
    if not within_rate(request):
        raise HttpError(429, _("查询过于频繁，请稍后再试。"))
    result = in_constant_time(lambda: selectors.certificate_verify(number=number, name=name))
    return Status(200, result.as_dict())
