from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig


class AssessmentsConfig(PluginConfig):
    name = "assessments"
    verbose_name = _("考务")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("forms_app", "occupations")
