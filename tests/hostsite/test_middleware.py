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
