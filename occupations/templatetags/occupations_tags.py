from django import template

from occupations import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def occupation_specialties(context, page):
    """The occupation's specialties with their levels and conditions, as plain data: a live
    page's parsed once per publication, a preview's from the draft (see page_specialties)."""
    request = context.get("request")
    return selectors.page_specialties(page, preview=getattr(request, "is_preview", False))


@register.simple_tag
def occupations_offering(index, level):
    """The index page's live occupations offering ``level`` (None: all), with their levels."""
    return selectors.occupations_offering(index=index, level=level)
