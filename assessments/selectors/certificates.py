"""Reads about certificates: public verification (by number and name, or a scanned payload)
and staff listings."""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass

from assessments.choices import CertificateStatus
from assessments.models import Certificate
from assessments.services.certificates import signing
from occupations.choices import Level

VALID = "valid"
REVOKED = "revoked"
NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Verification:
    """What the public may learn: the status and, for a certificate that exists, the
    occupation, level and date. Nothing else (no name, no number back, no issuer detail)."""

    status: str
    occupation: str = ""
    specialty: str = ""
    level: int | None = None
    issued_on: object = None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""

    def as_dict(self) -> dict:
        if self.status == NOT_FOUND:
            return {"status": NOT_FOUND}
        return {
            "status": self.status,
            "occupation": self.occupation,
            "specialty": self.specialty,
            "level": self.level,
            "level_label": self.level_label,
            "issued_on": self.issued_on.isoformat(),
        }


def normalise_number(number: str) -> str:
    return "".join((number or "").split()).upper()[:40]


def normalise_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())[:30]


def _answer(certificate: Certificate) -> Verification:
    status = REVOKED if certificate.status == CertificateStatus.REVOKED else VALID
    return Verification(
        status=status,
        occupation=certificate.occupation_title,
        specialty=certificate.specialty,
        level=certificate.level,
        issued_on=certificate.issued_on,
    )


#: Compared when no certificate has the number, so both paths do the same work.
_NOBODY = "\u3007" * 30


def certificate_verify(*, number: str, name: str) -> Verification:
    """The status of the certificate with this number, when the name matches too; "not found"
    for a wrong name exactly as for a number nobody has. One indexed query either way and one
    constant-time comparison (the view also answers after a fixed minimum time)."""
    row = (
        Certificate.objects.numbered()
        .filter(number=normalise_number(number))
        .only("name", "status", "occupation_title", "specialty", "level", "issued_on")
        .first()
    )
    expected = normalise_name(row.name) if row is not None else _NOBODY
    matches = hmac.compare_digest(expected.encode("utf-8"), normalise_name(name).encode("utf-8"))
    if row is None or not matches or not name.strip():
        return Verification(status=NOT_FOUND)
    return _answer(row)


@dataclass(frozen=True)
class PayloadCheck:
    """A scanned QR payload: whether the signature holds (needs only the public keys), what it
    says, and the certificate's current status here (None when the database was not asked or
    does not know it)."""

    genuine: bool
    fields: signing.SignedFields | None = None
    current: Verification | None = None


def payload_check(*, payload: str, look_up: bool = True) -> PayloadCheck:
    try:
        fields = signing.verify(payload)
    except signing.PayloadInvalid:
        return PayloadCheck(genuine=False)
    current = None
    if look_up:
        row = (
            Certificate.objects.numbered()
            .filter(number=fields.number, payload=payload.strip())
            .only("status", "occupation_title", "specialty", "level", "issued_on")
            .first()
        )
        current = _answer(row) if row is not None else Verification(status=NOT_FOUND)
    return PayloadCheck(genuine=True, fields=fields, current=current)


def certificates_of_application(*, application) -> list[Certificate]:
    return list(
        Certificate.objects.numbered().filter(application=application).order_by("-issued_on", "pk")
    )
