"""Parallel issuing (PostgreSQL): 50 issuers at once get serials 1…50, no gap, no duplicate;
plans issued in one call get contiguous ranges among them.

Each issuer runs in its own thread with its own database connection (as gunicorn's threads and
several staff at once would); the rows are committed by those connections and removed after the
test, as tests/concurrency.py explains."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.assessments.certificates.factories import ISSUE_DATE, holder
from tests.concurrency import in_own_connection, in_parallel, needs_postgresql

pytestmark = needs_postgresql(
    "SQLite runs one writer at a time and has no row locks, so parallel issuers cannot race there"
)

ISSUERS = 50


@pytest.fixture
def issuer_pk():
    from assessments.models import CertificateIssuer

    pk = in_own_connection(
        lambda: (
            CertificateIssuer.objects.create(
                name="并发测试发证机构", site_serial="999001", is_default=False
            ).pk
        )
    )
    yield pk

    def remove():
        from assessments.models import Certificate, CertificateIssuer, CertificateSerial

        Certificate.objects.filter(issuer_id=pk).delete()
        CertificateSerial.objects.filter(issuer_id=pk).delete()
        CertificateIssuer.objects.filter(pk=pk).delete()

    in_own_connection(remove)


def test_parallel_issuers_get_gapless_unique_serials(issuer_pk):
    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services
    from assessments.services.certificates import signing

    def issue_one(n: int):
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        return services.certificate_create(
            holder=holder(f"考生{n}"), issuer=issuer, issued_on=ISSUE_DATE
        ).number

    outcomes = in_parallel(issue_one, ISSUERS)
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    assert len(set(outcomes)) == ISSUERS  # no number given twice
    serials = in_own_connection(
        lambda: sorted(
            Certificate.objects.filter(issuer_id=issuer_pk).values_list("serial", flat=True)
        )
    )
    assert serials == list(range(1, ISSUERS + 1))  # no gap
    assert not [n for n, c in Counter(outcomes).items() if c > 1]
    # most were numbered by another issuer (group commit): each still got its own number,
    # signed for its own name
    stored = in_own_connection(
        lambda: list(Certificate.objects.filter(issuer_id=issuer_pk).values("number", "payload"))
    )
    assert {signing.verify(row["payload"]).number for row in stored} == set(outcomes)
    assert {row["number"] for row in stored} == set(outcomes)


def test_parallel_issuers_with_failures_leave_no_gap(issuer_pk):
    """A third of the issuers fail after taking their serial (their transaction rolls back):
    the serials of those that succeeded are still 1…N without a gap."""
    from django.db import transaction

    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services

    def issue_one(n: int):
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        with transaction.atomic():
            certificate = services.certificate_create(
                holder=holder(f"考生{n}"), issuer=issuer, issued_on=ISSUE_DATE
            )
            if n % 3 == 0:
                raise RuntimeError("printer jammed")
        return certificate.number

    outcomes = in_parallel(issue_one, ISSUERS)
    succeeded = [o for o in outcomes if isinstance(o, str)]
    assert len(succeeded) == ISSUERS - len(range(0, ISSUERS, 3))
    serials = in_own_connection(
        lambda: sorted(
            Certificate.objects.filter(issuer_id=issuer_pk).values_list("serial", flat=True)
        )
    )
    assert serials == list(range(1, len(succeeded) + 1))


def test_parallel_plan_batches_and_single_issues_share_gapless_serials(issuer_pk):
    """Half the issuers issue a plan of 4 in one call, the other half one certificate each, all
    at once: every batch has a contiguous range and all serials are 1…N once each."""
    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services

    def issue(n: int):
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        if n % 2:
            return [
                services.certificate_create(
                    holder=holder(f"考生{n}"), issuer=issuer, issued_on=ISSUE_DATE
                ).serial
            ]
        holders = [holder(f"考生{n}-{i}") for i in range(4)]
        batch = services.certificates_create(holders=holders, issuer=issuer, issued_on=ISSUE_DATE)
        return [certificate.serial for certificate in batch]

    outcomes = in_parallel(issue, ISSUERS)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    for serials in outcomes:  # a plan's certificates follow each other
        assert serials == list(range(serials[0], serials[0] + len(serials)))
    expected = (ISSUERS // 2) * 4 + ISSUERS // 2
    stored = in_own_connection(
        lambda: sorted(
            Certificate.objects.filter(issuer_id=issuer_pk).values_list("serial", flat=True)
        )
    )
    assert stored == list(range(1, expected + 1))
    assert sorted(s for serials in outcomes for s in serials) == stored


def test_parallel_plan_batches_with_failures_leave_no_gap(issuer_pk):
    """A third of the plans fail after being numbered (rolled back): the serials of the others
    are still 1…N without a gap."""
    from django.db import transaction

    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services

    def issue_plan(n: int):
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        with transaction.atomic():
            batch = services.certificates_create(
                holders=[holder(f"考生{n}-{i}") for i in range(3)],
                issuer=issuer,
                issued_on=ISSUE_DATE,
            )
            if n % 3 == 0:
                raise RuntimeError("printer jammed")
        return batch

    outcomes = in_parallel(issue_plan, ISSUERS)
    succeeded = [o for o in outcomes if isinstance(o, list)]
    assert len(succeeded) == ISSUERS - len(range(0, ISSUERS, 3))
    serials = in_own_connection(
        lambda: sorted(
            Certificate.objects.filter(issuer_id=issuer_pk).values_list("serial", flat=True)
        )
    )
    assert serials == list(range(1, 3 * len(succeeded) + 1))


def test_one_issued_on_its_own_that_cannot_be_numbered_is_taken_back(issuer_pk, monkeypatch):
    """Issued outside a transaction, a certificate is committed before it is numbered; when
    the serials have run out it is deleted again and the audit trail says it was not issued."""
    from hostsite.models import AuditEntry

    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services
    from assessments.services.certificates import numbers
    from assessments.services.certificates.errors import CertificateRefused

    monkeypatch.setattr(numbers.FORMATS["national22"], "max_serial", 1)

    def issue(name: str):
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        try:
            return services.certificate_create(
                holder=holder(name), issuer=issuer, issued_on=ISSUE_DATE
            ).number
        except CertificateRefused as refusal:
            return refusal

    assert in_own_connection(issue, "考生甲").endswith("000001")
    refusal = in_own_connection(issue, "考生乙")
    assert isinstance(refusal, CertificateRefused) and "流水号已用完" in refusal.message
    names = in_own_connection(
        lambda: list(Certificate.objects.filter(issuer_id=issuer_pk).values_list("name", flat=True))
    )
    assert names == ["考生甲"]
    details = in_own_connection(
        lambda: list(
            AuditEntry.objects.filter(
                action=services.AUDIT_ISSUE, object_label__startswith="考生乙"
            )
            .order_by("pk")
            .values_list("detail", flat=True)
        )
    )
    assert details[-2:] == ["", f"未颁发：{refusal.message}"]


def test_a_certificate_left_waiting_is_numbered_by_the_next_one_issued_on_its_own(issuer_pk):
    """A process died between storing a certificate and numbering it: the next certificate of
    that issuer, year and level issued on its own numbers it first."""
    from assessments.models import Certificate, CertificateIssuer
    from assessments.services import certificates as services

    def store_only():
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        (certificate,) = services.store_certificates(
            holders=[holder("考生甲")],
            issuer=issuer,
            issued_on=ISSUE_DATE,
            action="issued",
            audit_action=services.AUDIT_ISSUE,
        )
        return certificate.pk

    def issue():
        issuer = CertificateIssuer.objects.get(pk=issuer_pk)
        return services.certificate_create(
            holder=holder("考生乙"), issuer=issuer, issued_on=ISSUE_DATE
        ).serial

    left = in_own_connection(store_only)
    assert in_own_connection(issue) == 2
    assert in_own_connection(lambda: Certificate.objects.get(pk=left).serial) == 1
