"""Certificates (职业技能等级证书): who issues them, their gapless serials and each certificate
with its history. Numbers are composed by a format from the registry in
``assessments.services.certificates.numbers`` (default: the national 22-character layout)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.choices import CertificateAction, CertificateStatus, OrganisationKind
from occupations.choices import Level


def _digits(count: int) -> RegexValidator:
    return RegexValidator(rf"^\d{{{count}}}$", _("应为 %(count)s 位数字") % {"count": count})


class CertificateIssuer(models.Model):
    """发证机构: the organisation that issues certificates and the parts of the number its staff
    set (positions 1–13 of the national layout)."""

    name = models.CharField(_("发证机构名称"), max_length=100)
    kind = models.CharField(
        _("机构类型"),
        max_length=1,
        choices=OrganisationKind.choices,
        default=OrganisationKind.TRAINING_ORGANISATION,
    )
    ministry_code = models.CharField(
        _("人社部备案编码"),
        max_length=4,
        default="0000",
        validators=[_digits(4)],
        help_text=_("在省级备案的机构填 0000。"),
    )
    province_code = models.CharField(
        _("省份代码"), max_length=2, default="15", validators=[_digits(2)]
    )
    site_serial = models.CharField(
        _("机构/站点序号"),
        max_length=6,
        validators=[_digits(6)],
        help_text=_("省级人社部门分配的 6 位序号。"),
    )
    number_format = models.CharField(_("证书编号格式"), max_length=40, default="national22")
    is_default = models.BooleanField(_("默认发证机构"), default=False)

    class Meta:
        verbose_name = _("发证机构")
        verbose_name_plural = _("发证机构")

    def __str__(self):
        return self.name


class CertificateSerial(models.Model):
    """The last serial given per issuer, year and level: one row, locked while a certificate is
    numbered, so serials are gapless and never given twice."""

    issuer = models.ForeignKey(CertificateIssuer, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "level"], name="one_serial_counter_per_issuer_year_level"
            )
        ]

    def __str__(self):
        return f"{self.issuer_id}/{self.year}/{self.level}: {self.last_serial}"


class CertificateQuerySet(models.QuerySet):
    def numbered(self):
        """Certificates with their numbers: all but those stored a moment ago and waiting for
        a serial (see ``numbers.number_waiting``), which nobody may see yet."""
        return self.filter(serial__isnull=False)


class Certificate(models.Model):
    """One certificate as issued: what is printed on it is kept here (the application may be
    anonymised years later; the certificate stays verifiable)."""

    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    issuer = models.ForeignKey(
        CertificateIssuer, verbose_name=_("发证机构"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    # Set with the number: in the transaction that stores the certificate, or (one issued on
    # its own) in the group commit right after it (services.certificates.numbers).
    serial = models.PositiveIntegerField(_("流水号"), null=True)
    application = models.ForeignKey(
        "forms_app.Application",
        verbose_name=_("报名"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    candidate = models.ForeignKey(
        "assessments.Candidate",
        verbose_name=_("考生"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    name = models.CharField(_("姓名"), max_length=30)
    occupation_title = models.CharField(_("职业"), max_length=100)
    occupation_code = models.CharField(_("职业编码"), max_length=30, blank=True)
    specialty = models.CharField(_("工种/方向"), max_length=60, blank=True)
    issued_on = models.DateField(_("发证日期"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("补发自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    key_id = models.CharField(_("签名密钥"), max_length=40, blank=True)
    payload = models.TextField(_("签名数据"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        indexes = [
            # the certificates waiting for a serial, read under the counter's lock
            models.Index(
                fields=["issuer", "year", "level"],
                condition=models.Q(serial__isnull=True),
                name="certificate_waiting_serial",
            )
        ]
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        permissions = [
            ("issue_certificate", _("可颁发、补发、撤销和打印证书")),
            ("view_statistics", _("可查看统计（报名、审核、证书）")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "level", "serial"], name="one_certificate_per_serial"
            ),
            # a candidate holds one valid certificate; a reissue revokes the old one first
            models.UniqueConstraint(
                fields=["candidate"],
                condition=models.Q(status="valid", candidate__isnull=False),
                name="one_valid_certificate_per_candidate",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


class CertificateEvent(models.Model):
    """A certificate's history: issued, reissued, revoked, printed; who, when and why."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=CertificateAction.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("证书记录")
        verbose_name_plural = _("证书记录")

    def __str__(self):
        return f"{self.certificate_id}: {self.action}"
