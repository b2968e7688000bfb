from django.http import JsonResponse
from django.urls import include, path


def bare(request):
    """The baseline: the cheapest JSON answer Django gives through the same middleware."""
    return JsonResponse({"eligible": True})


urlpatterns = [path("bench/bare", bare), path("", include("hostsite.urls"))]
