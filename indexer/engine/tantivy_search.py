"""One search on a tantivy generation: match, filter + facets, one total order, one page.

tantivy scores every matching document (BM25 over our tokens); facets and filters are counted
from the generation's columns by the engine-neutral ``facets.facet_counts``, and the page is
cut from the same total order as Whoosh's (score, then 成文日期 newest first, then document id),
so pages never skip or repeat. A query that requires every word and finds nothing is ranked by
any of its words instead (``Relaxed`` mode "any"), as the Whoosh engine does; a question is
ranked that way first.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import tantivy

from ..config import Analysis
from ..models import Hit, Relaxed, SearchPage, SearchRequest, Timing
from . import snippets
from .facets import facet_counts
from .readers import Generation
from .searching import without_rarest
from .tantivy_query import TQuery, parse
from .tantivy_schema import load_record


@dataclass
class TantivyGeneration(Generation):
    """A Whoosh ``Generation``'s slots, plus each ord's DocAddress (read once)."""

    addrs: list = field(default_factory=list)
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # live ords


@dataclass(frozen=True)
class Order:
    """Per ord: its place newest first (ties by document id) and its date's place."""

    newest: list[int]
    day: list[int]

    @classmethod
    def of(cls, columns: dict[str, list[str]]) -> Order:
        dates, ids = columns["date"], columns["doc_id"]
        n = len(ids)
        by_id = sorted(range(n), key=ids.__getitem__)
        by_id.sort(key=dates.__getitem__, reverse=True)  # stable: ids ascending within a date
        newest = [0] * n
        for place, d in enumerate(by_id):
            newest[d] = place
        ranks = {v: i for i, v in enumerate(sorted(set(dates), reverse=True))}
        return cls(newest, [ranks[v] for v in dates])


def run(gen: TantivyGeneration, req: SearchRequest, analysis: Analysis, facet_limit: int):
    """The page for ``req``, with its timing."""
    started = time.perf_counter()
    timing = Timing()
    searcher = gen.index.searcher()
    parsed, scored, relaxed = _matched(gen, searcher, req, analysis, timing)
    t = time.perf_counter()
    matched = gen.live if scored is None else np.fromiter(scored, dtype=np.int64)
    kept, facets = facet_counts(matched, gen.facets, req.filters, facet_limit)
    allowed = kept.tolist()
    timing.ms["facets"], t = (time.perf_counter() - t) * 1000, time.perf_counter()
    start = (req.page - 1) * req.size
    top = _page(gen.order, allowed, scored, req.sort == "date", start, start + req.size)
    timing.ms["rank"], t = (time.perf_counter() - t) * 1000, time.perf_counter()
    terms = parsed.terms if parsed is not None else []
    hits = [_hit(gen, searcher, o, score, terms) for o, score in top]
    if req.explain:  # staff's "why is this first?": tantivy gives the score, not its parts yet
        for h in hits:
            h.explain = {"engine": "tantivy", "score": h.score, "parts": "not available yet"}
    timing.ms["snippets"] = (time.perf_counter() - t) * 1000
    timing.total = (time.perf_counter() - started) * 1000
    page = SearchPage(req, len(allowed), hits, facets, relaxed=relaxed, timing=timing)
    return page


def total(gen: TantivyGeneration, req: SearchRequest, analysis: Analysis) -> int:
    """How many documents ``req`` finds, its filters applied (no page, no facets)."""
    _, scored, _ = _matched(gen, gen.index.searcher(), req, analysis, Timing())
    matched = gen.live if scored is None else np.fromiter(scored, dtype=np.int64)
    return len(facet_counts(matched, gen.facets, req.filters, 0)[0])


def _matched(gen: TantivyGeneration, searcher, req: SearchRequest, analysis: Analysis, timing):
    """(parsed query, ord → score or None when browsing, Relaxed), with the fallbacks."""
    started = time.perf_counter()
    parsed = None
    if req.q.strip():
        parsed = parse(req.q, gen.index.schema, analysis.user_dict, analysis.synonyms, gen.columns)
    t = time.perf_counter()
    timing.ms["parse"] = (t - started) * 1000
    scored, relaxed = _match(gen, searcher, parsed, req.q)
    if parsed is not None and not scored:
        parsed, scored, relaxed = _fallbacks(gen, searcher, req, parsed, analysis)
    timing.passes = 1 if parsed is not None else 0
    timing.ms["match"] = (time.perf_counter() - t) * 1000
    return parsed, scored, relaxed


