"""The site's URLs plus two views that fail, for tests/hostsite/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from hostsite.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *site_urlpatterns,
]
