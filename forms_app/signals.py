from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from forms_app.models import ApplicationFile


@receiver(post_delete, sender=ApplicationFile)
def delete_stored_file(sender, instance: ApplicationFile, **kwargs) -> None:
    """Deleting an application (or one of its files) deletes the file from storage."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # Only once the deletion is committed: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
