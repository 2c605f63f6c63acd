"""One attempt at a query inside one searcher: match, verify phrases, facet, rank one page.

``searching`` decides which attempts a request makes (the query as typed, then its
fallbacks); each attempt is built from these steps and adds its time to the context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query

from ..models import Hit, SearchPage, SearchRequest
from ..textnorm import compact
from . import budget, ranking, topk
from .context import SearchContext
from .facets import facet_counts
from .querying import ParsedQuery
from .schema import FIELD_BOOSTS
from .snippets import mark, snippet


@dataclass
class Candidates:
    """What one query matched after phrase checks and filters, before ranking."""

    q: query.Query
    allowed: np.ndarray  # document numbers, ascending
    facets: dict
    narrowed: bool  # filters or phrase checks removed documents the query matched

    @property
    def total(self) -> int:
        return len(self.allowed)


def candidates(ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery | None) -> Candidates:
    """Every word required (the query as typed); phrases checked against positions or text."""
    if parsed is None:  # browsing: every live document, no index pass
        return _filtered(ctx, req, query.Every(), ctx.order.live, len(ctx.order.live))
    q = parsed.query
    with ctx.phase("match"):
        matched = sorted(ctx.match(q))
        everything = len(matched)
        for exact, literal in parsed.phrases if matched else ():
            matched = _verify_phrase(ctx.searcher, matched, ctx.match(exact), literal)
    return _filtered(ctx, req, q, matched, everything)


def fragment_candidates(ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery) -> Candidates:
    """The text as typed, matched literally on the character field (engine/fragments.py)."""
    with ctx.phase("match"):
        matched = sorted(ctx.match(parsed.fragment))
    return _filtered(ctx, req, parsed.fragment, matched, len(matched))


def any_word_candidates(ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery) -> Candidates:
    """Documents with any of the most specific content words, more of them ranking higher."""
    with ctx.phase("match"):
        q = _rarest_clauses(ctx.searcher, parsed.any_words, keep=QUESTION_WORDS)
        matched = sorted(ctx.match(q))
    return _filtered(ctx, req, q, matched, len(matched))


def _filtered(ctx, req, q, matched, everything: int) -> Candidates:
    docs = np.asarray(matched, dtype=np.int64)
    with ctx.phase("facets"):
        allowed, facets = facet_counts(docs, ctx.columns, req.filters, ctx.facet_limit)
    return Candidates(q, allowed, facets, len(allowed) < everything)


def page_of(
    ctx: SearchContext, req: SearchRequest, cands: Candidates, parsed: ParsedQuery | None
) -> SearchPage:
    """The requested page of ``cands`` in the one total order of ``ranking``."""
    by_date = req.sort == "date"
    start, stop = (req.page - 1) * req.size, req.page * req.size
    with ctx.phase("rank"):
        if parsed is None or not cands.total:  # browsing or filters only: newest first
            ranked = ranking.page(ctx.order, cands.allowed, None, by_date, start, stop)
        else:
            docs, scored = _ranked(ctx, req, cands, by_date, stop)
            ranked = list(zip(docs[start:stop].tolist(), scored[start:stop].tolist(), strict=True))
    with ctx.phase("snippets"):
        hits = [_make_hit(ctx, d, sc, parsed, req) for d, sc in ranked]
    return SearchPage(request=req, total=cands.total, hits=hits, facets=cands.facets)


def _ranked(ctx, req, cands: Candidates, by_date: bool, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """At least the first ``stop`` allowed documents (all, when fewer) in the total order, with
    their scores: from the generation's cache when this query, filters and sort were ranked
    that far before (paging), else the exact top k (engine/topk.py) or, for a query it cannot
    bound, every match scored. A cache entry too short for a later page is ranked again twice
    as deep, so paging on costs a logarithmic number of passes."""
    key = (req.q, repr(cands.q), tuple(sorted(req.filters.items())), by_date, cands.total)
    found = ctx.ranked.get(key) if ctx.ranked is not None else None
    if found is not None and len(found[0]) >= min(stop, cands.total):
        return found
    ctx.timing.passes += 1
    want = stop if found is None else max(stop, 2 * len(found[0]))
    best = None
    # every match wanted: topk still scores only the allowed documents (skip_to each), where
    # the full walk checks every document of the index that holds the words: a quoted
    # phrase of common characters holds thousands and stands in a few
    if want < cands.total or topk.boundable(ctx.searcher, cands.q):
        k = min(want, cands.total)
        best = topk.top(ctx.searcher, cands.q, cands.allowed, ctx.order, by_date, k)
    if best is None:
        scored = ranking.scores(ctx.searcher, cands.q, cands.allowed, cands.narrowed)
        at = ranking.ordered(ctx.order, cands.allowed, scored, by_date, None)
    else:
        at, scored = best
    docs, scored = cands.allowed[at], scored[at]
    if ctx.ranked is not None and not budget.over():  # a cut answer is not the whole order
        ctx.ranked.put(key, docs, scored)
    return docs, scored


def _verify_phrase(s, matched: list[int], sure: frozenset[int], literal: str) -> list[int]:
    """Keep documents whose positions match the phrase, or whose stored text contains it."""
    needle = compact(literal)  # the rule of quoted fragments (engine/fragments.py)
    kept = []
    for d in matched:
        if d in sure:
            kept.append(d)
            continue
        if budget.over():  # past the request's budget: only what the positions confirmed
            continue
        f = s.stored_fields(d)
        if needle in compact(f.get("title", "") + "\n" + f.get("body", "")):
            kept.append(d)
    return kept


#: Words a question is ranked by. `make eval`, STARD samples of 300 (seeds 5 / 7): 6 words
#: 0.399 / 0.405 nDCG@10, 10 words 0.424 / 0.445; mean latency at 20 hits 56 → 77 ms. More
#: would rank long questions better (STARD's train split, document nDCG@10 of the 193 over 40
#: characters: 10 words 0.452, plain BM25 0.464, 15 words 0.514, 20 0.519, 30 0.523) but costs
#: the wait: the dev questions' p95 in process (bench/eval_articles.py --latency, one idle run
#: each) 275 ms at 10 words, 331 at 15, 354 at 20, against 300. An ``Or`` with coordination is
#: scored by the full walk (topk cannot bound it): that has to get cheaper first.
QUESTION_WORDS = 10


def _rarest_clauses(s, any_words, keep: int):
    """The ``keep`` most specific words of a long question: the commonest add little to the
    ranking and most of its cost. Dropping words that are merely common hurts, though: the
    legal concept a question turns on (抵押, 继承) is common in a law corpus."""
    clauses = list(any_words.subqueries)
    if len(clauses) <= keep:
        return any_words

    def df(clause) -> int:
        return max((s.doc_frequency(f, t) for f, t in clause.iter_all_terms()), default=0)

    kept = sorted(clauses, key=df)[:keep]
    return query.Or(kept, scale=any_words.scale)


def _make_hit(ctx: SearchContext, docnum: int, score: float, parsed, req) -> Hit:
    doc = ctx.load(ctx.searcher.stored_fields(docnum))
    terms = [] if parsed is None else parsed.terms
    if parsed is not None:
        terms = terms + [w for w in parsed.content_words if w not in parsed.terms]
    hit = Hit(
        doc=doc,
        score=score,
        snippet=snippet(str(doc.body), terms),
        title_marked=mark(doc.title, terms),
    )
    if req.explain and parsed is not None:
        hit.explain = explain(ctx.searcher, docnum, parsed, score)
    return hit


def explain(s, docnum: int, parsed: ParsedQuery, total: float) -> dict[str, Any]:
    """Per matched term: its field, BM25F score in this document and the field's weight."""
    terms = []
    weighting = s.weighting
    for fieldname, text in sorted(set(parsed.query.iter_all_terms())):
        if fieldname not in FIELD_BOOSTS and fieldname != "title_key":
            continue
        try:
            m = s.postings(fieldname, text)
        except Exception:  # noqa: BLE001 - a term absent from the index simply scores nothing
            continue
        m.skip_to(docnum)
        if not m.is_active() or m.id() != docnum:
            continue
        score = weighting.scorer(s, fieldname, text).score(m)
        text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        weight = FIELD_BOOSTS.get(fieldname, 30.0)
        terms.append({"field": fieldname, "term": text, "bm25": round(score, 4), "weight": weight})
    terms.sort(key=lambda t: -t["bm25"] * t["weight"])
    return {"score": round(total, 4), "terms": terms}
