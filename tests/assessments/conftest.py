"""Fixtures of the exam office's tests: the school's content loaded once for the package (as in
tests/forms_app), each test in a savepoint rolled back after it."""

import pytest

from tests.support import content_loaded_once


@pytest.fixture(scope="package")
def _assessments_school_content(django_db_setup, django_db_blocker):
    with content_loaded_once(django_db_blocker):
        yield


@pytest.fixture
def loaded_site(_assessments_school_content, db):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
