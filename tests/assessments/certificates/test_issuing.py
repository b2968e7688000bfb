"""Issuing to an exam plan's candidates: only when the results area allows it for the plan and
only to those who passed; the applicant is told and sees the certificate on the status page;
the certificate prints with photo, name, occupation, level, number, date, issuer and a QR code
that opens the verification page with the signed payload."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlparse

import pytest

from assessments.models import Certificate
from assessments.services.certificates import issuing, printing, signing
from assessments.services.certificates.errors import CertificateRefused
from forms_app.notifications import KINDS
from tests.assessments import pdfcheck
from tests.assessments.certificates.factories import IssuerFactory
from tests.assessments.factories import candidates, exam_plan

DAY = datetime.date(2026, 12, 30)


@pytest.fixture
def plan(loaded_site):
    IssuerFactory(site_serial="250001")
    return exam_plan()


def test_without_the_results_area_nothing_is_issued(plan, monkeypatch):
    monkeypatch.setattr(issuing, "_results", lambda: None)
    people = candidates(plan, 2)
    with pytest.raises(CertificateRefused, match="成绩与公示"):
        issuing.certificates_issue_for_plan(plan=plan)
    with pytest.raises(CertificateRefused, match="成绩与公示"):
        issuing.certificate_issue(candidate=people[0])
    assert not Certificate.objects.exists()


def test_a_blocked_plan_says_why(plan, results):
    people = candidates(plan, 1)
    results.passed = {people[0].pk}
    results.blockers = ["“成绩公示”的公示期到 2026-12-31 结束。"]
    with pytest.raises(CertificateRefused, match="公示期到 2026-12-31"):
        issuing.certificates_issue_for_plan(plan=plan, issued_on=DAY)
    assert not Certificate.objects.exists()


def test_the_plan_issues_to_those_who_passed_once(plan, results):
    people = candidates(plan, 4)
    results.passed = {people[0].pk, people[2].pk, people[3].pk}
    issued = issuing.certificates_issue_for_plan(plan=plan, issued_on=DAY)
    assert [c.candidate_id for c in issued] == [people[0].pk, people[2].pk, people[3].pk]
    assert [c.number[-6:] for c in issued] == ["000001", "000002", "000003"]
    assert {c.level for c in issued} == {4} and issued[0].name == people[0].application.name
    assert issuing.certificates_issue_for_plan(plan=plan, issued_on=DAY) == []  # not twice
    with pytest.raises(CertificateRefused, match="已有有效证书"):
        issuing.certificate_issue(candidate=people[0], issued_on=DAY)
    with pytest.raises(CertificateRefused, match="未通过"):
        issuing.certificate_issue(candidate=people[1], issued_on=DAY)


def test_a_name_the_font_cannot_print_is_refused(plan, results):
    (person,) = candidates(plan, 1)
    person.application.name = "张\U00020000"  # CJK Extension B
    person.application.save()
    results.passed = {person.pk}
    with pytest.raises(CertificateRefused, match="无法打印"):
        issuing.certificates_issue_for_plan(plan=plan, issued_on=DAY)
    assert not Certificate.objects.exists()


def test_the_applicant_is_told_and_sees_it_on_the_status_page(plan, results):
    from forms_app.next_steps import next_steps

    (person,) = candidates(plan, 1)
    results.passed = {person.pk}
    certificate = issuing.certificate_issue(candidate=person, issued_on=DAY)
    notice = KINDS["certificate_issued"](certificate_id=certificate.pk)
    assert certificate.number in notice.text and "电子商务师" in notice.text
    assert notice.recipient.reference == person.application.number

    links = next_steps(person.application).links
    assert [link.label for link in links] == [f"查看职业技能等级证书（{certificate.number}）"]
    payload = parse_qs(urlparse(links[0].url).query)["p"][0]
    assert signing.verify(payload).number == certificate.number


def test_the_certificate_prints_with_everything_and_a_readable_qr_code(plan, results, tmp_path):
    from forms_app.models import ApplicationFile
    from tests.forms_app.factories import jpeg_upload

    (person,) = candidates(plan, 1)
    ApplicationFile.objects.create(
        application=person.application,
        field_name="photo",
        kind="photo",
        file=jpeg_upload(),
        original_name="photo.jpg",
        content_type="image/jpeg",
        size=1000,
    )
    results.passed = {person.pk}
    certificate = issuing.certificate_issue(candidate=person, issued_on=DAY)
    data = printing.certificates_print(certificates=[certificate])

    assert pdfcheck.fonts_embedded(data)
    text = pdfcheck.text(data)
    for expected in (
        "职业技能等级证书",
        person.application.name,
        "电子商务师",
        "网商",
        "四级/中级工",
        certificate.number,
        "2026年12月30日",
        certificate.issuer.name,
    ):
        assert expected in text
    (page,) = pdfcheck.render(data, tmp_path, resolution=150, name="certificate")
    (code,) = pdfcheck.qr_codes(page)
    url = urlparse(code)
    assert url.path == "/exams/certificates/verify/"
    assert signing.verify(parse_qs(url.query)["p"][0]).name == person.application.name
    assert pdfcheck.dark_fraction(page, (120, 350, 300, 600)) > 0.05  # the photo is there
    assert [e.action for e in certificate.events.all()] == ["issued", "printed"]


def _left_waiting(person) -> Certificate:
    """A certificate whose issuer died after storing it and before numbering it (the first of
    the two steps of issuing one certificate on its own)."""
    from assessments.services import certificates as services

    (certificate,) = services.store_certificates(
        holders=[issuing.holder_for(person)],
        issuer=IssuerFactory._meta.model.objects.get(is_default=True),
        issued_on=DAY,
        action="issued",
        audit_action=services.AUDIT_ISSUE,
    )
    return certificate


def test_a_certificate_left_waiting_is_hidden_then_numbered_by_its_notice(plan, results):
    from assessments.selectors.certificates import certificates_of_application
    from forms_app.next_steps import next_steps

    (person,) = candidates(plan, 1)
    results.passed = {person.pk}
    waiting = _left_waiting(person)
    assert next_steps(person.application).links == []  # nothing to show without a number
    assert certificates_of_application(application=person.application) == []

    notice = KINDS["certificate_issued"](certificate_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.serial == 1 and len(waiting.number) == 22
    assert waiting.number in notice.text
    assert signing.verify(waiting.payload).name == person.application.name
    assert [link.label for link in next_steps(person.application).links] == [
        f"查看职业技能等级证书（{waiting.number}）"
    ]


def test_a_certificate_left_waiting_blocks_a_second_and_keeps_its_place(plan, results):
    from assessments.services import certificates as services

    first, second = candidates(plan, 2)
    results.passed = {first.pk, second.pk}
    waiting = _left_waiting(first)
    with pytest.raises(CertificateRefused, match="已有有效证书"):  # never a second one
        issuing.certificate_issue(candidate=first, issued_on=DAY)
    assert services.number_waiting(issuer=waiting.issuer, year=DAY.year, level=4) == 1
    issued = issuing.certificate_issue(candidate=second, issued_on=DAY)
    waiting.refresh_from_db()
    assert (waiting.serial, issued.serial) == (1, 2)
