"""Specialties are referred to by their slug on registration forms and applications: a rename
on the occupation page breaks neither; a form limited to another occupation's specialty is
refused on save."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from forms_app import selectors, services
from forms_app.choices import ApplicationStatus
from forms_app.models import Application
from tests.forms_app.test_services import submit
from tests.forms_app.test_support import make_form_page

SHOP = "online-merchant"  # 网商


def rename(occupation, old: str, new: str) -> None:
    specialties = list(occupation.specialties.all())
    next(s for s in specialties if s.name == old).name = new
    occupation.specialties = specialties
    occupation.save_revision().publish()


def offered(client, page) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', client.get(page.url).content.decode())


def test_an_application_keeps_the_specialtys_slug(registration_page):
    application = submit(registration_page)

    assert (application.specialty, application.specialty_slug) == ("网商", SHOP)


def test_a_limited_form_keeps_its_specialty_when_the_editor_renames_it(
    client, occupation, exam_period
):
    page = make_form_page(occupation=occupation, exam_period=exam_period, specialties=SHOP)

    rename(occupation, "网商", "网店运营")

    assert offered(client, page)[1:] and all(
        v.startswith("网店运营|") for v in offered(client, page)[1:]
    )


def test_a_renamed_specialty_still_finds_its_applications_and_keeps_one_live_each(
    registration_page, occupation
):
    first = submit(registration_page)
    rename(occupation, "网商", "网店运营")

    with pytest.raises(services.DuplicateApplication):
        submit(registration_page, specialty="网店运营")
    services.application_transition(
        application=first, to=ApplicationStatus.APPROVED, actor=_staff()
    )

    found = selectors.approved_applications(
        exam_period=registration_page.exam_period, specialty_slug=SHOP
    )
    assert [a.number for a in found] == [first.number]
    assert Application.objects.count() == 1


def _staff():
    from tests.forms_app import factories

    return factories.staff_user()


def test_a_form_limited_to_another_occupations_specialty_is_refused_on_save(registration_page):
    registration_page.specialties = f"{SHOP},telecom-switching"

    with pytest.raises(ValidationError) as refused:
        registration_page.full_clean()

    assert refused.value.message_dict["specialties"] == [
        "“电信交换”不是职业“电子商务师”的工种/方向。"
    ]


def test_an_unknown_key_is_refused_and_spaces_are_tidied(registration_page):
    registration_page.specialties = "no-such-thing"
    with pytest.raises(ValidationError, match="no-such-thing"):
        registration_page.full_clean()

    registration_page.specialties = f" {SHOP} ，{SHOP}"
    registration_page.full_clean()
    assert registration_page.specialties == SHOP


def test_the_editor_ticks_specialties_by_name(superuser_client, registration_page):
    response = superuser_client.get(f"/admin/pages/{registration_page.pk}/edit/")

    html = response.content.decode()
    assert re.search(
        rf'<input type="checkbox" name="specialties" value="{SHOP}"[^>]*>\s*网商', html
    )
    assert "电信交换" in html  # other occupations' specialties are listed under their titles


def test_the_data_migration_turns_names_into_slugs(registration_page):
    """forms_app 0006: rows from before keep meaning the same specialty."""
    from importlib import import_module

    from django.apps import apps

    from forms_app.models import RegistrationFormPage

    migration = import_module("forms_app.migrations.0006_specialty_slugs")
    old = submit(registration_page)
    gone = submit(registration_page, 1)
    Application.objects.filter(pk=old.pk).update(specialty_slug="")
    Application.objects.filter(pk=gone.pk).update(specialty="旧工种", specialty_slug="")
    RegistrationFormPage.objects.filter(pk=registration_page.pk).update(specialties="网商，旧工种")

    migration.names_to_slugs(apps, None)

    assert Application.objects.get(pk=old.pk).specialty_slug == SHOP
    assert Application.objects.get(pk=gone.pk).specialty_slug == "旧工种"  # still its own key
    assert RegistrationFormPage.objects.get(pk=registration_page.pk).specialties == SHOP
