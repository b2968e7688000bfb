"""Test data for certificates: issuers and certificates issued through the service."""

from __future__ import annotations

import datetime

import factory

from assessments.models import CertificateIssuer
from assessments.services import certificates as services

ISSUE_DATE = datetime.date(2026, 12, 1)


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateIssuer

    name = "锡林郭勒盟振达职业培训学校"
    kind = "S"
    ministry_code = "0000"
    province_code = "15"
    site_serial = factory.Sequence(lambda n: f"{250001 + n:06d}")
    is_default = True


def holder(name: str = "张三", *, level: int = 4, **overrides) -> services.Holder:
    values = {
        "name": name,
        "occupation_title": "电子商务师",
        "occupation_code": "4-01-02-02",
        "specialty": "网商",
        "level": level,
    }
    values.update(overrides)
    return services.Holder(**values)


def issue(name: str = "张三", *, issuer=None, issued_on=ISSUE_DATE, level: int = 4, **overrides):
    return services.certificate_create(
        holder=holder(name, level=level, **overrides),
        issuer=issuer or IssuerFactory(),
        issued_on=issued_on,
    )
