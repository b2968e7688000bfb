"""What a process remembers of the content is renewed whenever content changes anywhere."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hostsite import versions
from hostsite.versions import Remembered, content_changed

pytestmark = pytest.mark.django_db  # content_changed renews the token again on commit


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_value_is_kept_until_content_changes():
    remembered = Remembered()
    calls, compute = counter()

    assert remembered.get("k", compute) == remembered.get("k", compute) == 1
    content_changed()
    assert remembered.get("k", compute) == 2
    assert len(calls) == 2


def test_a_value_derived_while_content_changed_is_not_kept_for_the_new_content():
    """Another process changes content while this one reads the old rows."""
    remembered = Remembered()

    def read_old_rows_meanwhile_changed():
        content_changed()
        return "old"

    assert remembered.get("k", read_old_rows_meanwhile_changed) == "old"
    assert remembered.get("k", lambda: "new") == "new"


def test_a_cache_that_lost_the_token_starts_afresh():
    remembered = Remembered()
    remembered.get("k", lambda: "before")

    cache.clear()  # Redis restarted or the key was evicted
    assert remembered.get("k", lambda: "after") == "before"  # trusted for a moment more
    versions._memo.until = 0  # TOKEN_SECONDS later

    assert remembered.get("k", lambda: "after") == "after"


def test_a_change_in_another_process_shows_here_within_the_token_time():
    remembered = Remembered()
    remembered.get("k", lambda: "before")

    cache.set(versions.TOKEN_KEY, "set-by-another-process", timeout=None)
    versions._memo.until = 0  # TOKEN_SECONDS later

    assert remembered.get("k", lambda: "after") == "after"
