"""What processes keep in memory about the site's content, and when it goes out of date.

Sites, page privacy, registration form fields and occupations' requirements change rarely but
are read on every request. Each process keeps what it derived from them in its own memory
(``Remembered``), filed under a token read from the shared cache. A change calls
``content_changed()``: a new token at once (for the changing transaction's own reads) and again
when the transaction commits (a request may have read the old rows in between), so every
process derives afresh: at once in the process that made the change, within TOKEN_SECONDS
(the time a process trusts the token it read) in the others. A cache that lost the token
simply starts a new one.

While the cache cannot be reached (hostsite.cache), no process can learn of another's changes,
so nothing is remembered: every use derives afresh from the database. A process that saw the
cache fail starts a new token when it reaches the cache again, so a change made during the
outage reaches every process.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from hostsite.cache import reachable

TOKEN_KEY = "hostsite:content-token"
TOKEN_SECONDS = 1.0  # how long a process trusts the token it read: changes elsewhere show
# within this time; changes made in this process at once


class _Memo:
    token: str | None = None
    until = 0.0
    saw_outage = False  # the cache failed since this process last reached it


_memo = _Memo()
_uncached = itertools.count()


def content_token() -> str:
    now = time.monotonic()
    token = _memo.token
    if token is None or now >= _memo.until:
        token = cache.get(TOKEN_KEY)
        if token is None:
            cache.add(TOKEN_KEY, secrets.token_hex(8), timeout=None)
            token = cache.get(TOKEN_KEY)
        if token is None or not reachable():
            # Cache unreachable: a token no value was filed under, each time (nothing kept).
            _memo.token, _memo.saw_outage = None, True
            return f"uncached:{next(_uncached)}"
        if _memo.saw_outage:
            _memo.saw_outage = False
            _new_token()  # content may have changed here while the others could not know
            return _memo.token
        _memo.token, _memo.until = token, now + TOKEN_SECONDS
    return token


def fresh_content_token() -> str:
    """The token as the shared cache holds it now, not the copy this process trusts for
    TOKEN_SECONDS; this process then uses it for what it remembers (``Remembered``) too.

    The page cache (hostsite.pagecache) keys a page on it and keeps the page for minutes: what
    the page was rendered from (its menu, its footer) must be current for that token, not for
    one another process renewed less than TOKEN_SECONDS ago."""
    _memo.until = 0.0
    return content_token()


def forget_token() -> None:
    """Read the token again on next use (the cache was emptied, e.g. between tests)."""
    _memo.token, _memo.saw_outage = None, False


def _new_token() -> None:
    token = secrets.token_hex(8)
    cache.set(TOKEN_KEY, token, timeout=None)
    _memo.token, _memo.until = token, time.monotonic() + TOKEN_SECONDS
    if not reachable():
        _memo.saw_outage = True


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
