"""Changes that make what processes remember of the content out of date (hostsite.versions)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from hostsite.versions import content_changed
from wagtail.models import PageViewRestriction, Site


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def site_or_privacy_changed(sender, **kwargs) -> None:
    """A site or a page's privacy changed: every process finds sites and restrictions afresh."""
    content_changed()
