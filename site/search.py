"""Full-text search that understands Chinese.

Full-text engines split text into words at spaces and punctuation. Chinese has no spaces, so a
whole clause such as “学校坚持符合政府要求” would be one “word” and searching 办学理念 would find
nothing, on SQLite FTS5 and PostgreSQL alike. So pages index their text with every Chinese
character as a word of its own (:func:`index_text`), and a query becomes, for each term the user
typed, a phrase of its characters (:func:`search_query`): the characters must stand side by side,
which is exactly “the page contains this term”. Latin words and numbers stay whole.
"""

from __future__ import annotations

import re

from wagtail.search.query import And, Phrase, SearchQuery

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One Chinese character, or a run of other letters and digits (“3A”, “2011”, “osta”).
_TOKEN = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def index_text(*texts: str) -> str:
    """The texts as the search index should see them: words separated by single spaces."""
    return " ".join(token for text in texts for token in tokens(text))


def search_query(query: str) -> SearchQuery | None:
    """What the user typed as a query: every space-separated term must occur; None if empty."""
    phrases = [Phrase(" ".join(words)) for words in map(tokens, query.split()) if words]
    if not phrases:
        return None
    return phrases[0] if len(phrases) == 1 else And(phrases)
