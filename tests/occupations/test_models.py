"""occupations.models: a named specialty needs the stable key forms and applications use."""

import pytest
from django.core.exceptions import ValidationError

from occupations.models import Specialty


def test_a_named_specialty_without_a_slug_is_refused():
    with pytest.raises(ValidationError) as refused:
        Specialty(name="网商", slug="").clean()

    assert "slug" in refused.value.message_dict


@pytest.mark.parametrize(("name", "slug"), [("网商", "online-merchant"), ("", "")])
def test_a_slug_or_no_name_is_fine(name, slug):
    Specialty(name=name, slug=slug).clean()
