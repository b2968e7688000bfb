"""Registration form pages in the site search: found by their title and their occupation."""

import pytest

from forms_app.models import RegistrationFormPage
from tests.search_support import assert_found_by_title_and_text, found_urls, results


@pytest.fixture
def form(loaded_site) -> RegistrationFormPage:
    return RegistrationFormPage.objects.live().select_related("occupation").first()


def test_a_form_is_found_by_its_title_and_its_occupation(loaded_site, form):
    assert_found_by_title_and_text(form, form.occupation.title)


def test_a_form_is_labelled_as_a_registration_form(client, loaded_site, form):
    labels = {r.url: r.label for r in results(client, form.title)}
    assert labels[form.url] == "报名表"


def test_a_form_is_found_by_an_alias_of_its_occupation(loaded_site):
    form = RegistrationFormPage.objects.live().get(occupation__title="电子商务师")
    assert form.url in found_urls("助理电子商务师")


def test_an_unpublished_form_is_not_found(loaded_site, form):
    form.unpublish()
    assert form.url not in found_urls(form.title)
