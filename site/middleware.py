"""Middleware of the host site."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

SITES_KEY = "hostsite:sites"
SITES_SECONDS = 300
MAX_HOSTS = 32  # the Host header is the client's to choose: keep no more answers than this


class SiteCacheMiddleware:
    """Find the Wagtail Site of a request from the shared cache rather than a query per request.

    Wagtail's ``Site.find_for_request`` looks in ``request._wagtail_site`` first; this sets it
    from a cached {(host name, port): Site} map, filled on first use and dropped (in every
    process sharing the cache) when a site is saved or deleted (see hostsite.signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        sites = cache.get(SITES_KEY) or {}
        if key in sites:
            request._wagtail_site = sites[key]
        else:
            site = Site.find_for_request(request)
            if len(sites) < MAX_HOSTS:
                cache.set(SITES_KEY, {**sites, key: site}, timeout=SITES_SECONDS)
        return self.get_response(request)


def forget_sites() -> None:
    cache.delete(SITES_KEY)
