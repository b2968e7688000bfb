from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from hostsite.restrictions import ViewRestrictionsMixin
from hostsite.search import SearchableTexts, plain_text
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from occupations.blocks import LevelsBlock, published_texts
from occupations.choices import Level


class OccupationIndexPage(SearchableTexts, ViewRestrictionsMixin, Page):
    """职业与报名条件: every occupation the school certifies, filterable by level."""

    #: The site search offers this page when it finds nothing.
    suggested_when_nothing_found = True

    introduction = RichTextField(_("导语"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hostsite.HomePage"]
    subpage_types = ["occupations.OccupationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("职业目录页")
        verbose_name_plural = _("职业目录页")

    def get_context(self, request, *args, **kwargs):
        # The occupations listed are read by the template ({% occupations_offering %}), so the
        # model does not import the selectors that import it.
        context = super().get_context(request, *args, **kwargs)
        level = request.GET.get("level", "")
        selected = int(level) if level.isdigit() and int(level) in Level.values else None
        context["levels"] = Level.choices
        context["selected_level"] = selected
        return context

    def searchable_texts(self) -> list[str]:
        return [plain_text(self.introduction)]


class OccupationPage(SearchableTexts, ViewRestrictionsMixin, Page):
    """One occupation (职业): its code, introduction and specialties with their conditions."""

    code = models.CharField(
        _("职业编码"), max_length=20, blank=True, help_text=_("如 4-04-05-01；不确定时留空。")
    )
    introduction = RichTextField(_("职业介绍"), blank=True, features=["bold", "link", "ol", "ul"])
    other_names = models.CharField(
        _("别称与旧证书名称"),
        max_length=300,
        blank=True,
        help_text=_(
            "用逗号分隔，如“电子商务员, 助理电子商务师”。内容检查据此发现误写其他职业的条件。"
        ),
    )
    source_section = models.CharField(_("宣传册章节"), max_length=10, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("introduction"),
        InlinePanel("specialties", label=_("工种/方向"), min_num=1),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("other_names"), FieldPanel("source_section")]
    # The editor's tabs, with the 条件核对 tab, are set by occupations.panels at start-up
    # (OccupationsConfig.ready), so the model does not import the admin's review code.
    search_type_label = _("职业")
    search_prefetch = ("specialties",)
    parent_page_types = ["occupations.OccupationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("职业")
        verbose_name_plural = _("职业")

    @cached_property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.other_names.replace("，", ",").split(",") if a.strip()]

    def searchable_titles(self) -> list[str]:
        return [self.title, *self.alias_list]

    def searchable_texts(self) -> list[str]:
        """Code, introduction, specialty names and the published text of every condition."""
        texts = [self.code, plain_text(self.introduction)]
        for specialty in self.specialties.all():
            texts.append(specialty.name)
            texts += specialty.condition_texts()
        return texts

    def get_context(self, request, *args, **kwargs):
        from occupations.registries import occupation_actions

        context = super().get_context(request, *args, **kwargs)
        # The specialties are read by the template's cached requirements fragment, only when
        # it is rendered afresh ({% occupation_specialties %}).
        context["actions"] = occupation_actions(self)
        return context


class Specialty(Orderable):
    """工种/方向. An occupation without named specialties has one with an empty name."""

    page = ParentalKey(OccupationPage, related_name="specialties", on_delete=models.CASCADE)
    name = models.CharField(
        _("工种/方向名称"), max_length=60, blank=True, help_text=_("该职业不分工种时留空。")
    )
    # The stable key registration forms and applications refer to (a rename keeps them).
    slug = models.SlugField(_("标识"), max_length=80, blank=True, allow_unicode=False)
    levels = StreamField(LevelsBlock(), verbose_name=_("等级与报名条件"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("levels")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("工种/方向")
        verbose_name_plural = _("工种/方向")

    def __str__(self):
        return self.name or self.page.title

    def condition_texts(self) -> list[str]:
        """The published text of every condition, read from the stored JSON: the site search
        reads it for every occupation it shows, and turning the levels into blocks (clauses and
        their choices) costs milliseconds per specialty for no more than these strings."""
        return published_texts(self.levels.raw_data)

    @property
    def display_name(self) -> str:
        return self.name or str(_("不分工种"))

    def clean(self):
        super().clean()
        if self.name and not self.slug:
            raise ValidationError({"slug": _("请填写工种/方向的标识（英文字母、数字和连字符）。")})
