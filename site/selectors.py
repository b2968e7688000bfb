"""Host reads: the navigation menu, the home page and site search."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from hostsite import plugins
from hostsite.search import (
    contains_all,
    highlight,
    query_terms,
    search_query,
    snippet,
    term_pattern,
    type_label,
)
from wagtail.models import Page, Site, get_page_models

#: How many of the best matches are ranked (title matches first) and paged through. A query
#: that finds more is too broad to read through anyway; the results say to add a term.
SEARCH_CANDIDATES = 300


def menu_pages(*, site: Site | None) -> list[Page]:
    """The live, public pages under the site's home page that editors put in the menu."""
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().only("title", "url_path"))


@dataclass(frozen=True)
class SearchResult:
    page: Page
    type_label: str
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    results: list[SearchResult] = field(default_factory=list)
    page: PaginatorPage | None = None
    count: int = 0
    capped: bool = False


def page_search(*, query: str, page_number: int | str = 1, per_page: int = 20) -> SearchResults:
    """The live, public pages containing every term of ``query``: pages whose title contains
    them first, then by relevance; one page of ``per_page`` results with highlighted snippets."""
    built = search_query(query)
    if built is None:
        return SearchResults()
    found = list(Page.objects.live().public().search(built)[: SEARCH_CANDIDATES + 1])
    capped = len(found) > SEARCH_CANDIDATES
    terms = query_terms(query)
    ranked = sorted(found[:SEARCH_CANDIDATES], key=lambda p: not contains_all(p.title, terms))
    shown = Paginator(ranked, per_page).get_page(page_number)
    specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in shown]).specific()}
    pattern = term_pattern(terms)
    results = [_result(specific[p.pk], pattern) for p in shown if p.pk in specific]
    return SearchResults(results=results, page=shown, count=len(ranked), capped=capped)


def _result(page: Page, pattern) -> SearchResult:
    texts = page.searchable_texts() if hasattr(page, "searchable_texts") else []
    texts = [*texts] or [page.search_description]
    return SearchResult(
        page=page,
        type_label=type_label(page),
        title=highlight(page.title, pattern),
        snippet=snippet(texts, pattern),
    )


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str


def search_suggestions() -> list[Suggestion]:
    """Where to look when nothing was found: the pages of the types that ask to be suggested
    (e.g. the occupations index) and the plugins' links marked for it (e.g. 资格自测)."""
    suggestions = []
    for model in get_page_models():
        if model._meta.abstract or not getattr(model, "suggested_when_nothing_found", False):
            continue
        for page in model.objects.live().public().only("title", "url_path")[:1]:
            if url := page.get_url():
                suggestions.append(Suggestion(page.title, url))
    suggestions += [
        Suggestion(link.label, link.url) for link in plugins.site_links(suggested_in_search=True)
    ]
    return suggestions
