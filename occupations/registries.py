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
