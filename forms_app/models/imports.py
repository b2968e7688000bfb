import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forms_app.choices import ImportState


class ApplicationImport(models.Model):
    """One uploaded applicant list on its way in: checked by a background job (the preview),
    then, once staff confirm, staged and published by another (forms_app.exchange.staging).

    ``report`` is what the preview shows (rows with masked numbers, row and file errors);
    the list itself stays in private storage (``stored_name``) until it is published or
    pruned."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey(
        "forms_app.RegistrationFormPage", on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=300)
    digest = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=ImportState.choices)
    job = models.ForeignKey("hostsite.Job", null=True, on_delete=models.SET_NULL, related_name="+")
    report = models.JSONField(default=dict, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("报名导入")
        verbose_name_plural = _("报名导入")

    def __str__(self):
        return self.file_name
