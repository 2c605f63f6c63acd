"""One ranking function: a total order on documents, so that pages never skip or repeat.

Whoosh's top-k collector skips posting blocks whose stored "block quality" cannot beat the
k-th score, but for our queries (BM25F over several fields, word parts, the phrase bonuses of
``querying._with_bonus``) that quality is not an upper bound of the score, so the top 10 of a
``limit=10`` search were not the first 10 of a ``limit=20`` search: on the shared corpus the 1st
hit of page 1 of 住房公积金 提取 differed from the 1st of a ``size=50`` request. Here every
allowed document is scored (``limit=None`` walks the whole matcher, no skipping) and ordered
by a key that has no ties left: score, then 成文日期 newest first, then document id. The
order itself is numpy work over per-generation arrays; a request with no query (browsing,
filters only) is not scored at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query


@dataclass(frozen=True)
class Order:
    """Per generation, per document number: its place newest first (ties by document id), and
    its date's place among the distinct dates (newest 0): the tie-breakers, read once; and the
    live (not deleted) document numbers, ascending, which is what browsing matches."""

    newest: np.ndarray
    day: np.ndarray
    live: np.ndarray

    @classmethod
    def of(cls, reader) -> Order:
        n = reader.doc_count_all()
        dates = list(reader.column_reader("date")) if "date" in reader.schema else [""] * n
        ids = _doc_ids(reader, n)
        by_id = sorted(range(n), key=ids.__getitem__)
        by_id.sort(key=dates.__getitem__, reverse=True)  # stable: ids ascending within a date
        newest = np.empty(n, dtype=np.int64)
        newest[np.asarray(by_id, dtype=np.int64)] = np.arange(n, dtype=np.int64)
        ranks = {v: i for i, v in enumerate(sorted(set(dates), reverse=True))}
        day = np.fromiter((ranks[v] for v in dates), dtype=np.int64, count=n)
        live = np.fromiter(sorted(reader.all_doc_ids()), dtype=np.int64)
        return cls(newest, day, live)


def _doc_ids(reader, n: int) -> list[str]:
    """Document ids by number, from the unique ``doc_id`` terms' term infos (each names its one
    document): no stored field and no posting list is read."""
    ids = [""] * n
    for leaf, offset in reader.leaf_readers():
        for term, info in leaf.iter_field("doc_id"):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            ids[offset + info.min_id()] = text
    return ids


def scores(s, q: query.Query, allowed: np.ndarray, narrowed: bool) -> np.ndarray:
    """Every allowed document's score, in the order of ``allowed`` (ascending numbers). The
    filter is passed only when it removes something that ``q`` matches (phrase checks, facet
    filters)."""
    keep = set(allowed.tolist()) if narrowed else None
    top = s.search(q, filter=keep, limit=None).top_n
    docs = np.fromiter((d for _, d in top), dtype=np.int64, count=len(top))
    values = np.fromiter((float(sc or 0.0) for sc, _ in top), dtype=np.float64, count=len(top))
    if not len(docs) or not len(allowed):
        return np.zeros(len(allowed))
    by_doc = np.argsort(docs)
    docs, values = docs[by_doc], values[by_doc]
    at = np.minimum(np.searchsorted(docs, allowed), len(docs) - 1)
    return np.where(docs[at] == allowed, values[at], 0.0)


def ordered(
    order: Order, allowed: np.ndarray, scored: np.ndarray | None, by_date: bool, stop: int
) -> np.ndarray:
    """Positions in ``allowed`` of its first ``stop`` documents in the total order (all of
    them when ``stop`` is None). ``scored`` is None when browsing (no query: newest first)."""
    newest = order.newest[allowed]
    if scored is None:  # a permutation: no ties, so a partial sort is exact
        if stop is not None and stop < len(newest):
            head = np.argpartition(newest, stop - 1)[:stop]
            return head[np.argsort(newest[head])]
        return np.argsort(newest)
    if by_date:
        return np.lexsort((newest, -scored, order.day[allowed]))[:stop]
    return np.lexsort((newest, -scored))[:stop]


def page(
    order: Order,
    allowed: np.ndarray,
    scored: np.ndarray | None,
    by_date: bool,
    start: int,
    stop: int,
) -> list[tuple[int, float]]:
    """Documents ``start``–``stop`` (0-based, end excluded) of the total order, with scores."""
    at = ordered(order, allowed, scored, by_date, stop)[start:stop]
    values = np.zeros(len(at)) if scored is None else scored[at]
    return list(zip(allowed[at].tolist(), values.tolist(), strict=True))
