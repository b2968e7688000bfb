from django import template

from occupations.selectors import specialty_levels as _specialty_levels

register = template.Library()


@register.simple_tag
def specialty_levels(specialty):
    return _specialty_levels(specialty)
