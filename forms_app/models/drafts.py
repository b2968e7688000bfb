from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_app.crypto import EncryptedTextField


class ApplicationDraft(models.Model):
    """保存草稿: a half-filled registration form, resumed through a secret link.

    Only the SHA-256 of the link's token is stored; the answers (never files) are one JSON
    document encrypted with the personal-data keys, since they hold ID and mobile numbers.
    """

    form_page = models.ForeignKey(
        "forms_app.RegistrationFormPage",
        verbose_name=_("报名表"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    payload = EncryptedTextField(_("填写内容（加密）"), editable=False)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    expires_at = models.DateTimeField(_("失效时间"), db_index=True)

    class Meta:
        verbose_name = _("报名草稿")
        verbose_name_plural = _("报名草稿")

    def __str__(self):
        return f"{self.form_page_id} {self.created_at:%Y-%m-%d}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
