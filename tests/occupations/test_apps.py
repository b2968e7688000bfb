"""The occupations plugin as the host sees it: the page types it offers under the home page."""

from django.db.models import ProtectedError
from hostsite import plugins
from hostsite.models import HomePage, StandardPage

from occupations.models import OccupationIndexPage, OccupationPage


def test_the_plugin_offers_its_index_page_to_the_home_page():
    assert "occupations.OccupationIndexPage" in plugins.home_page_types()
    assert OccupationIndexPage in HomePage.clean_subpage_models()
    assert StandardPage in HomePage.clean_subpage_models()


def test_the_page_tree_rules():
    assert OccupationIndexPage.clean_parent_page_models() == [HomePage]
    assert OccupationIndexPage.clean_subpage_models() == [OccupationPage]
    assert OccupationPage.clean_parent_page_models() == [OccupationIndexPage]
    assert OccupationPage.clean_subpage_models() == []


def test_an_editor_may_create_the_index_under_the_home_page_once(loaded_site, admin_client):
    home = loaded_site.root_page.specific

    assert OccupationIndexPage.can_exist_under(home)
    assert not OccupationIndexPage.can_create_at(home)  # max_count = 1, and it exists

    index = OccupationIndexPage.objects.get()
    try:
        index.delete()
    except ProtectedError as error:  # pages of plugins built on it (e.g. registration forms)
        for page in error.protected_objects:
            page.delete()
        index.delete()

    assert OccupationIndexPage.can_create_at(home)
    chooser = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
    assert "职业目录页" in chooser
    response = admin_client.get(f"/admin/pages/add/occupations/occupationindexpage/{home.pk}/")
    assert response.status_code == 200


def test_occupation_pages_go_under_the_index_only(index_page):
    assert OccupationPage.can_create_at(index_page)
    assert not OccupationPage.can_create_at(index_page.get_parent().specific)
