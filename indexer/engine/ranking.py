"""One ranking function: a total order on documents, so that pages never skip or repeat.

Whoosh's top-k collector skips posting blocks whose stored "block quality" cannot beat the
k-th score, but for our queries (BM25F over several fields, word parts, the phrase bonuses of
``querying._with_bonus``) that quality is not an upper bound of the score, so the top 10 of a
``limit=10`` search were not the first 10 of a ``limit=20`` search: on the shared corpus the 1st
hit of page 1 of 住房公积金 提取 differed from the 1st of a ``size=50`` request. Here every
allowed document is scored (``limit=None`` walks the whole matcher, no skipping) and ordered
by a key that has no ties left: score, then 成文日期 newest first, then document id.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query


@dataclass(frozen=True)
class Order:
    """Per generation, per document number: its place newest first (ties by document id), and
    its date's place among the distinct dates (newest 0): the tie-breakers, read once."""

    newest: list[int]
    day: list[int]

    @classmethod
    def of(cls, reader) -> Order:
        n = reader.doc_count_all()
        dates = list(reader.column_reader("date")) if "date" in reader.schema else [""] * n
        ids = _doc_ids(reader, n)
        by_id = sorted(range(n), key=ids.__getitem__)
        by_id.sort(key=dates.__getitem__, reverse=True)  # stable: ids ascending within a date
        newest = [0] * n
        for place, d in enumerate(by_id):
            newest[d] = place
        ranks = {v: i for i, v in enumerate(sorted(set(dates), reverse=True))}
        return cls(newest, [ranks[v] for v in dates])


def _doc_ids(reader, n: int) -> list[str]:
    """Document ids by number, from the unique ``doc_id`` terms' term infos (each names its one
    document): no stored field and no posting list is read."""
    ids = [""] * n
    for leaf, offset in reader.leaf_readers():
        for term, info in leaf.iter_field("doc_id"):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            ids[offset + info.min_id()] = text
    return ids


def scores(s, q: query.Query, allowed: set[int], narrowed: bool) -> dict[int, float]:
    """Every allowed document's score. The filter is passed only when it removes something
    that ``q`` matches (phrase checks, facet filters)."""
    results = s.search(q, filter=allowed if narrowed else None, limit=None)
    return {docnum: float(score or 0.0) for score, docnum in results.top_n}


def page(
    order: Order,
    allowed: set[int],
    scored: dict[int, float] | None,
    by_date: bool,
    start: int,
    stop: int,
) -> list[tuple[int, float]]:
    """Documents ``start``–``stop`` (0-based, end excluded) of the total order, with scores.
    ``scored`` is None when browsing (no query: newest first)."""
    key = _key(order, scored or {}, by_date, browse=scored is None)
    top = heapq.nsmallest(stop, allowed, key=key)
    return [(d, (scored or {}).get(d, 0.0)) for d in top[start:stop]]


def _key(order: Order, scored: dict[int, float], by_date: bool, browse: bool) -> Callable:
    newest, day = order.newest, order.day
    if browse:
        return newest.__getitem__
    if by_date:
        return lambda d: (day[d], -scored.get(d, 0.0), newest[d])
    return lambda d: (-scored.get(d, 0.0), newest[d])
