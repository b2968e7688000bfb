"""The site's URLs plus three views that fail, for tests/hostsite/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path
from hostsite.urls import handler500  # noqa: F401
from hostsite.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("test-database-gone/", database_gone),
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *site_urlpatterns,
]
