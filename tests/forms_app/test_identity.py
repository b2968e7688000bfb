"""身份待核: one ID number, live applications under different mobiles (forms_app/identity.py).

A stranger who types someone's ID number with their own phone is not refused and learns
nothing; the real holder still applies and learns nothing either; both applications are stored,
marked and linked for staff, who decide against the ID photo, and the decision is recorded.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

from forms_app import services
from forms_app.choices import ApplicationStatus
from forms_app.models import Application, ApplicationEvent
from tests.forms_app import factories
from tests.forms_app.admin_helpers import ADMIN, detail_url, reviewers_group, staff_user
from tests.forms_app.exchange_support import make_application
from tests.forms_app.test_support import (
    MOBILE,
    SMS_LOGGER,
    applicant,
    make_form_page,
    sms_lines,
    valid_id_number,
)

STRANGER_MOBILE = "13700137000"


@pytest.fixture
def form_page(occupation, exam_period):
    return make_form_page(occupation=occupation, exam_period=exam_period)


def submitted(browser: Client, page, **overrides):
    """POST the form and follow to the confirmation page: (status of the POST, page shown)."""
    response = browser.post(page.url, applicant(**overrides))
    html = response.content.decode()
    if response.status_code == 302:
        html = browser.get(response["Location"]).content.decode()
    return response.status_code, html


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_stranger_using_an_id_number_cannot_lock_its_holder_out_and_neither_learns_of_the_other(
    form_page,
):
    stranger_status, stranger_page = submitted(
        Client(REMOTE_ADDR="198.51.100.66"), form_page, mobile=STRANGER_MOBILE
    )
    owner_status, owner_page = submitted(Client(REMOTE_ADDR="203.0.113.9"), form_page)

    assert (stranger_status, owner_status) == (302, 302)
    stranger_app = Application.objects.get(mobile_masked="137****7000")
    owner_app = Application.objects.get(mobile_masked="138****8000")
    # Both are told exactly what every applicant is told: submitted, awaiting review.
    for html, own, other in (
        (stranger_page, stranger_app, owner_app),
        (owner_page, owner_app, stranger_app),
    ):
        text = visible_text(html)
        assert "报名已提交" in text and own.number in text and "已提交，待审核" in text
        assert other.number not in text
        assert "身份" not in text and "重复" not in text and "已提交过" not in text
    assert stranger_app.identity_check and owner_app.identity_check
    assert stranger_app.status == owner_app.status == ApplicationStatus.SUBMITTED
    reasons = ApplicationEvent.objects.filter(reason__startswith="身份待核").values_list(
        "application__number", flat=True
    )
    assert sorted(reasons) == sorted([stranger_app.number, owner_app.number])


def test_the_status_page_shows_each_only_their_own(form_page, client):
    submitted(Client(), form_page, mobile=STRANGER_MOBILE)
    submitted(Client(), form_page)

    def lookup(mobile: str) -> str:
        response = client.post(
            "/applications/status/", {"id_number": valid_id_number(0), "mobile": mobile}
        )
        return visible_text(response.content.decode())

    stranger_view, owner_view = lookup(STRANGER_MOBILE), lookup(MOBILE)
    stranger_app = Application.objects.get(mobile_masked="137****7000")
    owner_app = Application.objects.get(mobile_masked="138****8000")
    assert stranger_app.number in stranger_view and owner_app.number not in stranger_view
    assert owner_app.number in owner_view and stranger_app.number not in owner_view
    assert "身份待核" not in stranger_view + owner_view


def test_the_same_person_submitting_again_is_reminded_of_their_number(form_page, client):
    assert client.post(form_page.url, applicant()).status_code == 302
    first = Application.objects.get()

    response = client.post(form_page.url, applicant())

    assert response.status_code == 409
    html = response.content.decode()
    assert "请勿重复提交" in html and first.number in html
    assert Application.objects.count() == 1
    assert not Application.objects.get().identity_check


def test_the_same_mobile_for_another_level_is_no_identity_question(form_page, client):
    client.post(form_page.url, applicant())
    client.post(form_page.url, applicant(target="网商|3"))

    assert Application.objects.count() == 2
    assert not Application.objects.filter(identity_check=True).exists()


def test_a_clash_with_another_level_or_an_earlier_period_is_marked_too(
    form_page, occupation, client
):
    earlier = make_form_page(
        occupation=occupation,
        exam_period=factories.ExamPeriodFactory(name="2026年第一批"),
        slug="apply-earlier",
    )
    client.post(earlier.url, applicant())

    client.post(form_page.url, applicant(mobile=STRANGER_MOBILE, target="网商|3"))

    assert list(Application.objects.values_list("identity_check", flat=True)) == [True, True]


def test_a_withdrawn_or_rejected_application_is_no_clash(form_page, client):
    client.post(form_page.url, applicant())
    services.application_transition(
        application=Application.objects.get(), to=ApplicationStatus.WITHDRAWN
    )

    client.post(form_page.url, applicant(mobile=STRANGER_MOBILE))

    assert not Application.objects.filter(identity_check=True).exists()


def test_staff_entry_and_imports_follow_the_same_rule(form_page):
    make_application(form_page, id_no=valid_id_number(5), mobile=MOBILE, source="import")

    with pytest.raises(services.DuplicateApplication, match="BM"):
        make_application(form_page, id_no=valid_id_number(5), mobile=MOBILE, source="import")
    other = make_application(
        form_page, id_no=valid_id_number(5), mobile=STRANGER_MOBILE, source="import"
    )

    assert Application.objects.count() == 2
    assert Application.objects.get(pk=other.pk).identity_check
    assert Application.objects.filter(identity_check=True).count() == 2


# --- texts go only to a proven mobile ---------------------------------------------------------


def test_texts_go_only_to_a_proven_mobile(form_page, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    with django_capture_on_commit_callbacks(execute=True):
        application = make_application(form_page, id_no=valid_id_number(3), source="import")
    assert application.mobile_proven  # staff entered it: staff vouch for the number
    assert len(sms_lines(caplog)) == 1  # the confirmation

    Application.objects.filter(pk=application.pk).update(mobile_proven=False)  # e.g. an old row
    caplog.clear()
    reviewer = staff_user("reviewer", groups=[reviewers_group()])
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            to=ApplicationStatus.NEEDS_INFO,
            actor=reviewer,
            reason="补照片",
        )
    assert sms_lines(caplog) == []  # an unproven mobile is never texted


def test_one_mobile_gets_at_most_ten_notices_a_day(form_page, caplog, settings):
    from forms_app import notifications

    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    recipient = notifications.Recipient(mobile=MOBILE, reference="BM-test")
    for _ in range(12):
        notifications.send_sms(recipient, subject="", text="您的报名状态：审核通过。")

    assert len(sms_lines(caplog)) == 10
    assert "too many today" in caplog.text


# --- staff resolve it -------------------------------------------------------------------------


@pytest.fixture
def clash(form_page):
    """The holder (138…) applied first, a stranger (137…) later, with the same ID number."""
    owner = make_application(form_page, id_no=valid_id_number(9), mobile=MOBILE)
    stranger = make_application(form_page, id_no=valid_id_number(9), mobile=STRANGER_MOBILE)
    return Application.objects.get(pk=owner.pk), Application.objects.get(pk=stranger.pk)


@pytest.fixture
def reviewer_client(client):
    client.force_login(staff_user("reviewer", groups=[reviewers_group()]))
    return client


def test_the_review_listing_filters_and_marks_identity_checks(clash, reviewer_client, form_page):
    make_application(form_page, id_no=valid_id_number(10), mobile=MOBILE)

    html = reviewer_client.get(f"{ADMIN}?identity_check=true").content.decode()
    everything = reviewer_client.get(ADMIN).content.decode()

    assert all(application.number in html for application in clash)
    assert html.count("身份待核") >= 3  # the filter, and each row
    assert everything.count("BM") > html.count("BM")


def test_the_detail_page_links_the_applications_of_one_id_number(clash, reviewer_client):
    owner, stranger = clash

    html = reviewer_client.get(detail_url(stranger)).content.decode()

    assert "身份待核" in html
    assert f'href="{detail_url(owner)}"' in html and owner.number in html
    assert "138****8000" in html  # masked: this reviewer may not see full numbers
    assert "确认为本人" in html and "非本人，不予通过" in html


def test_staff_refuse_the_stranger_and_the_holder_is_no_longer_in_doubt(
    clash, reviewer_client, django_capture_on_commit_callbacks
):
    owner, stranger = clash

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            f"{detail_url(stranger)}identity/",
            {"identity": "not_genuine", "identity_reason": "证件照与身份证照片不符"},
        )

    assert response.status_code == 302
    stranger, owner = Application.objects.get(pk=stranger.pk), Application.objects.get(pk=owner.pk)
    assert stranger.status == ApplicationStatus.REJECTED
    assert stranger.status_reason == "身份核实未通过：证件照与身份证照片不符"
    assert not stranger.identity_check and not owner.identity_check
    event = stranger.events.get(to_status=ApplicationStatus.REJECTED)
    assert event.actor.username == "reviewer"
    settled = owner.events.get(reason__startswith="身份核实")
    assert settled.actor.username == "reviewer"
    assert owner.status == ApplicationStatus.SUBMITTED


def test_staff_confirm_the_holder_with_a_reason_recorded(clash, reviewer_client):
    owner, stranger = clash

    response = reviewer_client.post(
        f"{detail_url(owner)}identity/",
        {"identity": "genuine", "identity_reason": "与身份证照片比对一致"},
    )

    assert response.status_code == 302
    owner = Application.objects.get(pk=owner.pk)
    assert not owner.identity_check
    event = owner.events.get(reason__startswith="身份核实")
    assert (event.reason, event.actor.username) == (
        "身份核实：确认为本人。与身份证照片比对一致",
        "reviewer",
    )
    assert Application.objects.get(pk=stranger.pk).identity_check  # still to be decided


def test_a_decision_needs_a_reason_and_a_reviewer(clash, reviewer_client, client):
    owner, _stranger = clash

    missing = reviewer_client.post(f"{detail_url(owner)}identity/", {"identity": "genuine"})

    assert missing.status_code == 400
    assert "请填写核实依据" in missing.content.decode()
    assert Application.objects.get(pk=owner.pk).identity_check

    viewer = Client()
    viewer.force_login(staff_user("viewer", codenames=["access_admin", "view_application"]))
    refused = viewer.post(
        f"{detail_url(owner)}identity/", {"identity": "genuine", "identity_reason": "看过了"}
    )
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert Application.objects.get(pk=owner.pk).identity_check


def test_deciding_an_application_not_in_doubt_is_refused_in_chinese(form_page, reviewer_client):
    application = make_application(form_page, id_no=valid_id_number(11))

    response = reviewer_client.post(
        f"{detail_url(application)}identity/", {"identity": "genuine", "identity_reason": "x"}
    )

    assert response.status_code == 409
    assert "不在“身份待核”中" in response.content.decode()
