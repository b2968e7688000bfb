from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from occupations.models import OccupationPage
from occupations.selectors import forget_requirements


@receiver(page_published, sender=OccupationPage)
@receiver(page_unpublished, sender=OccupationPage)
@receiver(post_delete, sender=OccupationPage)
def occupation_changed(sender, **kwargs) -> None:
    forget_requirements()
