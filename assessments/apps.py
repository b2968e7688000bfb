from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig


class AssessmentsConfig(PluginConfig):
    """The exam office: plans, venues and seating, tickets, question bank and papers, scores,
    the publicity notice and working-day calendar, certificates and their verification.

    Builds on forms_app and occupations through their public seams only (services, selectors,
    the lifecycle veto registry and signal, notification kinds, status-page links)."""

    name = "assessments"
    verbose_name = _("考务")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("forms_app", "occupations")
    urls = "assessments.urls"
    url_prefix = "exams/"
    api_router = "assessments.api.router"
    api_prefix = "assessments/"

    def ready(self) -> None:
        super().ready()
