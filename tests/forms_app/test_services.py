"""services.application_submit / application_transition / check_applicant: the record an
application leaves, and the rules they enforce whoever calls them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forms_app import selectors, services
from forms_app.choices import ApplicationStatus
from forms_app.crypto import lookup_hash
from forms_app.fields import ApplicantData
from forms_app.models import Application, ApplicationEvent
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, SPECIALTY, valid_id_number


def applicant_data(n: int = 0, **overrides) -> ApplicantData:
    values = {
        "name": "张三",
        "id_number": valid_id_number(n),
        "mobile": MOBILE,
        "specialty": SPECIALTY,
        "level": 4,
        **overrides,
    }
    return ApplicantData(**values)


def submit(page, n: int = 0, *, confirmed: bool = True, **overrides) -> Application:
    """Submit applicant ``n`` (ineligible as the standard fields say nothing of work; the
    applicant confirms unless ``confirmed=False``)."""
    data = applicant_data(n, **overrides)
    check = services.check_applicant(page=page, data=data)
    return services.application_submit(
        page=page,
        data=data,
        answers={"employer": "某公司"},
        check=check,
        mobile_proof=factories.mobile_proof(data.mobile),
        confirmed_ineligible=confirmed,
    )


@pytest.fixture
def page(registration_page):
    return registration_page


def test_an_application_keeps_what_was_applied_for_and_by_whom(
    page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(page)

    stored = Application.objects.get()
    assert stored.form_page == page
    assert stored.occupation == page.occupation
    assert (stored.specialty, stored.level, stored.exam_period) == (SPECIALTY, 4, page.exam_period)
    assert stored.name == "张三"
    assert stored.id_number == valid_id_number(0)
    assert stored.mobile == MOBILE
    assert stored.status == ApplicationStatus.SUBMITTED
    assert stored.source == "online"
    assert stored.answers == {"employer": "某公司"}
    assert (stored.eligible, stored.needs_review) == (False, False)
    assert stored.eligibility["headline"] == application.eligibility["headline"]
    assert stored.eligibility["headline"].startswith("暂不符合")


def test_the_application_number_is_dated_and_readable(page):
    application = submit(page)

    today = timezone.localdate()
    assert re.fullmatch(rf"BM{today:%y%m%d}[2-9A-HJ-NP-Z]{{6}}", application.number)
    assert not set(application.number[8:]) & set("01OI")


def test_personal_data_is_masked_and_hashed_for_exact_lookup(page):
    application = submit(page)

    number = valid_id_number(0)
    assert application.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert application.mobile_masked == "138****8000"
    assert application.id_number_hash == lookup_hash(number) != lookup_hash(valid_id_number(1))
    assert application.mobile_hash == lookup_hash(MOBILE)
    assert selectors.applications_for_person(id_number=number, mobile=MOBILE) == [application]
    assert selectors.applications_for_person(id_number=number, mobile="13900139000") == []
    assert selectors.application_by_number(number=application.number.lower(), mobile=MOBILE) == (
        application
    )


def test_the_first_event_records_the_applicant_submitting(page):
    application = submit(page)

    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status) == ("", ApplicationStatus.SUBMITTED)
    assert event.actor is None
    assert event.actor_label == "申请人"


def test_a_clash_of_application_numbers_draws_a_new_number(page, monkeypatch):
    first = submit(page)
    numbers = iter([first.number, "BM261125ABCDEF"])
    monkeypatch.setattr(services, "new_application_number", lambda **kwargs: next(numbers))

    second = submit(page, 1)

    assert second.number == "BM261125ABCDEF"
    assert Application.objects.count() == 2


def test_a_duplicate_is_refused_by_the_service_too(page):
    submit(page)

    with pytest.raises(services.DuplicateApplication, match="请勿重复提交"):
        submit(page)
    assert Application.objects.count() == 1


def test_the_database_refuses_a_second_live_application_whoever_inserts_it(page):
    from django.db import IntegrityError, transaction

    first = submit(page)
    fields = {"occupation": page.occupation, "exam_period": page.exam_period}

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ApplicationFactory(id_number=first.id_number, **fields)
    factories.ApplicationFactory(id_number=first.id_number, level=3, **fields)
    factories.ApplicationFactory(
        id_number=first.id_number, status=ApplicationStatus.WITHDRAWN, **fields
    )


def test_a_request_that_loses_the_race_gets_the_duplicate_message(page, monkeypatch):
    """The constraint refuses the second insert; even when the row it clashed with cannot be
    read back, the applicant is told it is a duplicate, and nothing of it is kept."""
    submit(page)
    monkeypatch.setattr(services, "LIVE_STATUSES", ())  # the first request's row is not seen

    with pytest.raises(services.DuplicateApplication, match="请勿重复提交"):
        submit(page)
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opens_at": timezone.now() + timedelta(hours=1)}, "报名尚未开始"),
        ({"closes_at": timezone.now() - timedelta(seconds=1)}, "报名已截止。"),
        ({"max_applications": 0}, "报名人数已满。"),
    ],
    ids=["not yet open", "closed", "full"],
)
def test_a_closed_form_is_refused_by_the_service(page, change, message):
    for name, value in change.items():
        setattr(page, name, value)

    with pytest.raises(services.ApplicationRefused, match=message):
        submit(page)
    assert Application.objects.count() == 0


def test_a_level_the_occupation_does_not_offer_is_refused_in_chinese(page):
    with pytest.raises(services.ApplicationRefused, match="不开展五级/初级工的认定"):
        services.check_applicant(page=page, data=applicant_data(level=5))


def test_a_specialty_the_occupation_does_not_have_is_refused_in_chinese(page):
    with pytest.raises(services.ApplicationRefused, match="没有“美工”这个工种"):
        services.check_applicant(page=page, data=applicant_data(specialty="美工"))


# --- the eligibility gate: every way in obeys it -----------------------------------------------


def test_an_ineligible_applicant_must_confirm_before_the_application_is_stored(page):
    with pytest.raises(services.ConfirmationNeeded, match="请勾选确认"):
        submit(page, confirmed=False)

    assert not Application.objects.exists()


def test_a_form_that_refuses_the_ineligible_refuses_even_a_confirmed_application(page):
    page.allow_ineligible = False
    page.save()

    with pytest.raises(services.IneligibleRefused, match="暂不符合报名条件，不能提交"):
        submit(page, confirmed=True)

    assert not Application.objects.exists()


def test_staff_entry_obeys_a_form_that_refuses_the_ineligible(page, staff_user):
    page.allow_ineligible = False
    page.save()
    data = applicant_data()
    check = services.check_applicant(page=page, data=data)

    with pytest.raises(services.IneligibleRefused, match="本报名表不接受不符合条件者的报名"):
        services.application_create(
            page=page, data=data, answers={}, check=check, source="import", actor=staff_user
        )

    assert not Application.objects.exists()


def test_staff_entry_of_an_ineligible_applicant_is_its_own_confirmation(page, staff_user):
    data = applicant_data()
    check = services.check_applicant(page=page, data=data)

    created = services.application_create(
        page=page, data=data, answers={}, check=check, source="import", actor=staff_user
    )

    assert (created.eligible, created.source) == (False, "import")


# --- status changes --------------------------------------------------------------------------


def test_a_status_change_is_recorded_with_who_and_why(page, django_user_model):
    application = submit(page)
    staff = django_user_model.objects.create_user("reviewer", password="x" * 12)

    changed = services.application_transition(
        application=application, to=ApplicationStatus.NEEDS_INFO, actor=staff, reason=" 缺学历证明 "
    )

    assert changed.status == ApplicationStatus.NEEDS_INFO
    assert changed.status_reason == "缺学历证明"
    event = changed.events.order_by("pk").last()
    assert (event.from_status, event.to_status) == ("submitted", "needs_info")
    assert (event.actor, event.actor_label, event.reason) == (staff, "reviewer", "缺学历证明")


@pytest.mark.parametrize("to", [ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO])
def test_a_refusal_or_request_for_documents_needs_a_reason(page, to):
    application = submit(page)

    with pytest.raises(services.ApplicationRefused, match="请填写原因"):
        services.application_transition(
            application=application, to=to, actor=factories.staff_user(), reason="  "
        )
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert ApplicationEvent.objects.count() == 1


def test_a_withdrawn_application_cannot_come_back(page):
    application = submit(page)
    services.application_transition(application=application, to=ApplicationStatus.WITHDRAWN)

    with pytest.raises(services.ApplicationRefused, match="“已撤回”的报名不能改为“审核通过”"):
        services.application_transition(application=application, to=ApplicationStatus.APPROVED)


def test_a_database_error_that_is_no_duplicate_is_not_reported_as_one(page, monkeypatch):
    """Only the one-live-application rule and the number's uniqueness are the applicant's
    business; any other integrity error (a foreign key, another table) is a real error."""
    from django.db import IntegrityError

    def broken(**kwargs):
        raise IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(ApplicationEvent.objects, "create", broken)

    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        submit(page)
    assert Application.objects.count() == 0
