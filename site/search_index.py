"""Which pages match a site search, ranked in the database over Wagtail's search index.

Wagtail's database backend keeps one index entry per page (``wagtail.search.models.IndexEntry``)
with a *title* column (the raw title and the page's names tokenised:
:class:`hostsite.search.TitleTokens`) and a *body* column (names and main text, tokenised).
:func:`ranked_page_ids` asks that table for the pages that hold every term, ordered as the
results are shown: pages whose names hold them all first (the shorter title first), then by
the database's relevance score, newest first on a tie. The query is lazy: a page of results is
a slice run in the database, and only the ids of that page are fetched, with the count of all
matches from the same query (:func:`page_with_total`).

``Page.objects.search()`` cannot be used for this: on SQLite its relevance is a correlated
subquery that runs the full-text match again for every matching page (seconds over 2,000 pages),
on PostgreSQL it matches ``title || body``, which no index covers, and neither can put title
matches first. Here SQLite's FTS5 table is matched once (``bm25`` for the score) and PostgreSQL's
``body`` column through its GIN index (``ts_rank`` for the score).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, Length
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend

Terms = list[list[str]]
# How the results are ordered: (annotation, descending).
_ORDER = (("in_title", True), ("title_length", False), ("score", True), ("page_id", True))
_ORDER_COLUMNS = ("page_id", "content_type", "in_title", "title_length", "score")


def ranked_page_ids(terms: Terms, pages: QuerySet[Page]) -> QuerySet:
    """The ids of ``pages`` whose index entry holds every term (each term's tokens side by side),
    best first, each with its page type's content type id (the index entry's); a lazy
    ``values_list`` queryset of ``(page_id, content_type_id)``, so ``count()`` and slicing run in
    the database."""
    return ranked_matches(terms, pages).values_list("page_id", "content_type")


def ranked_matches(terms: Terms, pages: QuerySet[Page]) -> QuerySet:
    """The index entries of :func:`ranked_page_ids`, ordered, with the annotations they are
    ordered by (``in_title``, ``title_length``, ``score``) and ``page_id``/``content_type``."""
    if connection.vendor == "postgresql":
        entries = _postgres_matches(terms)
    else:
        entries = _sqlite_matches(terms)
    # Compared as integers, the page's primary key index serves the join whatever PostgreSQL
    # guesses of the matches (a text comparison made it scan the pages once per match).
    entries = (
        entries.filter(content_type__in=_page_content_types())
        .annotate(page_id=Cast("object_id", IntegerField()))
        .filter(page_id__in=pages.values("pk"))
    )
    # Among title matches the shorter title first, the one the terms are more of (电子商务师
    # before 电子商务师报名); looked up for title matches only.
    title_length = (
        Page.objects.filter(pk=OuterRef("page_id")).order_by().values(length=Length("title"))
    )
    return entries.annotate(
        title_length=Case(When(in_title=True, then=Subquery(title_length[:1])), default=Value(0))
    ).order_by(*(f"-{name}" if descending else name for name, descending in _ORDER))


def page_with_total(matches: QuerySet, start: int, stop: int) -> tuple[list[tuple], int | None]:
    """``(page_id, content_type_id)`` of the ranked ``matches`` (:func:`ranked_matches`) from
    ``start`` to ``stop``, and the number of all matches, from one query, so the full-text match
    runs once: a window count over the matches. None for the number when the slice is empty
    (nothing found, or past the end).

    The window stands in a query around the ORM's because SQLite refuses FTS5's bm25() in a
    query that has a window function itself, and the ORM cannot select from a subquery; the
    outer query orders by the same keys, as a subquery's order is not kept."""
    inner = matches.order_by().values_list(*_ORDER_COLUMNS)
    sql, params = inner.query.sql_with_params()
    keys = ", ".join(f"{name} DESC" if descending else name for name, descending in _ORDER)
    outer = (
        f"SELECT page_id, content_type, COUNT(*) OVER () FROM ({sql}) ranked "
        f"ORDER BY {keys} LIMIT %s OFFSET %s"
    )
    with connections[inner.db].cursor() as cursor:
        cursor.execute(outer, [*params, stop - start, start])
        rows = cursor.fetchall()
    return [row[:2] for row in rows], (rows[0][2] if rows else None)


def _page_content_types() -> list[int]:
    return [ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values()]


def _all_of(conditions) -> ExpressionWrapper:
    return ExpressionWrapper(reduce(operator.and_, conditions), output_field=BooleanField())


def _postgres_matches(terms: Terms) -> QuerySet:
    """Entries whose body (GIN-indexed tsvector) holds every term as a phrase."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from wagtail.search.models import IndexEntry

    config = getattr(get_search_backend(), "config", None)
    phrases = [SearchQuery(" ".join(words), search_type="phrase", config=config) for words in terms]
    query = reduce(operator.and_, phrases)
    return IndexEntry.objects.filter(body=query).annotate(
        in_title=_all_of([Q(title=query)]),
        score=SearchRank(F("body"), query),
    )


def _sqlite_matches(terms: Terms) -> QuerySet:
    """Entries of the FTS5 table matching every term as a phrase, in the title or the body."""
    from wagtail.search.models import SQLiteFTSIndexEntry

    table = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
    # Tokens are letters and digits only (hostsite.search.tokens): nothing to escape in a phrase.
    phrases = " AND ".join(f'"{" ".join(words)}"' for words in terms)
    match = RawSQL(f"{table} MATCH %s", [f"{{title body}} : ({phrases})"])
    # The title column holds the names' tokens separated by single spaces (after the raw title).
    spaced_title = Concat(Value(" "), F("title"), Value(" "), output_field=CharField())
    return (
        SQLiteFTSIndexEntry.objects.filter(_all_of([match]))
        .annotate(
            spaced_title=spaced_title,
            object_id=F("index_entry__object_id"),
            content_type=F("index_entry__content_type"),
        )
        .annotate(
            in_title=_all_of(Q(spaced_title__contains=f" {' '.join(w)} ") for w in terms),
            # bm25() is negative, lower for better matches.
            score=-RawSQL(f"bm25({table})", [], output_field=FloatField()),
        )
    )
