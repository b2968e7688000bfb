"""forms_app.selectors the exam office builds on: approved applications of a batch and target
(with their photos), and a person's own applications."""

from __future__ import annotations

import pytest

from forms_app import selectors, services
from forms_app.choices import ApplicationStatus
from tests.forms_app.admin_helpers import create_review_data, staff_user


@pytest.fixture
def data(loaded_site):
    return create_review_data()


@pytest.fixture
def approved(data):
    reviewer = staff_user("reviewer")
    for application in (data.zhang, data.li):
        services.application_transition(
            application=application, to=ApplicationStatus.APPROVED, actor=reviewer
        )
    return data


def numbers(applications) -> list[str]:
    return [application.number for application in applications]


def test_approved_applications_of_a_batch_in_number_order(approved):
    found = selectors.approved_applications(exam_period=approved.autumn)

    assert numbers(found) == sorted([approved.zhang.number, approved.li.number])


def test_only_approved_applications_are_enrolled(data):
    assert numbers(selectors.approved_applications(exam_period=data.autumn)) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"specialty_slug": "online-merchant"}, {"zhang", "li"}),
        ({"specialty_slug": "online-merchant", "level": 4}, {"zhang"}),
        ({"level": 3}, {"li"}),
        ({"specialty_slug": "cross-border-e-commerce"}, set()),
    ],
)
def test_approved_applications_by_occupation_specialty_and_level(approved, filters, expected):
    found = selectors.approved_applications(
        exam_period=approved.autumn, occupation=approved.zhang.occupation_id, **filters
    )

    assert set(numbers(found)) == {getattr(approved, name).number for name in expected}


def test_each_approved_application_comes_with_its_photo_in_one_query(
    approved, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the applications, then every photo
        found = list(selectors.approved_applications(exam_period=approved.autumn))
        photos = {a.number: [f.original_name for f in a.photos] for a in found}

    assert photos == {approved.zhang.number: ["证件照.jpg"], approved.li.number: []}


def test_a_persons_applications_need_the_mobile_that_goes_with_the_id_number(data):
    id_number = data.zhang.id_number

    mine = selectors.applications_for_person(id_number=id_number, mobile=data.zhang.mobile)
    stranger = selectors.applications_for_person(id_number=id_number, mobile="13912345678")

    assert numbers(mine) == [data.zhang.number]
    assert stranger == []
