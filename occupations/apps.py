from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig, SiteLink


class OccupationsConfig(PluginConfig):
    name = "occupations"
    verbose_name = _("职业与报名条件")
    default_auto_field = "django.db.models.BigAutoField"
    urls = "occupations.urls"
    url_prefix = ""
    api_router = "occupations.api.router"
    home_page_types = ("occupations.OccupationIndexPage",)
    content_loader = "occupations.content_loader.load_occupations"
    site_links = (
        SiteLink(
            _("资格自测"),
            "eligibility_checker",
            _("填写学历和工作经历，看看能报哪一级"),
            order=105,
            suggested_in_search=True,
        ),
    )

    def ready(self) -> None:
        super().ready()
        from occupations import checks, signals  # noqa: F401
        from occupations.models import OccupationPage
        from occupations.panels import occupation_edit_handler

        OccupationPage.edit_handler = occupation_edit_handler(OccupationPage)
