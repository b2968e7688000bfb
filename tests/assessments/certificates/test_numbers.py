"""Certificate numbers: the national 22-character layout, gapless serials per issuer, year and
level, revoked numbers never given again, the format registry."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from assessments.models import Certificate
from assessments.services import certificates as services
from assessments.services.certificates import numbers
from assessments.services.certificates.errors import CertificateRefused
from tests.assessments.certificates.factories import ISSUE_DATE, IssuerFactory, holder, issue

pytestmark = pytest.mark.django_db


def test_national_layout_positions():
    issuer = IssuerFactory(kind="S", ministry_code="0000", province_code="15", site_serial="250001")
    certificate = issue(issuer=issuer, level=3, issued_on=datetime.date(2026, 12, 1))
    number = certificate.number
    assert len(number) == 22
    assert number[0] == "S"  # 1: kind of organisation
    assert number[1:5] == "0000"  # 2–5: ministry code (0000: registered with the province)
    assert number[5:7] == "15"  # 6–7: 内蒙古
    assert number[7:13] == "250001"  # 8–13: organisation/site serial
    assert number[13:15] == "26"  # 14–15: year
    assert number[15] == "3"  # 16: level
    assert number[16:] == "000001"  # 17–22: serial


def test_serials_count_per_issuer_year_and_level():
    first, second = IssuerFactory(), IssuerFactory()
    assert [issue(issuer=first).serial for _ in range(3)] == [1, 2, 3]
    assert issue(issuer=first, level=3).serial == 1
    assert issue(issuer=first, issued_on=datetime.date(2027, 1, 4)).serial == 1
    assert issue(issuer=second).serial == 1
    assert issue(issuer=first).number.endswith("000004")


def test_revoked_number_is_never_given_again():
    issuer = IssuerFactory()
    revoked = issue(issuer=issuer)
    services.certificate_revoke(certificate=revoked, reason="证书信息有误")
    following = issue(issuer=issuer)
    assert following.serial == 2 and following.number != revoked.number
    revoked.refresh_from_db()
    assert revoked.status == "revoked"


def test_a_failed_issue_gives_its_serial_back():
    issuer = IssuerFactory()
    issue(issuer=issuer)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(issuer=issuer)
        raise RuntimeError("the printer caught fire")
    assert issue(issuer=issuer).serial == 2
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [1, 2]


def test_incomplete_issuer_settings_are_refused():
    issuer = IssuerFactory(site_serial="25")  # staff left positions 8–13 short
    with pytest.raises(CertificateRefused, match="第 1–13 位"):
        issue(issuer=issuer)
    assert not Certificate.objects.exists()


def test_serials_run_out_at_the_formats_limit(monkeypatch):
    issuer = IssuerFactory()
    monkeypatch.setattr(numbers.FORMATS["national22"], "max_serial", 2)
    issue(issuer=issuer)
    issue(issuer=issuer)
    with pytest.raises(CertificateRefused, match="流水号已用完"):
        issue(issuer=issuer)


def test_no_default_issuer_is_a_clear_refusal():
    with pytest.raises(CertificateRefused, match="默认发证机构"):
        services.certificate_create(holder=holder(), issued_on=ISSUE_DATE)


def test_a_registered_format_numbers_certificates():
    @numbers.certificate_number_format("test-short")
    class Short(numbers.NumberFormat):
        label = "short"
        max_serial = 99

        def compose(self, *, issuer, year, level, serial):
            return f"T{year}-{level}-{serial:02d}"

    try:
        issuer = IssuerFactory(number_format="test-short")
        assert issue(issuer=issuer, level=5).number == "T2026-5-01"
        assert ("test-short", "short") in numbers.format_choices()
    finally:
        numbers.FORMATS.pop("test-short")


def test_unknown_format_is_refused():
    with pytest.raises(CertificateRefused, match="未知的证书编号格式"):
        issue(issuer=IssuerFactory(number_format="gone"))


def test_reissue_gives_a_new_number_and_revokes_the_old():
    issuer = IssuerFactory()
    old = issue("张三", issuer=issuer)
    new = services.certificate_reissue(
        certificate=old, reason="姓名有误", holder=holder("张珊"), issued_on=ISSUE_DATE
    )
    old.refresh_from_db()
    assert new.serial == 2 and new.replaces == old and new.name == "张珊"
    assert old.status == "revoked" and "姓名有误" in old.revoke_reason
    assert [e.action for e in old.events.all()] == ["issued", "revoked"]
    assert [e.action for e in new.events.all()] == ["reissued"]
    with pytest.raises(CertificateRefused, match="已撤销"):
        services.certificate_reissue(certificate=old, reason="再补一次")


def test_revoke_and_reissue_need_a_reason():
    certificate = issue()
    with pytest.raises(CertificateRefused, match="撤销原因"):
        services.certificate_revoke(certificate=certificate, reason="  ")
    with pytest.raises(CertificateRefused, match="补发原因"):
        services.certificate_reissue(certificate=certificate, reason="")


def test_issue_revoke_and_reissue_are_audited():
    from hostsite.models import AuditEntry

    certificate = issue()
    services.certificate_revoke(certificate=certificate, reason="冒名顶替")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "detail"))
    assert actions[-2:] == [
        ("assessments.certificate_issue", ""),
        ("assessments.certificate_revoke", "冒名顶替"),
    ]


# --- a batch (a plan's certificates): one transaction, a contiguous range of serials ---------


def test_a_batch_gets_consecutive_serials_in_the_order_given_each_signed_and_audited():
    from hostsite.models import AuditEntry

    from assessments.services.certificates import signing

    issuer = IssuerFactory()
    issue("王一", issuer=issuer)
    names = ["李二", "张三", "赵四"]
    batch = services.certificates_create(
        holders=[holder(name) for name in names], issuer=issuer, issued_on=ISSUE_DATE
    )
    assert [c.serial for c in batch] == [2, 3, 4]
    assert [c.name for c in batch] == names
    stored = {c.pk: c for c in Certificate.objects.filter(pk__in=[c.pk for c in batch])}
    for certificate in batch:
        again = stored[certificate.pk]
        assert again.number == certificate.number and again.number.endswith(
            f"{certificate.serial:06d}"
        )
        assert signing.verify(again.payload).number == again.number
        assert signing.verify(again.payload).name == again.name
        assert [e.action for e in again.events.all()] == ["issued"]
    audited = AuditEntry.objects.filter(
        action=services.AUDIT_ISSUE, object_id__in=[str(c.pk) for c in batch]
    )
    assert sorted(audited.values_list("object_label", flat=True)) == sorted(
        f"{name} 四级/中级工 电子商务师" for name in names
    )


def test_a_batch_that_would_run_out_of_serials_stores_nothing(monkeypatch):
    issuer = IssuerFactory()
    monkeypatch.setattr(numbers.FORMATS["national22"], "max_serial", 3)
    issue(issuer=issuer)
    with pytest.raises(CertificateRefused, match="流水号已用完"):
        services.certificates_create(
            holders=[holder("甲"), holder("乙"), holder("丙")], issuer=issuer, issued_on=ISSUE_DATE
        )
    assert Certificate.objects.count() == 1
    assert issue(issuer=issuer).serial == 2  # the refused batch took no serial


def test_a_rolled_back_batch_gives_its_serials_back():
    issuer = IssuerFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.certificates_create(
            holders=[holder("甲"), holder("乙")], issuer=issuer, issued_on=ISSUE_DATE
        )
        raise RuntimeError("the printer caught fire")
    assert not Certificate.objects.exists()
    assert [c.serial for c in services.certificates_create(
        holders=[holder("甲"), holder("乙")], issuer=issuer, issued_on=ISSUE_DATE
    )] == [1, 2]  # fmt: skip


def test_a_batch_is_of_one_level():
    with pytest.raises(ValueError, match="one level"):
        services.certificates_create(
            holders=[holder("甲", level=4), holder("乙", level=3)],
            issuer=IssuerFactory(),
            issued_on=ISSUE_DATE,
        )
    assert services.certificates_create(holders=[], issuer=IssuerFactory()) == []
