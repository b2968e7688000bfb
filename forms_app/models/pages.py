from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from hostsite.restrictions import ViewRestrictionsMixin
from hostsite.search import SearchableTexts, plain_text
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.snippets.models import register_snippet

from forms_app.admin.page_form import RegistrationFormPageForm
from forms_app.choices import LIVE_STATUSES
from forms_app.fields import REQUIRED_ROLES, field_type_choices, get_field_type
from forms_app.widgets import SpecialtyCheckboxes, split_keys
from occupations.choices import Level


@register_snippet
class ExamPeriod(models.Model):
    """报名批次 (shown to staff as 考试批次): the period applications are collected for (e.g.
    2026年第四批). Owned by forms_app: every registration form and application belongs to one.
    The exam office's exam plans (考试计划, assessments) point to it and enrol its approved
    applications (forms_app.selectors.approved_applications)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("考试批次")
        verbose_name_plural = _("考试批次")

    def __str__(self):
        return self.name


class FormField(AbstractFormField):
    page = ParentalKey("RegistrationFormPage", related_name="form_fields", on_delete=models.CASCADE)
    field_type = models.CharField(_("字段类型"), max_length=32, choices=field_type_choices)
    section = models.CharField(
        _("分组标题"), max_length=60, blank=True, help_text=_("同一分组的字段显示在一起。")
    )
    show_when_field = models.CharField(
        _("显示条件：字段"),
        max_length=255,
        blank=True,
        help_text=_("填写另一字段的标识（name）；该字段取下面的值时才显示本字段。"),
    )
    show_when_value = models.CharField(_("显示条件：取值"), max_length=255, blank=True)

    # The editor in plain Chinese: Wagtail's own labels and help texts of AbstractFormField are
    # English or mention "ascii_snake_case"; the stored key (clean_name) is derived from the label
    # automatically (get_field_clean_name) and never shown.
    panels = [
        FieldPanel("label", heading=_("标题"), help_text=_("申请人看到的字段名称，如“工作单位”。")),
        FieldPanel(
            "field_type",
            heading=_("字段类型"),
            classname="formbuilder-type",
            required_on_save=True,
        ),
        FieldPanel("required", heading=_("必填")),
        FieldPanel("help_text", heading=_("填写说明"), help_text=_("显示在字段下方的提示。")),
        FieldPanel(
            "choices",
            heading=_("选项"),
            classname="formbuilder-choices",
            help_text=_("每行一个选项（也可用逗号分隔）。只用于下拉选择、单选和多选字段。"),
        ),
        FieldPanel(
            "default_value",
            heading=_("默认值"),
            classname="formbuilder-default",
            help_text=_("申请人打开报名表时已填好的内容；多选字段可写多个，每行一个。"),
        ),
        FieldPanel("section", heading=_("分组标题"), help_text=_("同一分组的字段显示在一起。")),
        FieldRowPanel(
            [
                FieldPanel(
                    "show_when_field",
                    heading=_("显示条件：字段"),
                    help_text=_("填写另一字段的标题；该字段取右边的值时才显示本字段。"),
                ),
                FieldPanel(
                    "show_when_value",
                    heading=_("显示条件：取值"),
                    help_text=_("勾选框填“是”，选择题填选项原文。"),
                ),
            ]
        ),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")

    @property
    def kind(self):
        return get_field_type(self.field_type)

    def get_field_clean_name(self):
        """The stored key of a new field: the pinyin of its label (工作单位 → gong_zuo_dan_wei),
        or field_N when the label has nothing readable. Set once (AbstractFormField.save) and
        kept when the label changes, so stored answers stay findable."""
        from forms_app.naming import ascii_key

        return ascii_key(self.label, fallback=f"field_{(self.sort_order or 0) + 1}")

    @property
    def show_when_key(self) -> str:
        """The key of the field this one depends on: editors name it by its title (or key)."""
        wanted = self.show_when_field.strip()
        if not wanted:
            return ""
        siblings = list(self.page.form_fields.all()) if self.page_id or self.page else []
        for other in siblings:
            if wanted in (other.clean_name, other.label.strip()):
                return other.clean_name or other.get_field_clean_name()
        return wanted


class RegistrationFormPage(SearchableTexts, ViewRestrictionsMixin, AbstractForm):
    """报名表: a registration form for one occupation (optionally some specialties/levels)."""

    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="registration_forms",
    )
    # The slugs of the specialties accepted, comma-separated (a rename keeps the form right).
    specialties = models.CharField(
        _("限定工种"),
        max_length=300,
        blank=True,
        help_text=_("只接受勾选的工种/方向（须属于上面选择的职业）；都不勾选表示全部。"),
    )
    levels = models.CharField(
        _("限定等级"),
        max_length=20,
        blank=True,
        help_text=_("只接受这些等级（如“4,3”）；留空表示该职业开展的全部等级。"),
    )
    exam_period = models.ForeignKey(
        ExamPeriod, verbose_name=_("考试批次"), on_delete=models.PROTECT, related_name="forms"
    )
    opens_at = models.DateTimeField(_("开始报名时间"))
    closes_at = models.DateTimeField(_("截止报名时间"))
    max_applications = models.PositiveIntegerField(
        _("报名人数上限"), null=True, blank=True, help_text=_("留空表示不限。")
    )
    allow_ineligible = models.BooleanField(
        _("允许不符合条件者提交"),
        default=True,
        help_text=_("勾选后，系统判断暂不符合条件的申请人仍可提交，由工作人员审核。"),
    )
    introduction = RichTextField(_("报名须知"), blank=True)
    thank_you_text = RichTextField(_("提交成功后的说明"), blank=True)
    privacy_notice = RichTextField(
        _("个人信息处理规则"),
        blank=True,
        help_text=_("留空则使用“设置 → 个人信息处理规则”中的全站规则。"),
    )

    content_panels = AbstractForm.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("occupation"),
                FieldPanel("specialties", widget=SpecialtyCheckboxes),
                FieldPanel("levels"),
                FieldPanel("exam_period"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("max_applications"),
                FieldPanel("allow_ineligible"),
            ],
            heading=_("报名设置"),
        ),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("表单字段")),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_notice"),
    ]
    parent_page_types = ["hostsite.HomePage"]
    subpage_types: list[str] = []
    base_form_class = RegistrationFormPageForm
    search_type_label = _("报名表")
    search_prefetch = ("occupation",)

    class Meta:
        verbose_name = _("报名表")
        verbose_name_plural = _("报名表")

    def searchable_texts(self) -> list[str]:
        """Found by its occupation's name (and aliases) besides its title."""
        occupation = self.occupation
        return [occupation.title, *occupation.alias_list, plain_text(self.introduction)]

    # Configuration -----------------------------------------------------------------------------

    def _set_core_field_defaults(self):
        """A short ASCII slug (apply-<occupation slug>, or the pinyin of the title) instead of
        Wagtail's Chinese one, which every link and draft link would carry percent-encoded."""
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if parent_is_known and not (self.slug and self.slug.isascii()):
            self.slug = self._get_autogenerated_slug(self.ascii_slug())
        super()._set_core_field_defaults()

    def ascii_slug(self) -> str:
        from forms_app.naming import ascii_slug

        occupation = self.occupation if self.occupation_id else None
        if occupation is not None and occupation.slug.isascii():
            return f"apply-{occupation.slug}"
        return ascii_slug(self.title, fallback="apply", limit=40)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})
        for value in filter(None, (v.strip() for v in self.levels.split(","))):
            if not value.isdigit() or int(value) not in Level.values:
                raise ValidationError({"levels": _("等级只能是 1 到 5 的数字，用逗号分隔。")})
        self.clean_specialties()

    def clean_specialties(self) -> None:
        """Every specialty the form is limited to belongs to its occupation (by slug)."""
        keys = split_keys(self.specialties)
        if not keys or not self.occupation_id:
            self.specialties = ",".join(keys)
            return
        from occupations.models import Specialty

        offered = dict(
            Specialty.objects.filter(page_id=self.occupation_id)
            .exclude(slug="")
            .values_list("slug", "name")
        )
        unknown = [key for key in keys if key not in offered]
        if unknown:
            names = dict(Specialty.objects.filter(slug__in=unknown).values_list("slug", "name"))
            raise ValidationError(
                {
                    "specialties": _("“%(names)s”不是职业“%(occupation)s”的工种/方向。")
                    % {
                        "names": "、".join(names.get(key, key) for key in unknown),
                        "occupation": self.occupation.title,
                    }
                }
            )
        self.specialties = ",".join(dict.fromkeys(keys))

    def missing_roles(self) -> list[str]:
        roles = {get_field_type(f.field_type).role for f in self.form_fields.all()}
        return [role for role in REQUIRED_ROLES if role not in roles]

    def target_choices(self) -> list[tuple[str, str, str, int]]:
        """(value, label, specialty name, level) of every specialty/level this form accepts
        (limited by specialty slug and level).

        Read from the eligibility engine's parsed requirements of the live occupation (kept
        in-process per publication), not by parsing the specialties' StreamFields again for
        every request; an occupation that is not live is read from the page itself."""
        from occupations.selectors import occupation_requirements, specialty_levels

        keys = set(split_keys(self.specialties))
        levels = {int(v) for v in self.levels.split(",") if v.strip().isdigit()}
        offered = occupation_requirements(occupation_id=self.occupation_id)
        if offered is not None:
            by_specialty = [(name, found.slug, found.levels) for name, found in offered.items()]
        else:
            by_specialty = [
                (s.name, s.slug, specialty_levels(s)) for s in self.occupation.specialties.all()
            ]
        choices = []
        for specialty, slug, offered_levels in by_specialty:
            if keys and slug not in keys:
                continue
            for level in offered_levels:
                if levels and level.level not in levels:
                    continue
                label = f"{specialty} · {level.title}" if specialty else level.title
                choices.append((f"{specialty}|{level.level}", label, specialty, level.level))
        return choices

    # State -------------------------------------------------------------------------------------

    def closed_reason(self, *, now=None) -> str | None:
        """Why applications are not accepted now, in Chinese; None while open."""
        if self.missing_roles():  # published some other way (e.g. scheduled) while incomplete
            return _("本报名表尚未设置完成，暂不接受报名。请稍后再来或联系学校。")
        now = now or timezone.now()
        if now < self.opens_at:
            local = timezone.localtime(self.opens_at)
            return _("报名尚未开始，开始时间：%(when)s。") % {"when": f"{local:%Y-%m-%d %H:%M}"}
        if now >= self.closes_at:
            return _("报名已截止。")
        if self.max_applications is not None:
            live = self.applications.filter(status__in=LIVE_STATUSES).count()
            if live >= self.max_applications:
                return _("报名人数已满。")
        return None

    # Wagtail form hooks ------------------------------------------------------------------------
    # The form class and the request handling live in forms_app.forms and forms_app.views, which
    # import these models; they are named here by dotted path (as Django names URLconfs), so
    # the models import neither.

    form_class_factory = "forms_app.forms.form_class_for"
    serve_view = "forms_app.views.serve_registration_form"

    def get_context(self, request, *args, **kwargs):
        from forms_app.privacy import notice_context

        return {**super().get_context(request, *args, **kwargs), **notice_context(self)}

    def get_form_class(self):
        return import_string(self.form_class_factory)(self)

    def serve(self, request, *args, **kwargs):
        return import_string(self.serve_view)(self, request)
