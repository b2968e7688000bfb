"""The occupation page's requirements are rendered once per publication (a cached fragment)."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from occupations.models import OccupationPage
from tests.occupations.factories import edit_condition_text

URL = "/occupations/e-commerce-specialist/"


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_published_condition_text_shows_at_once(loaded_site, client):
    assert "新的报名条件文字" not in client.get(URL).content.decode()
    page = OccupationPage.objects.get(slug="e-commerce-specialist")
    specialty = page.specialties.all()[0].name
    edit_condition_text(
        page, specialty=specialty, level_number=4, number=1, text="新的报名条件文字"
    )

    assert "新的报名条件文字" in client.get(URL).content.decode()


@override_settings(PAGE_CACHE_SECONDS=0)
def test_requirements_are_not_read_again_until_the_next_publication(loaded_site, client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL)
        assert response.status_code == 200
        return len(context)

    first = queries()
    again = queries()
    assert again < first
    page = OccupationPage.objects.get(slug="e-commerce-specialist")
    page.save_revision().publish()
    assert queries() > again


@override_settings(PAGE_CACHE_SECONDS=0)
def test_an_occupation_page_costs_no_more_queries_than_a_simple_page(
    loaded_site, client, django_assert_max_num_queries
):
    """Rendered afresh for every reader (page cache off), the crowd's page reads only itself:
    the menu and footer are read once per content change, its requirements once per
    publication (and forms_app's 在线报名 links once per content change: tests/forms_app)."""
    for url in (URL, "/about/"):
        client.get(url)
    with django_assert_max_num_queries(1):
        occupation = client.get(URL)
    with django_assert_max_num_queries(1):
        simple = client.get("/about/")

    assert occupation.status_code == simple.status_code == 200


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_preview_shows_the_drafts_requirements_and_the_live_page_keeps_its_own(
    loaded_site, client
):
    """The live page's requirements are parsed once per publication; a draft shares the live
    page's publication time, so its preview must read the draft itself."""
    assert "草稿中的报名条件" not in client.get(URL).content.decode()
    page = OccupationPage.objects.get(slug="e-commerce-specialist")
    specialty = page.specialties.all()[0].name
    draft = edit_condition_text(
        page, specialty=specialty, level_number=4, number=1, text="草稿中的报名条件", publish=False
    )

    assert "草稿中的报名条件" in draft.make_preview_request().content.decode()
    assert "草稿中的报名条件" not in client.get(URL).content.decode()
