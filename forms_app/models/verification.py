from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationCode(models.Model):
    """An SMS code sent to prove a mobile (forms_app.verification): only its keyed hash is
    kept, with the mobile's lookup hash; valid until ``expires_at``, for ``MAX_TRIES`` tries and
    one use. Rows are deleted a day after they expire (manage.py prune_personal_data)."""

    purpose = models.CharField(max_length=30)
    mobile_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["mobile_hash", "purpose", "-created_at"])]

    def __str__(self):
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
