from django.utils import timezone
from django.utils.translation import gettext as _

from occupations.registries import register_occupation_actions


@register_occupation_actions
def open_registration_forms(occupation) -> list[tuple[str, str]]:
    """The occupation's registration forms that accept applications now."""
    from forms_app.models import RegistrationFormPage

    now = timezone.now()
    forms = RegistrationFormPage.objects.live().public().filter(
        occupation=occupation, opens_at__lte=now, closes_at__gt=now
    )
    return [(_("在线报名：%(title)s") % {"title": form.title}, form.url) for form in forms]
