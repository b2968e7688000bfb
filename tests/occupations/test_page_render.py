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
