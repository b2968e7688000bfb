from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig


class FormsAppConfig(PluginConfig):
    name = "forms_app"
    verbose_name = _("报名")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("occupations",)
