"""The publicity notice (成绩公示): a public page listing the candidates of its plans who passed
(masked names, no ID or phone numbers), its period of N working days from the working-day
calendar, and the objections (异议) anyone may file online during it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from hostsite.redaction import redact
from hostsite.restrictions import ViewRestrictionsMixin
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from assessments.choices import ObjectionOutcome, ObjectionStatus


class PublicityIndexPage(ViewRestrictionsMixin, Page):
    """成绩公示: the notices, newest first. 成绩审核 may add and publish notices below it."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hostsite.HomePage"]
    subpage_types = ["assessments.PublicityNoticePage"]
    max_count = 1
    template = "assessments/results/publicity_index_page.html"

    class Meta:
        verbose_name = _("成绩公示栏目")
        verbose_name_plural = _("成绩公示栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = (
            PublicityNoticePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at")
        )
        return context


class PublicityNoticePage(ViewRestrictionsMixin, Page):
    """One notice: the passed candidates of its plans, the period and how to object."""

    plans = ParentalManyToManyField(
        "assessments.ExamPlan",
        verbose_name=_("考试计划"),
        related_name="notices",
        help_text=_("公示这些考试计划中合格的考生。"),
    )
    introduction = models.TextField(
        _("公示说明"),
        blank=True,
        default=_("经考核，以下人员成绩合格，现予以公示。"),
    )
    objection_instructions = models.TextField(
        _("异议方式"),
        default=_(
            "公示期内，对公示名单有异议的，可在本页在线提交，或以书面形式实名向我校反映。"
            "请写明异议理由并留下联系方式，我们将在核实后答复。"
        ),
    )
    objection_contact = models.CharField(
        _("受理电话和地址"), max_length=200, blank=True, help_text=_("如：0479-0000000，学校办公室")
    )

    content_panels = Page.content_panels + [
        FieldPanel("plans"),
        FieldPanel("introduction"),
        FieldPanel("objection_instructions"),
        FieldPanel("objection_contact"),
    ]
    parent_page_types = ["assessments.PublicityIndexPage"]
    subpage_types: list[str] = []
    template = "assessments/results/publicity_notice_page.html"

    class Meta:
        verbose_name = _("成绩公示")
        verbose_name_plural = _("成绩公示")

    def serve(self, request, *args, **kwargs):
        from assessments.views.notices import serve_notice

        return serve_notice(self, request, super().serve, *args, **kwargs)


class NoticePeriod(models.Model):
    """When a notice runs: set when it is first published, restarted when a score of its plans
    changes afterwards (the notice reopens)."""

    notice = models.OneToOneField(
        PublicityNoticePage, on_delete=models.CASCADE, related_name="period"
    )
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示截止"))
    working_days = models.PositiveSmallIntegerField(_("工作日数"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("重新公示时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新公示原因"), blank=True)

    class Meta:
        verbose_name = _("公示期")
        verbose_name_plural = _("公示期")

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


class Objection(models.Model):
    """异议: filed by anyone during a notice's period; resolved by staff with an outcome."""

    notice = models.ForeignKey(
        PublicityNoticePage,
        verbose_name=_("公示"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    name = models.CharField(_("姓名"), max_length=30)
    contact = models.CharField(_("联系方式"), max_length=60)
    text = models.TextField(_("异议内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )
    outcome = models.CharField(
        _("处理结果"), max_length=10, choices=ObjectionOutcome.choices, blank=True
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        permissions = [("resolve_objection", _("可处理成绩公示的异议"))]

    def __str__(self) -> str:
        return _("%(notice)s 的异议（%(date)s）") % {
            "notice": self.notice.title,
            "date": f"{self.created_at:%Y-%m-%d}" if self.created_at else "",
        }

    @property
    def masked_contact(self) -> str:
        """The contact as lists show it (a mobile masked as 139****1111)."""
        return redact(self.contact)


__all__ = ["NoticePeriod", "Objection", "PublicityIndexPage", "PublicityNoticePage"]
