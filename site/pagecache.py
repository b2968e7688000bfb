"""A page cache for anonymous readers: the public pages as rendered HTML in the shared cache.

When registration opens, one WeChat link sends thousands of phones to the same occupation page.
Pages Wagtail serves to a visitor who brings no cookie but the CSRF one (no editor, no applicant
who looked up a status, no pending message) are kept in Django's cache (Redis in production)
for ``PAGE_CACHE_SECONDS`` and served from it without touching the database. A page is stored
only when nothing in it belongs to one visitor: the response sets no cookie, its template took
no CSRF token (forms) and no CSP nonce, and it does not say ``Cache-Control: private``/
``no-store``.

What it costs a request:

- a request that can never be a cached page (a POST, a visitor with a session, the admin, the
  API, static files, any address Django's URLconf does not send to Wagtail's page view) asks
  Redis nothing here: whether an address goes to Wagtail is resolved once per process and path;
- a page from the cache is one Redis round trip: the page, stored with the content token
  (hostsite.versions) it was rendered for, and the token as it is now, in one MGET. It is served
  only if the two tokens match: publishing, unpublishing, moving or deleting a page, or any
  other content change (hostsite.signals), starts a new token, so the next anonymous reader gets
  the new page. The session, CSRF, authentication and CSP middleware do not run for it: the
  response stored carries the headers they gave it (Content-Security-Policy, X-Frame-Options,
  Vary), and the security middleware before this one adds its own to every answer.
- a page rendered afresh reads the token again (hostsite.versions.fresh_content_token), and the
  rest of the request uses it for what the process remembers (menus, footer, an occupation's
  links), so the page stored is the one that token stands for.

While Redis is down the cache answers as an empty one (hostsite.cache), so every page is
rendered as without this cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils.translation import get_language
from hostsite.versions import TOKEN_KEY, fresh_content_token
from wagtail.views import serve as wagtail_serve

NOT_SHARED = ("private", "no-store", "no-cache")
POLICY_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
MAX_PATHS = 4096  # the path is the client's to choose: remember no more answers than this


class _PagePaths:
    """Which paths Django's URLconf sends to Wagtail's page view, remembered per process (a
    URLconf does not change while it runs; a new one, e.g. in tests, starts afresh)."""

    resolver = None
    answers: dict[str, bool] = {}


def wagtail_page_path(path_info: str) -> bool:
    """True when ``path_info`` resolves to Wagtail's page view (only such a page is cached)."""
    resolver = get_resolver()
    if resolver is not _PagePaths.resolver:
        _PagePaths.resolver, _PagePaths.answers = resolver, {}
    answers = _PagePaths.answers
    try:
        return answers[path_info]
    except KeyError:
        pass
    try:
        answer = resolver.resolve(path_info).func is wagtail_serve
    except Resolver404:
        answer = False
    if len(answers) >= MAX_PATHS:
        answers.clear()
    answers[path_info] = answer
    return answer


class PageCacheMiddleware:
    """Answer anonymous GETs of Wagtail pages from the cache; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        seconds = settings.PAGE_CACHE_SECONDS
        if (
            not seconds
            or not self._anonymous_read(request)
            or not wagtail_page_path(request.path_info)
        ):
            return self.get_response(request)
        key = self._key(request)
        found = cache.get_many([TOKEN_KEY, key])  # one round trip; {} while Redis is down
        stored = found.get(key)
        if stored is not None and stored[0] == found.get(TOKEN_KEY):
            response = stored[1]
            response["X-Page-Cache"] = "hit"
            return response
        token = fresh_content_token()  # what this request renders for (and starts one if lost)
        response = self.get_response(request)
        if (
            getattr(request, "_page_cache_candidate", False)
            and not token.startswith("uncached:")  # Redis down: hostsite.versions
            and self._shareable(request, response)
        ):
            cache.set(key, (token, response), seconds)
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
        return f"hostsite:page:{get_language()}:{request.method}:{digest}"

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in control for word in NOT_SHARED)
            and not any("'nonce-" in response.get(header, "") for header in POLICY_HEADERS)
        )
