"""Middleware of the host site: finding the site and the page of a request from memory."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import get_language
from hostsite.versions import Remembered
from wagtail.models import Page, Site, get_page_models
from wagtail.views import serve as wagtail_serve

MAX_HOSTS = 32  # the Host header is the client's to choose: keep no more answers than this
_sites = Remembered(limit=MAX_HOSTS)


class SiteCacheMiddleware:
    """Find the Wagtail Site of a request in this process's memory rather than with a query
    per request.

    Wagtail's ``Site.find_for_request`` looks in ``request._wagtail_site`` first; this sets it
    from what the process remembers per (host name, port) until a site changes anywhere (see
    hostsite.versions and hostsite.signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        request._wagtail_site = _sites.get(key, lambda: Site._find_for_request(request))
        return self.get_response(request)


def _default_routing() -> bool:
    """True while no page type routes its own sub-paths (RoutablePageMixin, a custom route()):
    then a page's url_path alone says which page Wagtail's routing would find for a path."""
    global _DEFAULT_ROUTING
    if _DEFAULT_ROUTING is None:
        _DEFAULT_ROUTING = all(model.route is Page.route for model in get_page_models())
    return _DEFAULT_ROUTING


_DEFAULT_ROUTING: bool | None = None
MAX_ROUTES = 2000
_routes: dict[str, tuple[int, int]] = {}


class RouteCacheMiddleware:
    """Serve a page found before with one query instead of Wagtail's walk down the tree (a
    query per level plus one for the specific page).

    After Wagtail has routed a path, the page's id and type are kept in this process's memory
    under the url_path the path stands for (nothing to invalidate: every use is checked). On
    the next request for that path the page is read by id and used only if it still has that
    url_path (a move or a new slug changes it) and is live, which is what Wagtail's routing
    would find; otherwise the entry is dropped and Wagtail routes as usual. Wagtail's own
    ``request._wagtail_route_for_request`` carries the result, so its serve view, hooks and
    privacy checks run unchanged.
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
                if len(_routes) >= MAX_ROUTES:
                    _routes.clear()
                _routes[key] = (page.pk, page.content_type_id)
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
        key = request._route_cache_key = (
            f"{site.pk}:{root.pk}:{get_language()}:{request._route_url_path}"
        )
        entry = _routes.get(key)
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
            _routes.pop(key, None)  # Wagtail routes this request itself
        return None
