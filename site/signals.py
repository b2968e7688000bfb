from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from hostsite.middleware import forget_sites
from wagtail.models import Site


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs) -> None:
    """A site was added, changed or removed: every process finds sites afresh, now and again
    once the change has committed (a request may have cached the old rows in between)."""
    forget_sites()
    transaction.on_commit(forget_sites)
