"""One page of the one total order (score, then 成文日期 newest first, then document id), cut
by tantivy's own top k: only the page and its ties reach Python, never every match.

Why: sorting every match in Python made page 50, date sort and frequent words the slow kinds
at 20,000 documents (issue 16). tantivy returns the first ``limit`` hits by score (or by the
``day`` fast field); ties at the page's last place may continue past them, in an order that is
not ours, so the fetch widens until the last hit fetched falls below the page's last place.
Then every document that can be on the page is in hand and Python orders just those by the
full key. A page is therefore exactly the slice of the full sort (``tests/test_paging.py``).
"""

from __future__ import annotations

from typing import Any

import tantivy

from .tantivy_facets import restrict
from .tantivy_schema import DAY

#: Fetched past the page's end at first: a short run of ties there needs no second fetch.
MARGIN = 16
#: Each widening fetches this many times more.
WIDEN = 4

#: (ord, score, DocAddress) of one hit.
Ranked = tuple[int, float, Any]


def by_score(
    searcher: tantivy.Searcher, q: tantivy.Query, newest: list[int], start: int, stop: int
) -> tuple[list[Ranked], int]:
    """Hits ``start``–``stop`` by score, ties by date and id; and how many ``q`` matches."""
    hits, total = _head(searcher, q, stop, None)
    ords = _ords(searcher, hits)
    ranked = sorted(zip(ords, hits, strict=True), key=lambda oh: (-oh[1][0], newest[oh[0]]))
    return [(o, float(s), a) for o, (s, a) in ranked[start:stop]], total


def by_day(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    q: tantivy.Query,
    order: Any,
    start: int,
    stop: int,
    scored: bool,
) -> tuple[list[Ranked], int]:
    """Hits ``start``–``stop`` newest first (``order``: ``tantivy_search.Order``); with
    ``scored``, ties of a date by score, then id (the date sort), else by id (browsing,
    scores 0)."""
    hits, total = _head(searcher, q, stop, DAY)
    if not scored:
        ords = _ords(searcher, hits)
        ranked = sorted(zip(ords, hits, strict=True), key=lambda oh: order.newest[oh[0]])
        return [(o, 0.0, a) for o, (_, a) in ranked[start:stop]], total
    if len(hits) > stop:  # more than the page: only its dates and newer can be on it
        last = hits[stop - 1][0]
        newer = tantivy.Query.range_query(schema, DAY, tantivy.FieldType.Unsigned, last, None)
        q = restrict(q, [newer])
        hits = [h for h in hits if h[0] >= last]
    scores = searcher.search(q, limit=max(len(hits), 1), count=False).hits
    ords = _ords(searcher, scores)
    day, newest = order.day, order.newest
    ranked = sorted(
        zip(ords, scores, strict=True), key=lambda oh: (day[oh[0]], -oh[1][0], newest[oh[0]])
    )
    return [(o, float(s), a) for o, (s, a) in ranked[start:stop]], total


def _head(
    searcher: tantivy.Searcher, q: tantivy.Query, stop: int, field: str | None
) -> tuple[list, int]:
    """The first hits by score (or by ``field``, descending), every hit that ties with the
    ``stop``-th among them; and the count of matches."""
    limit = stop + MARGIN
    found = searcher.search(q, limit=limit, count=True, order_by_field=field)
    hits, total = found.hits, found.count
    cap = max(searcher.num_docs, 1)
    while len(hits) == limit < cap and hits[stop - 1][0] <= hits[-1][0]:
        limit = min(limit * WIDEN, cap)  # the stop-th place's ties go on past the fetch
        hits = searcher.search(q, limit=limit, count=False, order_by_field=field).hits
    return hits, total


def _ords(searcher: tantivy.Searcher, hits: list) -> list[int]:
    return searcher.fast_field_values("ord", [a for _, a in hits]) if hits else []
