from django.utils.translation import gettext as _

from occupations.registries import register_apply_link, register_occupation_actions


@register_occupation_actions
def open_registration_forms(occupation) -> list[tuple[str, str]]:
    """The occupation's registration forms that accept applications now (no query: read once
    per content token)."""
    from forms_app.selectors import open_form_links

    return [
        (_("在线报名：%(title)s") % {"title": link.title}, link.url)
        for link in open_form_links(occupation_id=occupation.pk)
    ]


@register_apply_link
def open_form_for_level(*, occupation_id: int, specialty: str, level: int) -> str | None:
    """The eligibility checker's "去报名": the open form accepting this level, level chosen."""
    from forms_app.fields.target import target_link
    from forms_app.selectors import open_form_for

    form = open_form_for(occupation_id=occupation_id, specialty=specialty, level=level)
    if form is None:
        return None
    slug = next((s.slug for s in form.occupation.specialties.all() if s.name == specialty), "")
    return target_link(form, specialty_slug=slug, level=level)
