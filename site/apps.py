from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostSiteConfig(AppConfig):
    name = "hostsite"
    label = "hostsite"
    verbose_name = _("站点")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hostsite import signals  # noqa: F401
        from hostsite.staff import signals as staff_signals  # noqa: F401
