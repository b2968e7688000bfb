"""Fixtures of the occupations plugin's tests.

Loading the school's content (home page, school pages, 8 occupations) takes a few seconds, so it
happens once for the whole tests/occupations package, inside a transaction that is rolled back at
the end. Every test that asks for ``loaded_site`` also gets the ``db`` fixture, so what it changes
runs in a savepoint and is rolled back after the test: the loaded content stays as loaded.
"""

import pytest

from tests.support import content_loaded_once


@pytest.fixture(scope="package")
def _loaded_content(django_db_setup, django_db_blocker):
    with content_loaded_once(django_db_blocker):
        yield


@pytest.fixture
def loaded_site(_loaded_content, db):
    """The default Site with everything `load_school_content()` creates."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def index_page(loaded_site):
    from occupations.models import OccupationIndexPage

    return OccupationIndexPage.objects.get()


@pytest.fixture
def admin_client(loaded_site, client, django_user_model):
    """A client logged in as a superuser (Wagtail admin access)."""
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password="secret-pass-123"
    )
    client.force_login(user)
    return client


@pytest.fixture
def flawed_occupation(index_page):
    """A live occupation with the mistakes the content checks exist for."""
    from tests.occupations.factories import condition, level, publish_occupation, work_clause

    return publish_occupation(
        index=index_page,
        title="测试职业",
        slug="test-occupation",
        specialties=[
            (
                "",
                [
                    level(4),
                    level(
                        3,
                        condition(1, "在本职业连续工作3年以上。", [work_clause(2)]),
                        condition(2, "经单位推荐。", []),
                        condition(3, "累计从事本职业工作5年以上。", [work_clause(5)]),
                    ),
                ],
            )
        ],
    )
