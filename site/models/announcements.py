"""通知公告: the school's announcements, newest first, with attachments and a feed.

The host owns them (a school content page like 学校简介). An announcement may point to any page,
usually a registration form, through a generic page chooser: the host imports no plugin.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from hostsite.blocks import BodyBlock
from hostsite.restrictions import ViewRestrictionsMixin
from hostsite.search import SearchableTexts
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

ANNOUNCEMENTS_PER_PAGE = 10


class AnnouncementIndexPage(SearchableTexts, ViewRestrictionsMixin, Page):
    """通知公告: the list of announcements, newest first, ten to a page."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hostsite.HomePage"]
    subpage_types = ["hostsite.AnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = _("通知公告栏目")
        verbose_name_plural = _("通知公告栏目")

    def searchable_texts(self) -> list[str]:
        return [self.introduction]

    def announcements(self):
        return (
            AnnouncementPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.announcements(), ANNOUNCEMENTS_PER_PAGE)
        context["announcements"] = paginator.get_page(request.GET.get("page", 1))
        return context


class AnnouncementPage(SearchableTexts, ViewRestrictionsMixin, Page):
    """One announcement: its date, a summary for lists and feeds, the text and attachments."""

    date = models.DateField(_("发布日期"), default=timezone.localdate)
    summary = models.TextField(
        _("摘要"), max_length=300, blank=True, help_text=_("显示在首页和通知列表中，一两句话。")
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("相关报名表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("可选：选择本通知对应的报名表（或其他页面），通知下方会显示前往的按钮。"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
        FieldPanel("related_page"),
    ]
    parent_page_types = ["hostsite.AnnouncementIndexPage"]
    subpage_types: list[str] = []
    search_type_label = _("通知")
    search_prefetch = ("attachments__document",)

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")

    def searchable_texts(self) -> list[str]:
        body = self._meta.get_field("body").get_searchable_content(self.body)
        return [self.summary, *body, *(a.display_title for a in self.attachments.all())]

    @property
    def description(self) -> str:
        """What lists, feeds and share cards show under the title."""
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related_page
        context["related"] = related if related and related.live else None
        context["attachments"] = self.attachments.select_related("document")
        return context


class AnnouncementAttachment(Orderable):
    """A file attached to an announcement (PDF, XLSX …), kept in Wagtail's documents."""

    page = ParentalKey(AnnouncementPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("显示名称"), max_length=200, blank=True, help_text=_("留空则使用文件的标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title

    @property
    def extension(self) -> str:
        return self.document.file_extension.upper()
