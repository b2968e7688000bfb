from django.db.models.signals import post_delete
from django.dispatch import receiver
from hostsite.versions import content_changed
from wagtail.signals import page_published, page_unpublished

from occupations.models import OccupationPage


@receiver(page_published, sender=OccupationPage)
@receiver(page_unpublished, sender=OccupationPage)
@receiver(post_delete, sender=OccupationPage)
def occupation_changed(sender, **kwargs) -> None:
    """Every process looks occupations up afresh (occupations.selectors)."""
    content_changed()
