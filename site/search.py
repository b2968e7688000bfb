"""Full-text search that understands Chinese: a host service for the page types of every plugin.

Full-text engines split text into words at spaces and punctuation. Chinese has no spaces, so a
whole clause such as “学校坚持符合政府要求” would be one “word” and searching 办学理念 would find
nothing, on SQLite FTS5 and PostgreSQL alike. So pages index their text with every Chinese
character as a word of its own (:func:`index_text`), and a query becomes, for each term the user
typed, a phrase of its characters (:func:`query_terms`): the characters must stand side by side,
which is exactly “the page contains this term”. Latin words and numbers stay whole. The query
runs, ranked, in the database (hostsite.search_index).

Both sides are normalised first (:func:`normalise`): full-width letters and digits become their
half-width forms (NFKC) and Traditional characters Simplified (OpenCC t2s), so 網商 finds 网商
and ４级 finds 4级.

A page type of any plugin becomes searchable by inheriting :class:`SearchableTexts` and saying
which of its texts count (``searchable_titles``, ``searchable_texts``) and how a result is
labelled (``search_type_label``); the host indexes those texts and renders the results
(hostsite.selectors.page_search). No plugin tokenises text itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from opencc import OpenCC
from wagtail.models import Page
from wagtail.search import index

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One Chinese character, or a run of other letters and digits (“3A”, “2011”, “osta”).
_TOKEN = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def normalise(text: str) -> str:
    """Half-width letters and digits, Simplified characters (what the index holds)."""
    if not text:
        return ""
    return _to_simplified().convert(unicodedata.normalize("NFKC", text))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def index_text(*texts: str) -> str:
    """The texts as the search index should see them: words separated by single spaces."""
    return " ".join(token for text in texts for token in tokens(text))


def query_terms(query: str) -> list[list[str]]:
    """Each space-separated term of ``query`` as its tokens; terms without any are dropped."""
    return [words for words in map(tokens, normalise(query).split()) if words]


# --- What a page type declares ------------------------------------------------------------------


class TitleTokens(index.SearchField):
    """The page's names (``searchable_titles``) tokenised, for the index's *title* column, where
    Wagtail puts every search field named ``title``: a Chinese term can be found there, so title
    matches can rank first (hostsite.search_index)."""

    def get_value(self, obj) -> str:
        return obj.search_title()


class SearchableTexts:
    """Mixin for a page type (of any plugin) that the site search finds.

    Put it before ``Page`` in the bases and override ``searchable_titles`` (the page's names:
    title, aliases; a match there ranks first) and ``searchable_texts`` (its main text, which
    also gives the snippet shown under the result). ``search_type_label`` names the kind of
    page in the results (职业, 通知, 报名表; 页面 by default). ``search_prefetch`` names the
    relations ``searchable_texts`` reads (for ``prefetch_related``), so that a page of results
    costs one query per relation, not one per result.
    """

    search_type_label = _("页面")
    search_prefetch: tuple[str, ...] = ()
    # The names' tokens join the raw title in the index's title column (where a match ranks
    # first) and stand again in the body, which alone is matched: one index, and a query's terms
    # may stand one in the title, one in the text.
    search_fields = Page.search_fields + [
        TitleTokens("title", boost=2),
        index.SearchField("search_title", boost=2),
        index.SearchField("search_text"),
    ]

    def searchable_titles(self) -> Iterable[str]:
        return [self.title]

    def searchable_texts(self) -> Iterable[str]:
        return []

    def search_title(self) -> str:
        return index_text(*self.searchable_titles())

    def search_text(self) -> str:
        return index_text(*self.searchable_texts())


def type_label(page: Page) -> str:
    return str(getattr(page.specific_class or Page, "search_type_label", _("页面")))


# --- Showing a result ---------------------------------------------------------------------------


def term_pattern(terms: list[list[str]]) -> re.Pattern | None:
    """A regex finding any term in normalised text; punctuation and spaces may stand between
    its characters (the index skips them too)."""
    if not terms:
        return None
    alternatives = sorted((r"[\W_]*".join(map(re.escape, words)) for words in terms), key=len)
    return re.compile("|".join(reversed(alternatives)), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` HTML-escaped, every match of ``pattern`` in <mark>."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        parts += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def snippet(texts: Iterable[str], pattern: re.Pattern | None, *, width: int = 90) -> SafeString:
    """About ``width`` characters of the texts around the first match, terms highlighted."""
    text = _SPACES.sub(" ", normalise(" ".join(t for t in texts if t))).strip()
    if not text:
        return mark_safe("")
    match = pattern.search(text) if pattern else None
    start = 0 if match is None else max(0, match.start() - width // 3)
    end = min(len(text), start + width)
    piece = highlight(text[start:end], pattern)
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) else ""
    return mark_safe(f"{before}{piece}{after}")  # noqa: S308 - piece is escaped


def plain_text(html: str) -> str:
    """Rich text (HTML) as the words a reader sees."""
    return unescape(strip_tags(html or ""))
