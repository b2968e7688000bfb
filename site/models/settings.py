from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class ContactSettings(ClusterableModel, BaseSiteSetting):
    """The school's contact details, shown in the footer of every page."""

    organisation_name = models.CharField(_("机构名称"), max_length=100, blank=True)
    registration_phone = models.CharField(_("报名电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("分享图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("链接转发到微信等处时显示的图片（如校徽），正方形最佳；留空使用默认图片。"),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("registration_phone"),
        InlinePanel("contacts", label=_("联系人")),
        FieldPanel("address"),
        FieldPanel("email"),
        FieldPanel("share_image"),
    ]

    class Meta:
        verbose_name = _("联系方式")


class ContactPerson(models.Model):
    settings = ParentalKey(ContactSettings, related_name="contacts", on_delete=models.CASCADE)
    sort_order = models.PositiveIntegerField(default=0, editable=False)
    name = models.CharField(_("称呼"), max_length=40)
    mobile = models.CharField(_("手机"), max_length=20)
    wechat_same_number = models.BooleanField(_("微信同号"), default=False)

    panels = [FieldPanel("name"), FieldPanel("mobile"), FieldPanel("wechat_same_number")]

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")

    def __str__(self):
        return f"{self.name} {self.mobile}"
