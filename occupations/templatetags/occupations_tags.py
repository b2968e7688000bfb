from django import template

from occupations import selectors

register = template.Library()


@register.simple_tag
def specialty_levels(specialty):
    return selectors.specialty_levels(specialty)


@register.simple_tag
def occupations_offering(index, level):
    """The index page's live occupations offering ``level`` (None: all), with their levels."""
    return selectors.occupations_offering(index=index, level=level)
