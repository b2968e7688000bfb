"""Admin widgets of the registration plugin's models."""

from __future__ import annotations

from django import forms


def specialty_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every named specialty, grouped by occupation: (occupation title, [(slug, name)])."""
    from occupations.models import Specialty

    groups: dict[str, list[tuple[str, str]]] = {}
    rows = (
        Specialty.objects.exclude(name="")
        .exclude(slug="")
        .select_related("page")
        .order_by("page__path", "sort_order", "pk")
    )
    for specialty in rows:
        groups.setdefault(specialty.page.title, []).append((specialty.slug, specialty.name))
    return list(groups.items())


def split_keys(value: str) -> list[str]:
    return [key.strip() for key in (value or "").replace("，", ",").split(",") if key.strip()]


class SpecialtyCheckboxes(forms.CheckboxSelectMultiple):
    """限定工种 of a registration form: a checkbox per specialty (by name, grouped by
    occupation), stored as the specialties' slugs joined by commas in a text column."""

    def optgroups(self, name, value, attrs=None):
        self.choices = specialty_choices()
        return super().optgroups(name, value, attrs)

    def format_value(self, value):
        return split_keys(value) if isinstance(value, str) else super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return ",".join(super().value_from_datadict(data, files, name) or [])

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked means "every specialty"
