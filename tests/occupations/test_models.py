"""occupations.models: a named specialty needs the stable key forms and applications use; its
condition texts (what the site search indexes and shows) are read from the stored levels."""

import uuid

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


def texts_through_blocks(specialty: Specialty) -> list[str]:
    return [
        condition["text"]
        for level in specialty.levels
        for condition in level.value["conditions"]
        if condition["text"]
    ]


def test_condition_texts_are_the_published_texts_in_either_stored_format(loaded_site):
    specialties = list(Specialty.objects.all())
    assert sum(len(s.condition_texts()) for s in specialties) > 20
    for specialty in specialties:  # conditions stored as plain dicts (the content loader)
        assert specialty.condition_texts() == texts_through_blocks(specialty)
    specialty = Specialty.objects.get(page__title="计算机程序设计员")
    raw = specialty.levels.get_prep_value()
    for level in raw:  # as Wagtail's page editor saves list items
        level["value"]["conditions"] = [
            {"type": "item", "value": condition, "id": str(uuid.uuid4())}
            for condition in level["value"]["conditions"]
        ]
    raw[0]["value"]["conditions"][0]["value"]["text"] = "在软件企业担任实习编码员满两年。"
    specialty.levels = raw
    specialty.save()
    saved = Specialty.objects.get(pk=specialty.pk)
    assert saved.levels.raw_data[0]["value"]["conditions"][0]["type"] == "item"
    assert saved.condition_texts()[0] == "在软件企业担任实习编码员满两年。"
    assert saved.condition_texts() == texts_through_blocks(saved)
