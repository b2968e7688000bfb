"""The 证书管理 screens: staff of that group issue a plan's certificates, print them (one, or
the plan's as a background job), revoke and reissue with reasons, export the list as XLSX
(ID numbers masked, formulas inert); others are refused; the group reaches nothing else."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from assessments.models import Certificate
from tests.assessments import pdfcheck
from tests.assessments.certificates.factories import IssuerFactory
from tests.assessments.factories import candidates, exam_plan

GROUP = "证书管理"


def member(username: str = "certs-staff"):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-12345!")
    user.groups.add(Group.objects.get(name=GROUP))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def setup(loaded_site, results):
    IssuerFactory(site_serial="250001")
    plan = exam_plan()
    people = candidates(plan, 3)
    results.passed = {p.pk for p in people[:2]}
    return plan, people


def test_the_group_exists_with_what_it_needs_and_nothing_else(loaded_site):
    user = member()
    assert user.has_perm("assessments.issue_certificate")
    assert user.has_perm("assessments.change_certificateissuer")
    assert user.has_perm("wagtailadmin.access_admin")
    for other in (
        "forms_app.view_application",
        "forms_app.view_personal_data",
        "assessments.view_question",
        "assessments.seat_candidates",
        "assessments.delete_certificate",
    ):
        assert not user.has_perm(other), other


def test_staff_issue_print_and_export_a_plans_certificates(
    setup, client, django_capture_on_commit_callbacks
):
    plan, people = setup
    client.force_login(member())
    page = client.get(f"/admin/certificates/plans/{plan.pk}/")
    assert page.status_code == 200 and "通过考核 2 人" in page.content.decode()
    client.post(f"/admin/certificates/plans/{plan.pk}/")
    issued = list(Certificate.objects.filter(candidate__plan=plan).order_by("number"))
    assert [c.candidate_id for c in issued] == [people[0].pk, people[1].pk]

    single = client.get(f"/admin/certificates/{issued[0].pk}/pdf/")
    assert single["Content-Type"] == "application/pdf"
    assert issued[0].number in pdfcheck.text(single.content)

    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the job
        started = client.post(f"/admin/certificates/plans/{plan.pk}/print/")
    job_url = started["Location"]
    assert "进度" in client.get(job_url).content.decode()
    batch = b"".join(client.get(f"{job_url}download/").streaming_content)
    assert pdfcheck.page_count(batch) == 2

    export = client.get(f"/admin/certificates/plans/{plan.pk}/export/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("证书编号", "姓名", "居民身份证号码")
    assert rows[1][0] == issued[0].number
    assert "*" in rows[1][2] and people[0].application.id_number not in str(rows)
    full = client.get(f"/admin/certificates/plans/{plan.pk}/export/?full=1")  # not allowed
    assert "*" in list(load_workbook(io.BytesIO(full.content)).active.values)[1][2]


def test_export_makes_formulas_inert(setup, client):
    plan, people = setup
    people[0].application.name = "=HYPERLINK(1)"
    people[0].application.save()
    client.force_login(member())
    client.post(f"/admin/certificates/plans/{plan.pk}/")
    export = client.get(f"/admin/certificates/plans/{plan.pk}/export/")
    names = [row[1] for row in list(load_workbook(io.BytesIO(export.content)).active.values)[1:]]
    assert "'=HYPERLINK(1)" in names


def test_revoke_and_reissue_need_a_reason_and_keep_history(setup, client):
    plan, _people = setup
    client.force_login(member())
    client.post(f"/admin/certificates/plans/{plan.pk}/")
    first, second = Certificate.objects.filter(candidate__plan=plan).order_by("number")

    refused = client.post(f"/admin/certificates/{first.pk}/revoke/", {"reason": ""})
    assert refused.status_code == 400 and "撤销原因" in refused.content.decode()
    client.post(f"/admin/certificates/{first.pk}/revoke/", {"reason": "冒名顶替"})
    first.refresh_from_db()
    assert first.status == "revoked"

    answer = client.post(
        f"/admin/certificates/{second.pk}/reissue/", {"reason": "证书遗失", "name": "张更正"}
    )
    new = Certificate.objects.get(replaces=second)
    assert answer["Location"].endswith(f"/admin/certificates/{new.pk}/")
    assert new.name == "张更正" and new.number != second.number and new.serial == 3
    detail = client.get(f"/admin/certificates/{second.pk}/").content.decode()
    assert "证书遗失" in detail and new.number in detail


def test_a_blocked_plan_issues_nothing_and_says_why(setup, client, results):
    plan, _people = setup
    results.blockers = ["“成绩公示”有 1 条异议尚未处理。"]
    client.force_login(member())
    page = client.get(f"/admin/certificates/plans/{plan.pk}/").content.decode()
    assert "异议尚未处理" in page
    assert client.post(f"/admin/certificates/plans/{plan.pk}/").status_code == 409
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/certificates/",
        "/admin/certificates/plans/",
        "/admin/certificates/issuers/",
    ],
)
def test_staff_without_the_group_are_refused(setup, client, url):
    from tests.assessments.factories import exam_staff

    client.force_login(exam_staff("someone-else"))
    assert client.get(url).status_code in (302, 403)
    assert client.get(url).status_code != 200


def test_others_cannot_change_a_certificate(setup, client):
    from tests.assessments.factories import exam_staff

    plan, _people = setup
    client.force_login(member())
    client.post(f"/admin/certificates/plans/{plan.pk}/")
    certificate = Certificate.objects.first()
    client.force_login(exam_staff("intruder"))
    response = client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "x"})
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_the_certificate_list_finds_by_number_and_name(setup, client):
    plan, people = setup
    client.force_login(member())
    client.post(f"/admin/certificates/plans/{plan.pk}/")
    certificate = Certificate.objects.order_by("number").first()
    page = client.get("/admin/certificates/", {"q": certificate.number[-6:]}).content.decode()
    assert certificate.number in page
