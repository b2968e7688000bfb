from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_app.choices import FileKind
from forms_app.storage import private_storage


class HeldUpload(models.Model):
    """A checked photo or document kept while the applicant corrects the form (暂存的上传文件).

    Stored under PRIVATE_MEDIA_ROOT/held/ (outside MEDIA_ROOT, no URL). The form carries a random
    token whose SHA-256 is ``token_hash``; a token counts only together with the browser's
    form-session cookie (``owner_hash``) or the draft it was saved with (see
    forms_app.held_uploads). Deleted when the application is submitted, when its draft goes and
    when it expires.
    """

    form_page = models.ForeignKey(
        "forms_app.RegistrationFormPage", on_delete=models.CASCADE, related_name="+"
    )
    field_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    owner_hash = models.CharField(max_length=64, db_index=True)
    draft = models.ForeignKey(
        "forms_app.ApplicationDraft",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="held_uploads",
    )
    file = models.FileField(storage=private_storage, upload_to="held/", max_length=300)
    original_name = models.CharField(max_length=255)
    original_size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("暂存的上传文件")
        verbose_name_plural = _("暂存的上传文件")

    def __str__(self):
        return self.original_name

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
