from django.utils.translation import gettext_lazy as _
from hostsite.plugins import PluginConfig, SiteLink


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
    api_routers = (("certificates/", "assessments.api_certificates.router"),)
    well_known = (("certificate-keys.json", "assessments.views.certificates.published_keys"),)
    home_page_types = ("assessments.PublicityIndexPage",)
    site_links = (
        SiteLink(
            _("证书查询"),
            "assessments:certificate_verify",
            _("凭证书编号和姓名核验职业技能等级证书"),
            order=130,
        ),
    )
    content_loader = "assessments.content_loader.load"

    def ready(self) -> None:
        super().ready()
        # plans: seated candidates keep their approval; un-approved ones leave their plans,
        # approved ones join the plan that takes their form
        from assessments.services import plans
        from forms_app.lifecycle import register_veto, status_changed
        from forms_app.models import Application

        register_veto(plans.seated_candidates_keep_their_approval)
        status_changed.connect(
            plans.release_unseated_on_status_change,
            sender=Application,
            dispatch_uid="assessments.plans.release_unseated",
        )
        status_changed.connect(
            plans.enrol_on_approval,
            sender=Application,
            dispatch_uid="assessments.plans.enrol_on_approval",
        )
        # calendar: the years chinese-calendar knows are seeded after migrate
        from django.db.models.signals import post_migrate

        from assessments.services import calendar as calendar_services  # registers audit actions

        post_migrate.connect(calendar_services.seed_after_migrate, sender=self)
        from assessments import checks  # noqa: F401  (registers the signing-key checks)
        from assessments.services import (
            certificates,
            questions,  # noqa: F401  (question bank audit actions)
        )

        certificates.register_audit_actions()
        # certificates: the "certificate_issued" notification and the status page's link;
        # documents: the "ticket_ready" notification, the status page's ticket link, the
        # notice sent when a plan is sealed, the audit actions
        from assessments.services import documents  # noqa: F401
        from assessments.services.certificates import notices  # noqa: F401

        # results: a notice going live starts its period and locks its plans' scores
        from assessments.services.results.notices import connect_signals

        connect_signals()
