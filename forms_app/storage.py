import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A folder outside MEDIA_ROOT with no public URL; staff reach files through a view.

    The location is read from settings.PRIVATE_MEDIA_ROOT on every use (not frozen when the model
    is imported), so a test or a deployment that changes the setting is obeyed.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self):
        """Readable by the site's own user only (no group, no others)."""
        return 0o600

    @property
    def directory_permissions_mode(self):
        return 0o700

    def url(self, name):
        raise ValueError("Applicants' files have no public URL; use the staff file view.")


_PRIVATE = PrivateStorage()


def private_storage() -> FileSystemStorage:
    """Applicants' files: a folder outside MEDIA_ROOT with no public URL (PRIVATE_MEDIA_ROOT)."""
    return _PRIVATE
