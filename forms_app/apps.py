from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig, SiteLink


class FormsAppConfig(PluginConfig):
    name = "forms_app"
    verbose_name = _("报名")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("occupations",)
    urls = "forms_app.urls"
    url_prefix = "applications/"
    home_page_types = ("forms_app.RegistrationFormPage",)
    site_links = (
        SiteLink(_("报名"), "forms_app:index", _("正在报名的职业，在线填写报名表"), order=100),
        SiteLink(
            _("报名查询"), "forms_app:status", _("凭身份证号码和手机号码查看审核进度"), order=110
        ),
    )
    content_loader = "forms_app.content_loader.load_registration_forms"
    # Applicants' files, the status lookup and what follows it: nothing a search engine wants.
    robots_disallow = ("files/", "status/", "my-data/", "verification/", "done/")

    def ready(self) -> None:
        super().ready()
        from forms_app import actions, audit, checks, fields, prune, signals  # noqa: F401
        from forms_app.exchange import hooks  # noqa: F401
