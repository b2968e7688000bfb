"""Page models (hostsite.models.pages): what goes under the home page, what the home page costs."""

import pytest
from django.apps import apps
from hostsite import plugins
from hostsite.models import AnnouncementIndexPage, HomePage, StandardPage
from wagtail.models import Page

# Measured 2026-12-01 with every plugin enabled, on SQLite and on PostgreSQL: 1 query (the page;
# the menu, footer, sections and latest announcements are read once per content change).
HOME_PAGE_QUERIES = 1


def test_the_home_page_renders_in_a_bounded_number_of_queries(
    client, loaded_site, django_assert_max_num_queries
):
    client.get("/")  # warm per-process caches (site root paths, content types)
    with django_assert_max_num_queries(HOME_PAGE_QUERIES + 1):
        response = client.get("/")
    assert response.status_code == 200


def test_more_pages_in_the_menu_cost_no_more_queries(client, home, django_assert_max_num_queries):
    for number in range(5):
        page = StandardPage(title=f"通知{number}", slug=f"notice-{number}", show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    client.get("/")
    with django_assert_max_num_queries(HOME_PAGE_QUERIES + 1):
        html = client.get("/").content.decode()
    assert "通知4" in html


def test_editors_may_add_standard_pages_and_every_plugins_page_types_under_home(home):
    allowed = HomePage.allowed_subpage_models()
    assert StandardPage in allowed
    for name in plugins.home_page_types():
        assert apps.get_model(name) in allowed
    assert StandardPage.can_create_at(home)
    assert not HomePage.can_create_at(home)


def test_a_plugins_home_page_type_is_offered_under_home(monkeypatch):
    monkeypatch.setattr(plugins, "home_page_types", lambda: ["wagtailcore.Page"])
    assert HomePage.allowed_subpage_models() == [StandardPage, AnnouncementIndexPage, Page]


def test_the_admin_offers_standard_pages_under_home(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/", follow=True)
    assert response.status_code == 200
    assert "普通页面" in response.content.decode()


@pytest.mark.parametrize("slug", ["about", "process"])
def test_a_standard_page_shows_its_title_and_body(client, loaded_site, slug):
    page = StandardPage.objects.get(slug=slug)
    html = client.get(page.url).content.decode()
    assert f"<h1>{page.title}</h1>" in html
