from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from hostsite import plugins
from hostsite.blocks import BodyBlock
from hostsite.models.announcements import AnnouncementIndexPage
from hostsite.restrictions import ViewRestrictionsMixin
from hostsite.search import SearchableTexts
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site


class SearchablePage(SearchableTexts, ViewRestrictionsMixin, Page):
    """Base of the host's content pages: an introduction and a StreamField body, searchable."""

    introduction = models.TextField(_("导语"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        abstract = True

    def searchable_texts(self) -> list[str]:
        # Chinese text is indexed character by character (see hostsite.search).
        return [self.introduction, *self._meta.get_field("body").get_searchable_content(self.body)]


LATEST_ANNOUNCEMENTS = 5


class HomePage(SearchablePage):
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    @classmethod
    def clean_subpage_models(cls):
        # Standard pages plus the page types each enabled plugin offers under the home page.
        return [
            StandardPage,
            AnnouncementIndexPage,
            *(apps.get_model(name) for name in plugins.home_page_types()),
        ]

    def get_context(self, request, *args, **kwargs):
        from hostsite.selectors import home_contents  # the selectors read these models

        context = super().get_context(request, *args, **kwargs)
        contents = home_contents(
            home=self, site=Site.find_for_request(request), latest=LATEST_ANNOUNCEMENTS
        )
        context["sections"] = contents.sections
        context["announcement_index"] = contents.announcement_index
        context["latest_announcements"] = contents.latest_announcements
        return context


class StandardPage(SearchablePage):
    """A page of the school's site: profile, policy, process … (学校简介, 认定依据, …)."""

    source_section = models.CharField(
        _("宣传册章节"),
        max_length=10,
        blank=True,
        help_text=_("本页文字来自宣传册的哪一节（如 01）；由导入命令维护，编辑时无需修改。"),
    )
    subpage_types = ["hostsite.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")
