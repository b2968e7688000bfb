"""Shared fixtures of the registration plugin's tests.

The school's content (home page, school pages, 8 occupations) is loaded once for the whole
tests/forms_app package, inside a transaction rolled back at the end. A test that asks for
``loaded_site`` (or anything built on it) also gets the ``db`` fixture: its changes run in a
savepoint rolled back after the test, so the content stays as loaded. The cache (requirement
lookups, rate limits) is cleared around every such test.

Fixtures: loaded_site, occupation (电子商务师), exam_period, registration_page (the four standard
fields, open now), private_media (PRIVATE_MEDIA_ROOT in a temporary folder), staff_user,
staff_client, superuser_client. Helpers (ID numbers, pages, applications, files) are in
tests/forms_app/factories.py.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.forms_app import factories
from tests.support import content_loaded_once


@pytest.fixture(scope="package")
def _forms_school_content(django_db_setup, django_db_blocker):
    with content_loaded_once(django_db_blocker):
        yield


@pytest.fixture
def loaded_site(_forms_school_content, db):
    """The default Site with everything `load_school_content()` creates."""
    from wagtail.models import Site

    cache.clear()
    yield Site.objects.get(is_default_site=True)
    cache.clear()


@pytest.fixture
def occupation(loaded_site):
    from occupations.models import OccupationPage

    return OccupationPage.objects.get(title=factories.OCCUPATION)


@pytest.fixture
def exam_period(db):
    return factories.ExamPeriodFactory(name="2026年第四批")


@pytest.fixture
def registration_page(occupation, exam_period):
    """电子商务师 form with name, ID number, mobile and target, open since yesterday."""
    return factories.registration_page(occupation=occupation, exam_period=exam_period)


@pytest.fixture
def private_media(settings, tmp_path):
    """Applicants' files go to a fresh temporary folder for this test."""
    folder = tmp_path / "private"
    folder.mkdir()
    settings.PRIVATE_MEDIA_ROOT = str(folder)
    return folder


@pytest.fixture
def staff_user(db):
    """Wagtail admin access plus forms_app.view_application (not a superuser)."""
    return factories.staff_user()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(factories.staff_user("admin", superuser=True))
    return client
