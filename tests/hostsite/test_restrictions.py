"""Privacy settings of pages hold although pages skip the restriction query when none exist."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from hostsite.models import StandardPage
from wagtail.models import PageViewRestriction


@pytest.fixture
def page(home):
    return home.get_children().type(StandardPage).live().first().specific


def queries_to_serve(client, url: str) -> int:
    client.get(url)  # caches fill
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@override_settings(PAGE_CACHE_SECONDS=0)  # count the queries of rendering, not of the page cache
def test_pages_skip_the_restriction_check_while_the_site_has_no_restriction(client, home, page):
    other = home.get_children().type(StandardPage).live().exclude(pk=page.pk).first()
    without = queries_to_serve(client, page.url)

    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)

    assert queries_to_serve(client, page.url) == without + 2  # Wagtail's own check runs again


def test_a_password_on_a_page_is_asked_for_at_once_and_lifted_when_removed(client, page):
    assert client.get(page.url).status_code == 200  # "no restrictions" is cached now

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="xilinhot"
    )
    asked = client.get(page.url)

    assert asked.status_code == 200
    assert 'name="password"' in asked.content.decode()
    assert page.title not in asked.content.decode().split("<main", 1)[-1]

    restriction.delete()
    assert page.title in client.get(page.url).content.decode()


def test_a_restriction_on_the_home_page_covers_the_pages_below(home, page):
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)

    response = Client().get(page.url)

    assert response.status_code == 302
    assert "/login/" in response["Location"] or "/admin/login/" in response["Location"]
