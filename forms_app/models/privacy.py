from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


@register_setting(icon="lock")
class PrivacySettings(BaseSiteSetting):
    """个人信息处理规则: the site-wide privacy notice shown on every registration form that has
    none of its own. Seeded with the school's default text on first use (forms_app.privacy)."""

    notice = RichTextField(
        _("个人信息处理规则"),
        blank=True,
        help_text=_(
            "报名表上显示的个人信息处理规则：处理者及联系方式、处理目的、保存期限、如何申请删除。"
            "报名表可以另行填写自己的规则。留空则恢复为系统默认文本。"
        ),
    )

    panels = [FieldPanel("notice")]

    class Meta:
        verbose_name = _("个人信息处理规则")


class PrivacyNoticeVersion(models.Model):
    """One wording of a privacy notice that applicants consented to; ``digest`` is the SHA-256
    of ``text`` (the notice's rich-text source), so an application names exactly what it
    accepted even after editors change the notice."""

    digest = models.CharField(_("版本（SHA-256）"), max_length=64, unique=True)
    text = models.TextField(_("规则全文"))
    created_at = models.DateTimeField(_("首次同意时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("个人信息处理规则版本")
        verbose_name_plural = _("个人信息处理规则版本")

    def __str__(self):
        return f"{self.digest[:12]} ({self.created_at:%Y-%m-%d})"
