"""An exact top k: the first k documents of ``ranking``'s total order without scoring every match.

Scoring every match through Whoosh's matcher tree was 75 % of a typical request's time on the
shared corpus (a broad word matches thousands of documents; each costs microseconds per node,
more for the phrase bonuses' positions). Most requests show ten of them. Here each allowed
document first gets an upper bound of its score, computed for all of them at once with numpy
from the posting lists (term frequency, the stored field length, the same BM25F formula as
Whoosh, summed over the query's nodes, plus a safety margin), read at those documents only
(``postings.frequencies``). Then documents are scored exactly, by Whoosh's own matcher for the
query (``skip_to`` each candidate, the matcher the collector would build; its phrases moved only
to the documents scored, ``pinned``), best bound first, until no unscored document's bound
reaches the k-th exact score.
Every document left unscored therefore ranks below the k-th, so the first k (ties by date,
then id, as ever) equal those of the full sort, with the same score values.

A query with a node whose score this module cannot bound (ranges, wildcards, ``Every``, an ``Or``
with a coordination ``scale``: Whoosh recomputes its factor as terms run out, so only the full
walk reproduces its scores) returns None, and the caller scores every match as before.
"""

from __future__ import annotations

import numpy as np
from whoosh import query
from whoosh.scoring import BM25F

from . import budget, pinned, postings

#: Relative slack added to every bound, far above float rounding (~1e-16 per addition).
MARGIN = 1e-9
#: Documents scored exactly in the first round, at least (then as many as the bounds require).
FIRST_ROUND = 32


def top(
    s, q: query.Query, allowed: np.ndarray, order, by_date: bool, k: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Positions in ``allowed`` of its first ``k`` documents in the total order, and all of
    ``allowed``'s scores known (0 where not scored); None when ``q`` cannot be bounded."""
    if by_date:  # date first: only the days that reach position k need scores
        days = order.day[allowed]
        last = np.partition(days, k - 1)[k - 1]
        todo = np.flatnonzero(days <= last)
        scores = np.zeros(len(allowed))
        scores[todo] = exact(s, q, allowed[todo])
        at = np.lexsort((order.newest[allowed[todo]], -scores[todo], days[todo]))[:k]
        return todo[at], scores
    ub = bounds(s, q, allowed)
    if ub is None:
        return None
    limit = ub * (1 + MARGIN) + MARGIN
    scores = np.zeros(len(allowed))
    done = np.zeros(len(allowed), dtype=bool)
    by_bound = np.argsort(-limit, kind="stable")
    batch, at = max(FIRST_ROUND, 2 * k), 0
    kth = -np.inf
    # best bounds first, in growing batches: the k-th exact score rises fast, and every
    # document whose bound is below it never needs its (dear) exact score
    while at < len(by_bound) and limit[by_bound[at]] >= kth and not budget.over():
        todo = by_bound[at : at + batch]
        todo = todo[limit[todo] >= kth]
        scores[todo] = exact(s, q, allowed[todo])
        done[todo] = True
        at, batch = at + batch, batch * 2
        seen = scores[done]
        if len(seen) >= k:
            kth = -np.partition(-seen, k - 1)[k - 1]
    seen = np.flatnonzero(done)
    at = np.lexsort((order.newest[allowed[seen]], -scores[seen]))[:k]
    return seen[at], scores


def exact(s, q: query.Query, docs: np.ndarray) -> np.ndarray:
    """Whoosh's score of each of ``docs`` (any order) for ``q``: the matcher its collector
    builds per segment, moved with ``skip_to``; 0 for a document it does not match."""
    at = np.argsort(docs, kind="stable")
    ordered = docs[at]
    out = np.zeros(len(docs))
    q = pinned.pin(s, q)  # phrases visit only the documents scored here
    context = s.context()
    for sub, offset, part in postings.by_segment(s.leaf_searchers(), ordered):
        context.scored = (ordered[part] - offset).tolist()
        m = q.matcher(sub, context)
        for k in postings.landed(m, context.scored):
            if budget.over():
                break
            out[at[part.start + k]] = float(m.score() or 0.0)
    return out


def bounds(s, q: query.Query, docs: np.ndarray) -> np.ndarray | None:
    """For each of ``docs`` (document numbers, ascending), at least the score Whoosh gives it
    for ``q`` (0 if unmatched); None if some node of ``q`` has no bound here."""
    w = s.weighting
    if not isinstance(w, BM25F) or w.use_final:
        return None
    return _bound(s, q, np.asarray(docs, dtype=np.int64))


def boundable(s, q: query.Query) -> bool:
    """Whether ``bounds`` has a bound for ``q`` (and ``exact`` therefore reproduces the full
    walk's scores), told from the query's shape alone, without reading a posting."""
    w = s.weighting
    return isinstance(w, BM25F) and not w.use_final and _shape_bounded(q)


def _shape_bounded(q: query.Query) -> bool:
    """The node types ``_bound`` handles, by the same tests."""
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        return True
    kind = type(q)
    if kind in (query.Term, query.Phrase):
        return q.boost >= 0
    if kind is query.AndNot:
        return _shape_bounded(q.a)
    if kind is query.AndMaybe:
        return _shape_bounded(q.a) and _shape_bounded(q.b)
    if (kind is query.And or (kind is query.Or and not q.scale)) and q.boost >= 0:
        return all(_shape_bounded(c) for c in q.subqueries)
    return False


def _bound(s, q: query.Query, docs: np.ndarray) -> np.ndarray | None:
    n = len(docs)
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        return np.zeros(n)
    kind = type(q)
    if kind is query.Term and q.boost >= 0:  # a boost other than 1 wraps the term's matcher
        return _term(s, q.fieldname, q.text, docs) * q.boost
    if kind is query.Phrase and q.boost >= 0:  # its words' matchers intersected, then boosted
        parts = [_term(s, q.fieldname, word, docs) for word in q.words]
        if not parts:
            return np.zeros(n)
        every = np.logical_and.reduce([p > 0 for p in parts])  # a phrase needs all its words
        return np.where(every, np.sum(parts, axis=0), 0.0) * q.boost
    if kind is query.AndNot:  # binary queries apply no boost of their own
        return _bound(s, q.a, docs)
    if kind is query.AndMaybe:
        return _sum(s, [q.a, q.b], docs)
    if (kind is query.And or (kind is query.Or and not q.scale)) and q.boost >= 0:
        # Whoosh boosts a compound's tree of two or more matchers, not a lone one
        out = _sum(s, q.subqueries, docs)
        return None if out is None else out * max(1.0, q.boost)
    return None


def _sum(s, subqueries, docs: np.ndarray) -> np.ndarray | None:
    out = np.zeros(len(docs))
    for child in subqueries:
        part = _bound(s, child, docs)
        if part is None:
            return None
        out += part
    return out


def _term(s, fieldname: str, text, docs: np.ndarray) -> np.ndarray:
    """The term's BM25F score (``whoosh.scoring.bm25``) in each of ``docs`` (0 without it)."""
    out = np.zeros(len(docs))
    if fieldname not in s.schema:
        return out
    tf = postings.frequencies(s, fieldname, text, docs)
    held = np.flatnonzero(tf)
    if not len(held):
        return out
    tf = tf[held]
    if not s.schema[fieldname].scorable:  # Whoosh scores the weight itself
        out[held] = tf
        return out
    w = s.weighting
    b, k1 = w._field_B.get(fieldname, w.B), w.K1
    idf, avgfl = s.idf(fieldname, text), s.avg_field_length(fieldname) or 1
    fl = postings.lengths(s, fieldname)[docs[held]]
    out[held] = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
    return out
