from django.db import models


class ContentFingerprint(models.Model):
    """What the content loader last wrote to a page, to tell editor changes from its own."""

    key = models.CharField(max_length=200, unique=True)
    digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
