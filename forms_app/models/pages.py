from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from hostsite.restrictions import ViewRestrictionsMixin
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.snippets.models import register_snippet

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

    panels = [
        FieldPanel("label"),
        FieldPanel("clean_name"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
        FieldPanel("section"),
        FieldRowPanel([FieldPanel("show_when_field"), FieldPanel("show_when_value")]),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")

    @property
    def kind(self):
        return get_field_type(self.field_type)


class RegistrationFormPage(ViewRestrictionsMixin, AbstractForm):
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

    class Meta:
        verbose_name = _("报名表")
        verbose_name_plural = _("报名表")

    # Configuration -----------------------------------------------------------------------------

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
