"""An occupation page's 在线报名 links (forms_app.actions, forms_app.selectors.open_form_links):
read once per content change, yet opening and closing by each form's own clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from hostsite.versions import content_token

from forms_app import selectors
from forms_app.models import RegistrationFormPage
from tests.forms_app import factories

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture
def later_form(occupation, exam_period):
    """A second form for the occupation, opening in an hour for a week."""
    now = timezone.now()
    return factories.registration_page(
        occupation=occupation,
        exam_period=exam_period,
        slug="apply-later",
        title="电子商务师报名（下一批）",
        opens_at=now + timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )


def apply_links(client, occupation) -> list[str]:
    html = client.get(occupation.url).content.decode()
    return [label for label in html.split('class="button" href=') if "在线报名：" in label]


def test_a_form_opens_on_the_page_by_its_own_clock_without_a_publish(
    client, occupation, later_form, monkeypatch
):
    assert "下一批" not in "".join(apply_links(client, occupation))
    token = content_token()

    in_two_hours = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(selectors.timezone, "now", lambda: in_two_hours)

    assert content_token() == token  # nothing published: the links kept are used
    assert "下一批" in "".join(apply_links(client, occupation))


def test_a_closed_form_leaves_the_page_by_its_own_clock(
    client, occupation, later_form, monkeypatch
):
    in_two_hours = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(selectors.timezone, "now", lambda: in_two_hours)
    assert "下一批" in "".join(apply_links(client, occupation))

    in_eight_days = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(selectors.timezone, "now", lambda: in_eight_days)
    assert "下一批" not in "".join(apply_links(client, occupation))


def test_an_unpublished_form_leaves_the_page_at_once(client, occupation, registration_page):
    assert registration_page.title in "".join(apply_links(client, occupation))

    RegistrationFormPage.objects.get(pk=registration_page.pk).unpublish()

    assert registration_page.title not in "".join(apply_links(client, occupation))


def test_a_retitled_form_shows_its_new_title_at_once(client, occupation, registration_page):
    client.get(occupation.url)
    registration_page.title = "电子商务师报名（改名）"
    registration_page.save_revision().publish()

    assert "电子商务师报名（改名）" in "".join(apply_links(client, occupation))


def test_an_occupation_page_with_its_links_reads_only_itself(
    client, occupation, registration_page, django_assert_max_num_queries
):
    client.get(occupation.url)
    with django_assert_max_num_queries(1):  # the page; its links were read once
        links = apply_links(client, occupation)
    assert registration_page.title in "".join(links)
