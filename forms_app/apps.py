from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig


class FormsAppConfig(PluginConfig):
    name = "forms_app"
    verbose_name = _("报名")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("occupations",)
    urls = "forms_app.urls"
    url_prefix = "applications/"
    home_page_types = ("forms_app.RegistrationFormPage",)

    def ready(self) -> None:
        super().ready()
        from forms_app import actions, audit, checks, fields, prune, signals  # noqa: F401
        from forms_app.exchange import hooks  # noqa: F401
