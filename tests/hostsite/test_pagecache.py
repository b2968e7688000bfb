"""The page cache for anonymous readers (hostsite.pagecache)."""

import pytest
from django.test import override_settings
from hostsite.models import ContactSettings, StandardPage

from tests.hostsite.factories import UserFactory


@pytest.fixture
def page(home):
    return StandardPage.objects.child_of(home).live().first()


def test_a_page_read_again_comes_from_the_cache_without_a_query(
    client, page, django_assert_num_queries
):
    first = client.get(page.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(page.url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


def test_a_publish_is_what_the_next_anonymous_reader_sees(client, page):
    client.get(page.url)
    page.title = "新的页面标题"
    page.save_revision().publish()
    response = client.get(page.url)
    assert "新的页面标题" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_an_unpublished_page_is_gone_for_the_next_reader(client, page):
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_changed_footer_shows_on_cached_pages(client, page, loaded_site):
    client.get(page.url)
    contact = ContactSettings.for_site(loaded_site)
    contact.registration_phone = "0479-1234567"
    contact.save()
    assert "0479-1234567" in client.get(page.url).content.decode()


def test_a_signed_in_editor_is_never_served_from_the_cache(client, page):
    client.get(page.url)
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(page.url)
    assert "X-Page-Cache" not in response


def test_a_page_holding_a_form_is_never_stored(client, page, monkeypatch):
    """A page whose template takes a CSRF token (a form) is personal to its visitor."""
    from django.middleware.csrf import get_token

    original = StandardPage.get_context

    def with_form(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        context["token"] = get_token(request)
        return context

    monkeypatch.setattr(StandardPage, "get_context", with_form)
    client.get(page.url)  # the visitor now has the csrftoken cookie
    assert "X-Page-Cache" not in client.get(page.url)
    assert "X-Page-Cache" not in client.get(page.url)


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_page_cache_can_be_turned_off(client, page):
    client.get(page.url)
    assert "X-Page-Cache" not in client.get(page.url)


def test_a_page_from_the_cache_keeps_the_sites_policy_and_shares_no_nonce(client, page):
    """Public pages have no inline script (hostsite/js/early.js), so a page served to many
    visitors from the cache carries no nonce they would all share."""
    client.get(page.url)
    hit = client.get(page.url)
    assert hit["X-Page-Cache"] == "hit"
    assert "nonce" not in hit.content.decode()
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "nonce-" not in hit["Content-Security-Policy"]


def test_a_contact_changed_on_its_own_shows_on_cached_pages(client, page, loaded_site):
    client.get(page.url)
    person = ContactSettings.for_site(loaded_site).contacts.first()
    person.mobile = "13900001111"
    person.save()

    assert "13900001111" in client.get(page.url).content.decode()


class CacheSpy:
    """The shared cache as the page cache sees it, with a record of each call it makes."""

    def __init__(self):
        from django.core.cache import cache

        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.cache, name)


@pytest.fixture
def page_cache_calls(monkeypatch):
    spy = CacheSpy()
    monkeypatch.setattr("hostsite.pagecache.cache", spy)
    return spy.calls


@pytest.mark.parametrize(
    "path", ["/robots.txt", "/api/v1/openapi.json", "/admin/login/", "/search/", "/sitemap.xml"]
)
def test_an_address_that_is_not_a_page_costs_the_page_cache_nothing(
    client, page, page_cache_calls, path
):
    """Only Wagtail's pages are cached: the admin, the API, the site's other views ask the
    shared cache nothing for it, not even to look."""
    client.get(path)
    client.get(path)
    assert page_cache_calls == []
    client.get(page.url)  # a page does look
    assert page_cache_calls


def test_a_post_or_a_visitor_with_a_session_costs_the_page_cache_nothing(
    client, page, page_cache_calls
):
    client.post(page.url, {})
    client.force_login(UserFactory(is_superuser=True))
    client.get(page.url)
    assert page_cache_calls == []


def test_a_page_from_the_cache_takes_one_call_to_the_cache(client, page, page_cache_calls):
    """The page and the content token it must match come back together (one MGET)."""
    client.get(page.url)
    page_cache_calls.clear()
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    assert page_cache_calls == ["get_many"]


def test_a_page_from_the_cache_carries_the_headers_of_a_page_rendered_afresh(client, page):
    """Security and policy headers, Vary and the language come with a cached page too."""
    first = client.get(page.url)
    again = client.get(page.url)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    rendered = {name: value for name, value in first.items() if name != "X-Page-Cache"}
    cached = {name: value for name, value in again.items() if name != "X-Page-Cache"}
    assert cached == rendered
    for name in ("Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Language"):
        assert name in cached


def test_a_page_whose_template_took_a_nonce_is_never_stored(client, page, monkeypatch):
    """A nonce shared by every visitor served from the cache would protect nothing."""
    original = StandardPage.get_context

    def with_nonce(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        context["nonce"] = str(request.csp_nonce)
        return context

    monkeypatch.setattr(StandardPage, "get_context", with_nonce)
    first, again = client.get(page.url), client.get(page.url)
    assert "X-Page-Cache" not in again
    assert first["Content-Security-Policy"] != again["Content-Security-Policy"]


def test_a_page_kept_for_content_since_changed_is_not_served(client, page):
    """A content change anywhere (here: a new token, as another process's publish makes)
    means the page kept for the old content is rendered again."""
    from hostsite.versions import content_changed

    client.get(page.url)
    content_changed()
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"


def test_pages_are_served_while_redis_is_down(client, page, settings, caplog):
    from tests.support import point_cache_at_dead_redis

    point_cache_at_dead_redis(settings)
    first, again = client.get(page.url), client.get(page.url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert page.title in again.content.decode()
    assert "X-Page-Cache" not in again  # rendered each time, nothing stored
    assert "Cache unreachable" in caplog.text
