"""Changes that make what processes remember of the content out of date (hostsite.versions)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from hostsite.models.settings import ContactPerson, ContactSettings
from hostsite.versions import content_changed
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def site_or_privacy_changed(sender, **kwargs) -> None:
    """A site or a page's privacy changed: every process finds sites and restrictions afresh."""
    content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def page_changed(sender, **kwargs) -> None:
    """A page was published, unpublished, moved or deleted: menus and pages anonymous readers
    see from the page cache (hostsite.pagecache) are renewed."""
    content_changed()


@receiver(post_save)
def site_setting_changed(sender, **kwargs) -> None:
    """A site setting (e.g. the contact details in every footer) changed."""
    if issubclass(sender, BaseSiteSetting):
        content_changed()


@receiver(post_save, sender=ContactPerson)
@receiver(post_delete, sender=ContactPerson)
def contact_person_changed(sender, **kwargs) -> None:
    """A contact in the footer changed without its settings being saved (e.g. in a script)."""
    content_changed()


@receiver(post_save, sender=get_image_model())
@receiver(pre_delete, sender=get_image_model())
def share_image_changed(sender, instance, **kwargs) -> None:
    """The school's share image (联系方式) got a new file or is deleted: its rendition's URL,
    kept with the site's chrome (hostsite.selectors.site_chrome), changes."""
    if ContactSettings.objects.filter(share_image=instance).exists():
        content_changed()


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs) -> None:
    """Index a searchable page again once published. Wagtail indexes on post_save, which comes
    before a page's child objects are saved (an occupation's specialties and conditions, an
    announcement's attachments), so the index would hold their previous texts."""
    from hostsite.search import SearchableTexts
    from wagtail.search import index

    if issubclass(sender, SearchableTexts):
        index.insert_or_update_object(instance)
