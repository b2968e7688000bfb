"""Middleware of the host site: finding the site and the page of a request from the cache."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, Site, get_page_models
from wagtail.views import serve as wagtail_serve

SITES_KEY = "hostsite:sites"
SITES_SECONDS = 60
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


ROUTE_SECONDS = 600


def _default_routing() -> bool:
    """True while no page type routes its own sub-paths (RoutablePageMixin, a custom route()):
    then a page's url_path alone says which page Wagtail's routing would find for a path."""
    global _DEFAULT_ROUTING
    if _DEFAULT_ROUTING is None:
        _DEFAULT_ROUTING = all(model.route is Page.route for model in get_page_models())
    return _DEFAULT_ROUTING


_DEFAULT_ROUTING: bool | None = None


class RouteCacheMiddleware:
    """Serve a page found before with one query instead of Wagtail's walk down the tree (a
    query per level plus one for the specific page).

    After Wagtail has routed a path, the page's id and type are kept in the cache under the
    url_path the path stands for. On the next request for that path the page is read by id and
    used only if it still has that url_path (a move or a new slug changes it) and is live,
    which is what Wagtail's routing would find; otherwise the entry is
    dropped and Wagtail routes as usual. Wagtail's own ``request._wagtail_route_for_request``
    carries the result, so its serve view, hooks and privacy checks run unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        key = getattr(request, "_route_cache_key", None)
        found = getattr(request, "_wagtail_route_for_request", None)
        if key and found is not None and not getattr(request, "_route_from_cache", False):
            page, args, kwargs = found
            if not args and not kwargs and page.url_path == request._route_url_path:
                cache.set(key, (page.pk, page.content_type_id), ROUTE_SECONDS)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or not _default_routing():
            return None
        site = Site.find_for_request(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        root = site.root_page.localized
        request._route_url_path = root.url_path + "".join(f"{c}/" for c in components)
        where = f"{site.pk}:{root.pk}:{get_language()}:{request._route_url_path}"
        # Hashed: paths may be long or hold any character, cache keys should not.
        key = request._route_cache_key = (
            "hostsite:route:" + hashlib.sha256(where.encode()).hexdigest()
        )
        entry = cache.get(key)
        if entry is None:
            return None
        page_id, content_type_id = entry
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        try:
            if model is None:
                raise Http404
            page = model.objects.get(pk=page_id)  # get(): no ORDER BY to build and send
            if page.url_path != request._route_url_path:
                raise Http404
            request._wagtail_route_for_request = page.route(request, [])
            request._route_from_cache = True
        except (Http404, ObjectDoesNotExist):
            cache.delete(key)  # Wagtail routes this request itself
        return None
