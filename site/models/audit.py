"""The audit trail (ASVS V7): who did what to whom, when and from where, append-only.

Rows are written only through ``hostsite.audit.record``; this model refuses to change or delete
one (``save`` of an existing row, ``delete``, and the queryset's ``update``/``delete`` raise).
Nothing here ever holds a full citizen ID number or mobile: ``record`` masks any it is given.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        # A deleted user's entries stay as they were (their name is in actor_label).
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    masked = models.BooleanField(_("已脱敏"), null=True, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        # Only "view": nobody, superusers included, is offered add, change or delete.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    @property
    def action_name(self) -> str:
        from hostsite import audit

        return audit.action_label(self.action)

    @property
    def masked_name(self) -> str:
        if self.masked is None:
            return ""
        return str(_("是") if self.masked else _("否"))
