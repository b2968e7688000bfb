"""What processes keep in memory about the site's content, and when it goes out of date.

Sites, page privacy, registration form fields and occupations' requirements change rarely but
are read on every request. Each process keeps what it derived from them in its own memory
(``Remembered``), filed under a token read from the shared cache. A change calls
``content_changed()``: a new token at once (for the changing transaction's own reads) and again
when the transaction commits (a request may have read the old rows in between), so every
process derives afresh on its next request. A request reads the token once
(``ContentTokenMiddleware``); a cache that lost the token simply starts a new one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction

TOKEN_KEY = "hostsite:content-token"
_request_token: ContextVar[str | None] = ContextVar("hostsite_content_token", default=None)
_in_request: ContextVar[bool] = ContextVar("hostsite_in_request", default=False)


def content_token() -> str:
    token = _request_token.get()
    if token is None:
        token = cache.get(TOKEN_KEY)
        if token is None:
            cache.add(TOKEN_KEY, secrets.token_hex(8), timeout=None)
            token = cache.get(TOKEN_KEY)
        if _in_request.get():
            _request_token.set(token)
    return token


def _new_token() -> None:
    cache.set(TOKEN_KEY, secrets.token_hex(8), timeout=None)
    _request_token.set(None)


def content_changed() -> None:
    """Every process's remembered content is out of date (call from the change's signal)."""
    _new_token()
    transaction.on_commit(_new_token)


class Remembered:
    """Values derived from content, kept in this process for the current token."""

    def __init__(self, limit: int = 256):
        self.limit = limit
        self._token: str | None = None
        self._values: dict[tuple[str, Hashable], Any] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        token = content_token()
        if token != self._token:  # a new token: nothing kept is current any more
            self._token, self._values = token, {}
        try:
            return self._values[token, key]
        except KeyError:
            value = compute()
            if len(self._values) >= self.limit:
                self._values = {}
            # Filed under the token read before computing: a value derived from rows older
            # than a newer token is never read under that token.
            self._values[token, key] = value
            return value


class ContentTokenMiddleware:
    """One read of the token per request, however many remembered values the request uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        inside = _in_request.set(True)
        token = _request_token.set(None)
        try:
            return self.get_response(request)
        finally:
            _request_token.reset(token)
            _in_request.reset(inside)
