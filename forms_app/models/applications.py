from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forms_app.choices import LIVE_STATUSES, ApplicationStatus, FileKind
from forms_app.crypto import EncryptedTextField
from forms_app.storage import private_storage
from occupations.choices import Level


class PublishedApplications(models.Manager):
    """Applications everyone may see: not rows an import has staged and not yet published."""

    def get_queryset(self):
        return super().get_queryset().filter(staged_import__isnull=True)


class Application(models.Model):
    """报名: one person's application for one occupation, specialty, level and exam period.

    ``objects`` (the default manager, so also the admin and related managers) leaves out the
    rows an import is still staging (``staged_import`` set, forms_app.exchange.staging): they
    become visible all at once when the import is published. ``with_staged`` sees them too.
    """

    number = models.CharField(_("报名号"), max_length=20, unique=True)
    form_page = models.ForeignKey(
        "forms_app.RegistrationFormPage",
        verbose_name=_("报名表"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    occupation = models.ForeignKey(
        "occupations.OccupationPage",
        verbose_name=_("职业"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    specialty = models.CharField(_("工种/方向"), max_length=60, blank=True)  # name as applied
    # The specialty's stable key (occupations.Specialty.slug); "" when the occupation has none.
    specialty_slug = models.SlugField(_("工种/方向标识"), max_length=80, blank=True)
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    exam_period = models.ForeignKey(
        "forms_app.ExamPeriod",
        verbose_name=_("考试批次"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    name = models.CharField(_("姓名"), max_length=30)
    id_number = EncryptedTextField(_("居民身份证号码"))
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号（脱敏）"), max_length=20, editable=False)
    mobile = EncryptedTextField(_("手机号码"))
    mobile_hash = models.CharField(max_length=64, editable=False)
    mobile_masked = models.CharField(_("手机号（脱敏）"), max_length=20, editable=False)
    mobile_proven = models.BooleanField(
        _("手机号已验证"),
        default=False,
        editable=False,
        help_text=_("申请人用短信验证码证明了手机号，或由工作人员录入；只有这样的号码会收到短信。"),
    )
    identity_check = models.BooleanField(
        _("身份待核"),
        default=False,
        db_index=True,
        editable=False,
        help_text=_("同一身份证号码另有以其他手机号提交的有效报名，需工作人员核实哪一份是本人。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    status_reason = models.TextField(_("审核意见"), blank=True)
    eligible = models.BooleanField(_("系统判断符合条件"), default=False)
    needs_review = models.BooleanField(_("需人工判断"), default=False)
    eligibility = models.JSONField(_("资格判断"), default=dict, blank=True)
    answers = models.JSONField(_("其他填写内容"), default=dict, blank=True)
    source = models.CharField(_("来源"), max_length=40, default="online", editable=False)
    privacy_notice = models.ForeignKey(
        "forms_app.PrivacyNoticeVersion",
        verbose_name=_("同意的个人信息处理规则"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consented_at = models.DateTimeField(_("同意时间"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Set when the retention period ended (forms_app.retention): name masked, ID number, mobile,
    # answers and files deleted.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)
    # Set while an import stages this row (hidden from ``objects``); None once published.
    staged_import = models.ForeignKey(
        "forms_app.ApplicationImport",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="staged_applications",
    )

    with_staged = models.Manager()
    objects = PublishedApplications()

    class Meta:
        default_manager_name = "objects"  # not with_staged: the admin and related managers
        ordering = ["-submitted_at"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        permissions = [
            ("view_personal_data", _("可查看完整身份证号和手机号")),
            ("review_application", _("可审核报名")),
        ]
        constraints = [
            # One live application per ID number, (proven) mobile and target: the same person
            # cannot apply twice; someone else typing that ID number with another mobile is
            # stored beside it and both are marked for an identity check (services).
            models.UniqueConstraint(
                fields=[
                    "id_number_hash",
                    "mobile_hash",
                    "occupation",
                    "specialty_slug",
                    "level",
                    "exam_period",
                ],
                # Staged rows of an import join the rule when they are published.
                condition=Q(status__in=LIVE_STATUSES, staged_import__isnull=True),
                name="one_live_application_per_person",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


class ApplicationEvent(models.Model):
    """Every change of an application: who, when, from which status to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=60, blank=True)  # "申请人", "导入", a staff name
    reason = models.TextField(blank=True)
    #: What the applicant changed when amending: {"answers": [labels], "files": [labels]}.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("报名记录")
        verbose_name_plural = _("报名记录")

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


def _upload_to(instance, filename):
    return f"applications/{instance.application.number}/{instance.field_name}-{filename}"


class ApplicationFile(models.Model):
    """An uploaded photo or document; stored outside MEDIA_ROOT, served only to staff."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(storage=private_storage, upload_to=_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("报名材料")
        verbose_name_plural = _("报名材料")

    def __str__(self):
        return self.original_name
