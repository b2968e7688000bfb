from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from hostsite.versions import content_changed

from forms_app.models import ApplicationFile, FormField, HeldUpload


@receiver(post_delete, sender=ApplicationFile)
@receiver(post_delete, sender=HeldUpload)
def delete_stored_file(sender, instance, **kwargs) -> None:
    """Deleting an application (or one of its files), or a kept upload (also with its draft),
    deletes the file from storage."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # Only once the deletion is committed: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=FormField)
@receiver(post_delete, sender=FormField)
def form_field_changed(sender, **kwargs) -> None:
    """Publishing a page rewrites its field rows and changes its publication time; a field
    changed any other way (a script, the shell) is seen at once too."""
    content_changed()
