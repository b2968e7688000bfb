from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from hostsite.versions import content_changed
from wagtail.models import Site


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs) -> None:
    """A site was added, changed or removed: every process finds sites afresh."""
    content_changed()