def _match(
    gen: TantivyGeneration, searcher, parsed: TQuery | None, q: str
) -> tuple[dict[int, float] | None, Relaxed | None]:
    """ord → score of every document the query matches (None: browsing, no query)."""
    if parsed is None:
        return None, None
    if parsed.question and parsed.any_words is not None:
        found = _scores(gen, searcher, parsed.any_words, parsed)
        if found:
            return found, None
    found = _scores(gen, searcher, parsed.query, parsed)
    if not found and parsed.fragment is not None:
        literal = _scores(gen, searcher, parsed.fragment, parsed)
        if literal:
            return literal, Relaxed(q, mode="fragment", all_words_matched=0)
    return found, None


def _fallbacks(
    gen: TantivyGeneration, searcher, req: SearchRequest, parsed: TQuery, analysis: Analysis
) -> tuple[TQuery, dict[int, float], Relaxed | None]:
    """Nothing matched every word: without the word no document has (short queries), else
    any of the content words (a question tried those first); each once, as Whoosh does."""
    if dropped := _without_rarest(searcher, req, parsed):
        word, new_q = dropped
        new = parse(new_q, gen.index.schema, analysis.user_dict, analysis.synonyms, gen.columns)
        fewer = _scores(gen, searcher, new.query, new)
        if fewer:
            return new, fewer, Relaxed(new_q, word, all_words_matched=0)
    if parsed.any_words is not None and not parsed.question:
        anyw = _scores(gen, searcher, parsed.any_words, parsed)
        if anyw:
            words = " OR ".join(parsed.content_words)
            return parsed, anyw, Relaxed(words, mode="any", all_words_matched=0)
    return parsed, {}, None


def _scores(gen: TantivyGeneration, searcher, q: tantivy.Query, parsed: TQuery) -> dict[int, float]:
    n = searcher.num_docs
    if n == 0:
        return {}
    hits = searcher.search(q, limit=n, count=False).hits
    if not hits:
        return {}
    ords = searcher.fast_field_values("ord", [a for _, a in hits])
    out = {o: float(s) for (s, _), o in zip(hits, ords, strict=True)}
    keep = _dated(gen.columns, parsed)
    return out if keep is None else {o: s for o, s in out.items() if keep(o)}


def _without_rarest(searcher, req: SearchRequest, parsed: TQuery) -> tuple[str, str] | None:
    """Nothing matched: drop the word no document has from a short query (``searching``'s
    rule, this index's document counts)."""
    if len(parsed.content_words) > 3:
        return None
    return without_rarest(
        req.q,
        parsed.terms,
        parsed.doc_numbers,
        lambda t: searcher.doc_freq("body", t) + searcher.doc_freq("title", t),
    )


def _dated(columns: dict[str, list[str]], parsed: TQuery) -> Callable[[int], bool] | None:
    """Year and date ranges of the query, strict, from the columns."""
    if not parsed.years and not parsed.dates:
        return None
    years, dates = columns["year"], columns["date"]

    def keep(o: int) -> bool:
        ok_y = all(a <= years[o] <= b for a, b in parsed.years) if years[o] else not parsed.years
        ok_d = all(a <= dates[o] <= b for a, b in parsed.dates) if dates[o] else not parsed.dates
        return ok_y and ok_d

    return keep


def _page(
    order: Order,
    allowed: set[int],
    scored: dict[int, float] | None,
    by_date: bool,
    start: int,
    stop: int,
) -> list[tuple[int, float]]:
    """Ords ``start``–``stop`` of the total order, with scores (browsing: newest first)."""
    newest, day, s = order.newest, order.day, scored or {}
    if scored is None:
        key: Callable = newest.__getitem__
    elif by_date:
        key = lambda o: (day[o], -s.get(o, 0.0), newest[o])  # noqa: E731
    else:
        key = lambda o: (-s.get(o, 0.0), newest[o])  # noqa: E731
    top = heapq.nsmallest(stop, allowed, key=key)
    return [(o, s.get(o, 0.0)) for o in top[start:stop]]


def _hit(gen: TantivyGeneration, searcher, o: int, score: float, terms: list[str]) -> Hit:
    """One hit, its snippet and title marked from the stored text (engine-neutral)."""
    doc = load_record(searcher.doc(gen.addrs[o])["record"][0])
    return Hit(doc, score, snippets.snippet(doc.body, terms), snippets.mark(doc.title, terms))
