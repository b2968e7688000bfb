from django.http import JsonResponse
from django.urls import include, path
from hostsite.urls import handler500  # noqa: F401 (the site's error pages)


def bare(request):
    """The baseline: the cheapest JSON answer Django gives through the same middleware."""
    return JsonResponse({"eligible": True})


urlpatterns = [path("bench/bare", bare), path("", include("hostsite.urls"))]
