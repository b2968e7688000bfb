"""The Site of a request comes from the cache, and a changed site is seen at once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hostsite.models import StandardPage
from wagtail.models import Site


def test_the_site_is_not_looked_up_again_for_every_request(client, home):
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200

    assert not [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]


def test_a_site_added_for_a_host_name_serves_its_own_pages_at_once(client, home, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "peixun.test"]
    school_page = home.get_children().type(StandardPage).live().first().specific
    first = client.get("/", HTTP_HOST="peixun.test")  # the default site, remembered
    assert f"<title>{home.title}" in first.content.decode()

    added = Site.objects.create(hostname="peixun.test", port=80, root_page=school_page)
    served = client.get("/", HTTP_HOST="peixun.test")
    assert school_page.title in served.content.decode().split("<title>", 1)[1].split("</title>")[0]

    added.delete()
    again = client.get("/", HTTP_HOST="peixun.test")
    assert f"<title>{home.title}" in again.content.decode()


# --- pages found from the cache ---------------------------------------------------------------


def school_page(home) -> StandardPage:
    return home.get_children().type(StandardPage).live().first().specific


def queries_for(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, len(queries)


def test_a_page_seen_before_is_found_with_fewer_queries(client, home):
    page = school_page(home)

    first = queries_for(client, page.url)
    again = queries_for(client, page.url)

    assert first[0] == again[0] == 200
    assert again[1] <= first[1] - 1  # Wagtail walked the tree once; now one read by id
    assert page.title in client.get(page.url).content.decode()


def test_a_renamed_page_leaves_its_old_address_at_once(client, home):
    page = school_page(home)
    old_url = page.url
    client.get(old_url)  # remembered

    page.slug = "renamed-page"
    page.save_revision().publish()

    assert client.get(old_url).status_code == 404
    assert client.get("/renamed-page/").status_code == 200


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, home):
    page, other = home.get_children().type(StandardPage).live().specific()[:2]
    for seen in (page, other):
        assert client.get(seen.url).status_code == 200
    url, other_url = page.url, other.url

    page.unpublish()
    other.delete()

    assert client.get(url).status_code == 404
    assert client.get(other_url).status_code == 404


def test_a_new_page_in_the_place_of_a_moved_one_is_the_one_served(client, home):
    page = school_page(home)
    url, slug = page.url, page.slug
    client.get(url)
    page.slug = f"{slug}-old"
    page.save_revision().publish()

    successor = StandardPage(title="新的同名页面", slug=slug)
    home.add_child(instance=successor)
    successor.save_revision().publish()

    assert "新的同名页面" in client.get(url).content.decode()
