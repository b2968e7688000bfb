"""A page cache for anonymous readers: the public pages as rendered HTML in the shared cache.

When registration opens, one WeChat link sends thousands of phones to the same occupation page.
Pages Wagtail serves to a visitor who brings no cookie but the CSRF one (no editor, no applicant
who looked up a status, no pending message) are kept in Django's cache (Redis in production)
for ``PAGE_CACHE_SECONDS`` and served from it without touching the database. A page is stored
only when nothing in it belongs to one visitor: the response sets no cookie, its template took
no CSRF token (forms), and it does not say ``Cache-Control: private``/``no-store``.

Keys carry the content token of hostsite.versions, read fresh on every request (not the copy a
process trusts for a second), which the rest of the request then uses for what the process
remembers (menus, footer, an occupation's links): publishing, unpublishing, moving or deleting
a page, or any other content change (hostsite.signals), starts a new token, so the next
anonymous reader gets the new page. While Redis is down the cache answers as an empty one
(hostsite.cache), so every page is rendered as without this cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from hostsite.versions import fresh_content_token
from wagtail.views import serve as wagtail_serve

NOT_SHARED = ("private", "no-store", "no-cache")


class PageCacheMiddleware:
    """Answer anonymous GETs of Wagtail pages from the cache; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._anonymous_read(request):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if getattr(request, "_page_cache_candidate", False) and self._shareable(request, response):
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        request._page_cache_candidate = view_func is wagtail_serve
        return None

    @staticmethod
    def _anonymous_read(request: HttpRequest) -> bool:
        return request.method in ("GET", "HEAD") and all(
            name == settings.CSRF_COOKIE_NAME for name in request.COOKIES
        )

    @staticmethod
    def _key(request: HttpRequest) -> str:
        url = request.build_absolute_uri().encode()
        digest = hashlib.sha256(url).hexdigest()[:32]
        return f"hostsite:page:{fresh_content_token()}:{get_language()}:{request.method}:{digest}"

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in control for word in NOT_SHARED)
        )
