"""The site's header navigation (hostsite.templatetags.navigation, templates/includes/nav.html)."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from hostsite import versions
from hostsite.content.school import load_data
from hostsite.models import ContactSettings, StandardPage

from tests.hostsite.visible_text import text_nodes
from tests.support import point_cache_at_dead_redis

SCHOOL_TITLES = [page["title"] for page in load_data()["pages"]]


def nav_links(html: str) -> list[str]:
    return [text for around, text in text_nodes(html, inside="nav") if around[-1] == "a"]


def test_the_menu_lists_home_then_the_schools_pages_in_order(client, loaded_site):
    links = nav_links(client.get("/").content.decode())
    assert links[0] == "首页"
    school_links = [link for link in links if link in SCHOOL_TITLES]
    assert school_links == SCHOOL_TITLES
    assert links[1 : 1 + len(SCHOOL_TITLES)] == SCHOOL_TITLES  # plugins' pages come after


def test_the_menu_marks_the_current_page(client, loaded_site):
    html = client.get("/process/").content.decode()
    assert re.search(r'<a href="/process/" aria-current="page">考务流程</a>', html)
    assert html.count('aria-current="page"') == 1


def test_a_page_taken_out_of_the_menu_disappears_from_it(client, loaded_site):
    StandardPage.objects.filter(slug="levels").update(show_in_menus=False)
    assert "等级设置" not in nav_links(client.get("/").content.decode())


def test_the_menu_button_controls_the_navigation(client, loaded_site):
    html = client.get("/").content.decode()
    button = re.search(r'<button class="menu-toggle"[^>]*>', html).group(0)
    assert 'aria-controls="site-nav"' in button
    assert 'aria-expanded="false"' in button
    assert 'type="button"' in button
    assert '<nav id="site-nav"' in html
    assert "菜单" in html


# --- the menu is read once per content token (hostsite.selectors.site_chrome) ---------------


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
def test_a_page_published_into_the_menu_shows_to_the_next_reader(
    client, home, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    client.get("/")
    client.get("/process/")  # the menu (and, with the page cache on, both pages) kept
    page = StandardPage(title="新开栏目", slug="new-section", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()

    assert "新开栏目" in nav_links(client.get("/process/").content.decode())

    page.unpublish()
    assert "新开栏目" not in nav_links(client.get("/process/").content.decode())


def test_a_menu_title_changed_by_a_publish_shows_at_once(client, loaded_site):
    client.get("/about/")
    page = StandardPage.objects.get(slug="levels")
    page.title = "等级设置说明"
    page.save_revision().publish()

    links = nav_links(client.get("/about/").content.decode())
    assert "等级设置说明" in links and "等级设置" not in links


def test_a_page_moved_out_from_under_home_leaves_the_menu(client, loaded_site):
    client.get("/about/")
    levels = StandardPage.objects.get(slug="levels")
    levels.move(StandardPage.objects.get(slug="process"), pos="last-child")

    assert "等级设置" not in nav_links(client.get("/about/").content.decode())


def test_a_publish_in_another_process_reaches_the_next_cached_page_at_once(client, loaded_site):
    """Another process publishes and renews the content token in the shared cache; this one
    still trusts its copy of the token for up to a second (hostsite.versions). The page cache
    keys the page on the token as the cache holds it, and the menu in that page must be read
    for that token too, or the old menu would be kept under the new key for minutes."""
    assert "等级设置" in nav_links(client.get("/about/").content.decode())
    StandardPage.objects.filter(slug="levels").update(title="另一进程发布的标题")  # no signal
    cache.set(versions.TOKEN_KEY, "renewed-by-another-process", timeout=None)

    assert "另一进程发布的标题" in nav_links(client.get("/process/").content.decode())


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_menu_and_footer_cost_no_query_once_read(
    client, loaded_site, django_assert_max_num_queries
):
    client.get("/about/")
    # The page itself (RouteCacheMiddleware reads it by id) and nothing for the chrome.
    with django_assert_max_num_queries(1):
        html = client.get("/process/").content.decode()
    assert nav_links(html)[1:3] == SCHOOL_TITLES[:2]
    contact = ContactSettings.for_site(loaded_site)
    assert f"<title>考务流程 - {contact.organisation_name}</title>" in html
    assert contact.registration_phone in html


def test_the_menu_is_read_from_the_database_while_redis_is_down(client, loaded_site, settings):
    point_cache_at_dead_redis(settings)
    for _ in range(2):
        response = client.get("/about/")
        assert response.status_code == 200
        assert nav_links(response.content.decode())[1 : 1 + len(SCHOOL_TITLES)] == SCHOOL_TITLES
    page = StandardPage(title="停机时发布", slug="published-in-outage", show_in_menus=True)
    loaded_site.root_page.add_child(instance=page)
    page.save_revision().publish()
    assert "停机时发布" in nav_links(client.get("/about/").content.decode())
