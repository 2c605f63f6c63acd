"""One search on a tantivy generation: match, filter + facets, one total order, one page.

tantivy scores every matching document (BM25 over our tokens), filters them and counts their
facets (``tantivy_facets``), and cuts the page from its own top k, ties ordered as Whoosh
orders them (score, then 成文日期 newest first, then document id: ``tantivy_page``), so pages
never skip or repeat and no search carries every match into Python. A query that requires
every word and finds nothing is ranked by any of its words instead (``Relaxed`` mode "any"),
as the Whoosh engine does; a question is ranked that way first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import tantivy

from ..config import Analysis
from ..models import Hit, Relaxed, SearchPage, SearchRequest, Timing
from . import snippets
from .readers import Generation
from .searching import without_rarest
from .tantivy_facets import Probe, day_ranges, restrict
from .tantivy_page import by_day, by_score
from .tantivy_query import TQuery, parse
from .tantivy_schema import load_record


@dataclass
class TantivyGeneration(Generation):
    """A Whoosh ``Generation``'s slots, plus each ord's DocAddress (read once)."""

    addrs: list = field(default_factory=list)
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # live ords
    sizes: dict[str, int] = field(default_factory=dict)  # values per facet (tantivy_facets)


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
    schema = gen.index.schema
    probe = Probe(searcher, schema, req.filters, gen.sizes, facet_limit)
    parsed, matched, relaxed = _matched(gen, probe, req, analysis, timing)
    t = time.perf_counter()
    base = tantivy.Query.all_query() if matched is None else matched
    facets = probe.facets(base)
    timing.ms["facets"], t = (time.perf_counter() - t) * 1000, time.perf_counter()
    start = (req.page - 1) * req.size
    stop = start + req.size
    kept = restrict(base, probe.filters.values())
    if matched is not None and req.sort != "date":
        top, total = by_score(searcher, kept, gen.order.newest, start, stop)
    else:
        top, total = by_day(searcher, schema, kept, gen.order, start, stop, matched is not None)
    timing.ms["rank"], t = (time.perf_counter() - t) * 1000, time.perf_counter()
    terms = parsed.terms if parsed is not None else []
    hits = [_hit(searcher, addr, score, terms) for _, score, addr in top]
    if req.explain:  # staff's "why is this first?": tantivy gives the score, not its parts yet
        for h in hits:
            h.explain = {"engine": "tantivy", "score": h.score, "parts": "not available yet"}
    timing.ms["snippets"] = (time.perf_counter() - t) * 1000
    timing.total = (time.perf_counter() - started) * 1000
    return SearchPage(req, total, hits, facets, relaxed=relaxed, timing=timing)


def total(gen: TantivyGeneration, req: SearchRequest, analysis: Analysis) -> int:
    """How many documents ``req`` finds, its filters applied (no page, no facets)."""
    searcher = gen.index.searcher()
    probe = Probe(searcher, gen.index.schema, req.filters, gen.sizes, None)
    _, matched, _ = _matched(gen, probe, req, analysis, Timing())
    base = tantivy.Query.all_query() if matched is None else matched
    return _count(searcher, restrict(base, probe.filters.values()))


def _matched(gen: TantivyGeneration, probe: Probe, req: SearchRequest, analysis: Analysis, timing):
    """(parsed query, the query that decides the matches or None when browsing, Relaxed),
    with the fallbacks."""
    started = time.perf_counter()
    parsed = None
    if req.q.strip():
        parsed = parse(req.q, gen.index.schema, analysis.user_dict, analysis.synonyms, gen.columns)
    t = time.perf_counter()
    timing.ms["parse"] = (t - started) * 1000
    matched, relaxed = _match(gen, probe, parsed, req.q)
    if parsed is not None and matched is None:
        parsed, matched, relaxed = _fallbacks(gen, probe, req, parsed, analysis)
    timing.passes = 1 if parsed is not None else 0
    timing.ms["match"] = (time.perf_counter() - t) * 1000
    return parsed, matched, relaxed


def _match(
    gen: TantivyGeneration, probe: Probe, parsed: TQuery | None, q: str
) -> tuple[tantivy.Query | None, Relaxed | None]:
    """The query that matches (within the typed years and dates), None when nothing does;
    browsing (no query) also gives None, told apart by ``parsed``."""
    if parsed is None:
        return None, None
    if parsed.question and parsed.any_words is not None:
        found = _found(gen, probe, parsed.any_words, parsed)
        if found is not None:
            return found, None
    found = _found(gen, probe, parsed.query, parsed)
    if found is None and parsed.fragment is not None:
        literal = _found(gen, probe, parsed.fragment, parsed)
        if literal is not None:
            return literal, Relaxed(q, mode="fragment", all_words_matched=0)
    return found, None


def _fallbacks(
    gen: TantivyGeneration, probe: Probe, req: SearchRequest, parsed: TQuery, analysis: Analysis
) -> tuple[TQuery, tantivy.Query, Relaxed | None]:
    """Nothing matched every word: without the word no document has (short queries), else
    any of the content words (a question tried those first); each once, as Whoosh does."""
    if dropped := _without_rarest(probe.searcher, req, parsed):
        word, new_q = dropped
        new = parse(new_q, gen.index.schema, analysis.user_dict, analysis.synonyms, gen.columns)
        fewer = _found(gen, probe, new.query, new)
        if fewer is not None:
            return new, fewer, Relaxed(new_q, word, all_words_matched=0)
    if parsed.any_words is not None and not parsed.question:
        anyw = _found(gen, probe, parsed.any_words, parsed)
        if anyw is not None:
            words = " OR ".join(parsed.content_words)
            return parsed, anyw, Relaxed(words, mode="any", all_words_matched=0)
    return parsed, tantivy.Query.empty_query(), None


def _found(gen: TantivyGeneration, probe: Probe, q: tantivy.Query, parsed: TQuery):
    """``q`` within the query's years and dates, if any document matches it, else None."""
    q = restrict(q, day_ranges(gen.index.schema, parsed.years, parsed.dates))
    return q if probe.matches(q) else None


def _count(searcher, q: tantivy.Query) -> int:
    return searcher.search(q, limit=1, count=True).count if searcher.num_docs else 0


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


def _hit(searcher, addr, score: float, terms: list[str]) -> Hit:
    """One hit, its snippet and title marked from the stored text (engine-neutral)."""
    doc = load_record(searcher.doc(addr)["record"][0])
    return Hit(doc, score, snippets.snippet(doc.body, terms), snippets.mark(doc.title, terms))
