"""Helpers for the tests that a page type is found by the site search (/search/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_RESULT = re.compile(r'<li class="search-result">(.*?)</li>', re.S)
_LABEL = re.compile(r'<span class="badge">(.*?)</span>', re.S)
_TITLE = re.compile(r'<a class="search-result-title" href="([^"]*)">(.*?)</a>', re.S)
_SNIPPET = re.compile(r'<p class="search-snippet">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Result:
    label: str
    title: str
    url: str
    snippet_html: str

    @property
    def snippet(self) -> str:
        return unescape(_TAG.sub("", self.snippet_html))


def middle_term(text: str) -> str:
    """Two Chinese characters standing side by side as near the middle of ``text`` as any."""
    middle = max(0, (len(text) - 2) // 2)
    for distance in range(len(text)):
        for start in (middle - distance, middle + distance):
            if 0 <= start and HAN.fullmatch(text[start : start + 2]):
                return text[start : start + 2]
    raise ValueError(f"no two Chinese characters side by side in {text!r}")


def results(client, query: str, **params) -> list[Result]:
    """The results /search/ shows for ``query``, in order."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    found = []
    for block in _RESULT.findall(response.content.decode()):
        url, title = _TITLE.search(block).groups()
        snippet = _SNIPPET.search(block)
        found.append(
            Result(
                label=unescape(_TAG.sub("", _LABEL.search(block).group(1))).strip(),
                title=unescape(_TAG.sub("", title)).strip(),
                url=unescape(url),
                snippet_html=snippet.group(1) if snippet else "",
            )
        )
    return found


def found_urls(query: str) -> list[str]:
    """Every page (not just the first screen) the site search finds for ``query``."""
    from hostsite.selectors import page_search

    found = page_search(query=query, per_page=1000)
    assert found.count <= 1000, "more pages than one page of results"
    return [result.page.url for result in found.results]


def assert_found_by_title_and_text(page, main_text: str) -> None:
    """A two-character term from the middle of the page's title, and one from the middle of its
    main text, each find the page."""
    for text in (page.title, main_text):
        term = middle_term(text)
        assert page.url in found_urls(term), f"{term!r} (from {text[:30]!r}) does not find {page}"
