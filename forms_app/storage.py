from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


@cache
def _storage(location: str) -> FileSystemStorage:
    return FileSystemStorage(location=location, base_url=None)


def private_storage() -> FileSystemStorage:
    """Applicants' files: a folder outside MEDIA_ROOT with no public URL (PRIVATE_MEDIA_ROOT)."""
    return _storage(settings.PRIVATE_MEDIA_ROOT)
