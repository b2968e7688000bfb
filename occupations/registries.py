"""Extension points of the occupations plugin for the plugins built on it."""

from __future__ import annotations

from collections.abc import Callable

#: Providers of links shown on an occupation page, e.g. forms_app's open registration forms.
#: Each takes the OccupationPage and returns (label, url) pairs.
OCCUPATION_ACTION_PROVIDERS: list[Callable[..., list[tuple[str, str]]]] = []


def register_occupation_actions(provider: Callable[..., list[tuple[str, str]]]):
    OCCUPATION_ACTION_PROVIDERS.append(provider)
    return provider


def occupation_actions(page) -> list[tuple[str, str]]:
    return [action for provider in OCCUPATION_ACTION_PROVIDERS for action in provider(page)]


#: Providers of the link to apply for one level, e.g. forms_app's open registration form with the
#: level chosen. Each takes ``occupation_id``, ``specialty`` ("" when the occupation has no named
#: specialties) and ``level`` (keywords) and returns a URL or None; the first URL is used.
APPLY_LINK_PROVIDERS: list[Callable[..., str | None]] = []


def register_apply_link(provider: Callable[..., str | None]):
    APPLY_LINK_PROVIDERS.append(provider)
    return provider


def apply_link(*, occupation_id: int, specialty: str, level: int) -> str | None:
    for provider in APPLY_LINK_PROVIDERS:
        url = provider(occupation_id=occupation_id, specialty=specialty, level=level)
        if url:
            return url
    return None
